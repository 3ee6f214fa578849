namespace Recrypt;

// What the shared, curve-generic code needs of each curve's public types. The public types implement
// these explicitly, so that none of it shows in the public API.

/// <summary>A private key or a plaintext: a secret of the curve's size.</summary>
internal interface ICurveSecret<TSelf>
    where TSelf : ICurveSecret<TSelf>
{
    /// <summary>A zeroed secret for an engine to fill.</summary>
    static abstract TSelf Allocate();

    SecretBytes Secret { get; }
}

/// <summary>A public key of the curve, always canonical.</summary>
internal interface ICurvePublicKey<TSelf>
    where TSelf : ICurvePublicKey<TSelf>
{
    /// <summary>Wraps bytes that an engine wrote or canonicalized.</summary>
    static abstract TSelf FromCanonical(byte[] canonical);

    ReadOnlySpan<byte> Bytes { get; }
}

/// <summary>An encrypted value or a transform key of the curve, held in its canonical encoding.</summary>
internal interface ICurveEncoded<TSelf>
    where TSelf : ICurveEncoded<TSelf>
{
    /// <summary>A value that an engine has just encoded and signed.</summary>
    static abstract TSelf FromEngine(byte[] encoding);

    /// <summary>A value that decodes, with whether its signature verifies.</summary>
    static abstract TSelf FromDecoded(byte[] encoding, bool signatureIsValid);

    /// <summary>The engine's check of an encoding of this kind: null when it decodes, with whether its signature verifies.</summary>
    static abstract RecryptException? Verify(Engines.IRecryptEngine engine, ReadOnlySpan<byte> encoding, out bool signatureIsValid);

    ReadOnlySpan<byte> Encoding { get; }

    bool SignatureIsValid { get; }
}

/// <summary>A key pair of the curve.</summary>
internal interface ICurveKeyPair<TSelf, TPrivateKey, TPublicKey>
    where TSelf : ICurveKeyPair<TSelf, TPrivateKey, TPublicKey>
{
    static abstract TSelf Create(TPrivateKey privateKey, TPublicKey publicKey);
}
