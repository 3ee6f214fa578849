using System.Diagnostics;

namespace Recrypt;

/// <summary>
/// A key pair of the 480-bit scheme, from <see cref="TransformEncryption480.GenerateKeyPair"/>: a
/// <see cref="PrivateKey480"/> and its <see cref="PublicKey480"/>. Dispose it (or its private key) to
/// zero the private key; it deconstructs as <see cref="KeyPair"/> does.
/// </summary>
[DebuggerDisplay("KeyPair480 (public key {PublicKey})")]
public sealed class KeyPair480 : IDisposable, ICurveKeyPair<KeyPair480, PrivateKey480, PublicKey480>
{
    private KeyPair480(PrivateKey480 privateKey, PublicKey480 publicKey)
    {
        PrivateKey = privateKey;
        PublicKey = publicKey;
    }

    static KeyPair480 ICurveKeyPair<KeyPair480, PrivateKey480, PublicKey480>.Create(PrivateKey480 privateKey, PublicKey480 publicKey) =>
        new(privateKey, publicKey);

    /// <summary>The private key, zeroed when the pair is disposed.</summary>
    public PrivateKey480 PrivateKey { get; }

    /// <summary>The public key of <see cref="PrivateKey"/>.</summary>
    public PublicKey480 PublicKey { get; }

    /// <summary>The private and the public key, for <c>var (privateKey, publicKey) = pair;</c>.</summary>
    /// <param name="privateKey">The private key, which the pair still owns: disposing either zeroes it.</param>
    /// <param name="publicKey">The public key.</param>
    public void Deconstruct(out PrivateKey480 privateKey, out PublicKey480 publicKey)
    {
        privateKey = PrivateKey;
        publicKey = PublicKey;
    }

    /// <summary>Zeroes the private key. Calling it again does nothing.</summary>
    public void Dispose() => PrivateKey.Dispose();

    /// <summary>The type name and the public key; never the private key.</summary>
    /// <returns><c>KeyPair480 (public key </c>240 hex digits<c>)</c>.</returns>
    public override string ToString() => $"{nameof(KeyPair480)} (public key {PublicKey})";
}
