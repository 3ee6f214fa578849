namespace Recrypt.Service.Scheme;

/// <summary>
/// The scheme operations the service does, for the deployment's curve (<c>Scheme:Curve</c>): checking the
/// public keys, encrypted values and transform keys it is sent, and transforming stored values for grantees.
/// Handlers see curve-neutral bytes and facts; only the two implementations name the curve's types, so an
/// Api480 deployment accepts only Api480 encodings (anything else fails to decode: a 400, never a 5xx).
/// </summary>
internal abstract class SchemeCurve(PreparedKeyCache preparedKeys)
{
    /// <summary>The deployment's curve.</summary>
    public abstract RecryptCurve Curve { get; }

    /// <summary>The size of a public key (x ‖ y) on this curve.</summary>
    public abstract int PublicKeySize { get; }

    /// <summary>The answer to a public key that is not one of this curve's.</summary>
    public string PublicKeyForm => $"publicKey must be {PublicKeySize} bytes (x ‖ y) in base64, a point on the {Curve} curve (this service's Scheme:Curve).";

    /// <summary>The canonical encoding of the public key <paramref name="bytes"/> encodes on this curve, or <see langword="null"/>.</summary>
    public byte[]? ReadPublicKey(byte[]? bytes) => bytes is not null && bytes.Length == PublicKeySize ? CanonicalPublicKey(bytes) : null;

    /// <summary>The encrypted value <paramref name="bytes"/> encodes on this curve, or <see langword="null"/>.</summary>
    public abstract SchemeValue? ReadEncryptedValue(byte[]? bytes);

    /// <summary>The transform key <paramref name="bytes"/> encodes on this curve, or <see langword="null"/>.</summary>
    public abstract SchemeTransformKey? ReadTransformKey(byte[]? bytes);

    /// <summary>
    /// Transforms the encoded <paramref name="encryptedValue"/> with the encoded <paramref name="transformKey"/>, which
    /// is decoded and checked once per instance (<see cref="PreparedKeyCache"/>) and then kept for the next fetches.
    /// </summary>
    public byte[] Transform(byte[] encryptedValue, byte[] transformKey, SigningKeyPair signingKeyPair) =>
        Transform(encryptedValue, preparedKeys.Get(transformKey, Prepare), signingKeyPair);

    /// <summary>Decodes and checks an encoded transform key of this curve.</summary>
    protected abstract PreparedTransformKey Prepare(byte[] transformKey);

    protected abstract byte[] Transform(byte[] encryptedValue, PreparedTransformKey transformKey, SigningKeyPair signingKeyPair);

    /// <summary>The answer to an encrypted value that is not one of this curve's.</summary>
    public string EncryptedValueForm(string field) => $"{field} is not the canonical encoding of an {Curve} encrypted value (this service's Scheme:Curve).";

    /// <summary>The answer to a transform key that is not one of this curve's.</summary>
    public string TransformKeyForm(string field) => $"{field} is not the canonical encoding of an {Curve} transform key (this service's Scheme:Curve).";

    protected abstract byte[]? CanonicalPublicKey(byte[] bytes);
}

/// <summary>What the service checks of an encrypted value: its canonical encoding, whether it was transformed, its signature and signer.</summary>
internal sealed record SchemeValue(byte[] Encoding, bool Transformed, bool SignatureVerifies, PublicSigningKey Signer);

/// <summary>What the service checks of a transform key: its canonical encoding, its signature and signer, and the public key it transforms to.</summary>
internal sealed record SchemeTransformKey(byte[] Encoding, bool SignatureVerifies, PublicSigningKey Signer, byte[] ToPublicKey)
{
    /// <summary>Whether the key transforms to the encoded public key <paramref name="publicKey"/> (public keys are stored canonical).</summary>
    public bool TransformsTo(byte[] publicKey) => ToPublicKey.AsSpan().SequenceEqual(publicKey);
}
