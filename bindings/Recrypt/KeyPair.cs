using System.Diagnostics;

namespace Recrypt;

/// <summary>
/// A key pair of the 256-bit scheme, from <see cref="TransformEncryption.GenerateKeyPair"/>: a
/// <see cref="Recrypt.PrivateKey"/> and its <see cref="Recrypt.PublicKey"/>. Dispose it (or its private
/// key) to zero the private key: <c>using var alice = recrypt.GenerateKeyPair();</c>.
/// </summary>
/// <remarks>
/// It deconstructs, <c>var (privateKey, publicKey) = recrypt.GenerateKeyPair();</c>, in which case the
/// caller disposes the private key. The pair and its private key are one object: disposing either zeroes
/// the key.
/// </remarks>
[DebuggerDisplay("KeyPair (public key {PublicKey})")]
public sealed class KeyPair : IDisposable, ICurveKeyPair<KeyPair, PrivateKey, PublicKey>
{
    internal KeyPair(PrivateKey privateKey, PublicKey publicKey)
    {
        PrivateKey = privateKey;
        PublicKey = publicKey;
    }

    static KeyPair ICurveKeyPair<KeyPair, PrivateKey, PublicKey>.Create(PrivateKey privateKey, PublicKey publicKey) => new(privateKey, publicKey);

    /// <summary>The private key, zeroed when the pair is disposed.</summary>
    public PrivateKey PrivateKey { get; }

    /// <summary>The public key of <see cref="PrivateKey"/>.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>The private and the public key, for <c>var (privateKey, publicKey) = pair;</c>.</summary>
    /// <param name="privateKey">The private key, which the pair still owns: disposing either zeroes it.</param>
    /// <param name="publicKey">The public key.</param>
    public void Deconstruct(out PrivateKey privateKey, out PublicKey publicKey)
    {
        privateKey = PrivateKey;
        publicKey = PublicKey;
    }

    /// <summary>Zeroes the private key. Calling it again does nothing.</summary>
    public void Dispose() => PrivateKey.Dispose();

    /// <summary>The type name and the public key; never the private key.</summary>
    /// <returns><c>KeyPair (public key </c>128 hex digits<c>)</c>.</returns>
    public override string ToString() => $"{nameof(KeyPair)} (public key {PublicKey})";
}
