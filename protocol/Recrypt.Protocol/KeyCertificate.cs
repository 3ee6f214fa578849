using System.Globalization;
using System.Text;

namespace Recrypt.Protocol;

/// <summary>
/// A key certificate: the identity's Ed25519 signature that makes one recrypt public key its key of one
/// version. Only the holder of the identity's signing key can make one, so a client that checks it
/// needs to trust nobody but the id it holds: a service (or anyone on the path) that hands out another
/// key, another identity's certificate, or a certificate of another version is caught.
/// </summary>
/// <remarks>
/// The signed message is this UTF-8 string, with <c>\n</c> between lines and no trailing newline:
/// <code>
/// recrypt-key-certificate-v1
/// &lt;identity id, 32 lowercase hex digits&gt;
/// &lt;key version, decimal, from 1&gt;
/// &lt;lowercase hex of the recrypt public key, x ‖ y, 128 digits&gt;
/// </code>
/// </remarks>
public static class KeyCertificate
{
    /// <summary>The first line of the signed message: the domain separation tag.</summary>
    public const string Tag = "recrypt-key-certificate-v1";

    /// <summary>The first key version of every identity.</summary>
    public const int FirstVersion = 1;

    /// <summary>The size of a certificate: one Ed25519 signature.</summary>
    public const int Size = TransformEncryption.Ed25519SignatureSize;

    /// <summary>The message an identity signs to certify <paramref name="publicKey"/> as its key of <paramref name="version"/>.</summary>
    /// <param name="identityId">The identity's id.</param>
    /// <param name="version">The key version, at least <see cref="FirstVersion"/>.</param>
    /// <param name="publicKey">The recrypt public key.</param>
    /// <returns>The message's bytes.</returns>
    public static byte[] Message(string identityId, int version, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return Message(identityId, version, publicKey.Export());
    }

    /// <summary>The message an identity signs to certify the Api480 <paramref name="publicKey"/> as its key of <paramref name="version"/>.</summary>
    /// <param name="identityId">The identity's id.</param>
    /// <param name="version">The key version, at least <see cref="FirstVersion"/>.</param>
    /// <param name="publicKey">The recrypt public key.</param>
    /// <returns>The message's bytes.</returns>
    public static byte[] Message(string identityId, int version, PublicKey480 publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return Message(identityId, version, publicKey.Export());
    }

    /// <summary>The message an identity signs to certify the encoded public key <paramref name="publicKey"/> (of either curve) as its key of <paramref name="version"/>.</summary>
    /// <param name="identityId">The identity's id.</param>
    /// <param name="version">The key version, at least <see cref="FirstVersion"/>.</param>
    /// <param name="publicKey">The recrypt public key's encoding (x ‖ y).</param>
    /// <returns>The message's bytes.</returns>
    public static byte[] Message(string identityId, int version, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(identityId);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, FirstVersion);
        return Encoding.UTF8.GetBytes(string.Join('\n',
            Tag,
            identityId,
            version.ToString(CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(publicKey)));
    }

    /// <summary>Certifies <paramref name="publicKey"/> as the key of <paramref name="version"/> of the identity of <paramref name="signingKeyPair"/>.</summary>
    /// <param name="recrypt">Makes the signature.</param>
    /// <param name="signingKeyPair">The identity's signing key pair.</param>
    /// <param name="version">The key version.</param>
    /// <param name="publicKey">The recrypt public key.</param>
    /// <returns>The certificate (<see cref="Size"/> bytes).</returns>
    public static byte[] Sign(TransformEncryption recrypt, SigningKeyPair signingKeyPair, int version, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        return recrypt.Ed25519Sign(signingKeyPair, Message(IdentityId.FromSigningKey(signingKeyPair.PublicKey), version, publicKey));
    }

    /// <summary>Certifies the Api480 <paramref name="publicKey"/> as the key of <paramref name="version"/> of the identity of <paramref name="signingKeyPair"/>.</summary>
    /// <param name="recrypt">Makes the signature.</param>
    /// <param name="signingKeyPair">The identity's signing key pair.</param>
    /// <param name="version">The key version.</param>
    /// <param name="publicKey">The recrypt public key.</param>
    /// <returns>The certificate (<see cref="Size"/> bytes).</returns>
    public static byte[] Sign(TransformEncryption recrypt, SigningKeyPair signingKeyPair, int version, PublicKey480 publicKey)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        return recrypt.Ed25519Sign(signingKeyPair, Message(IdentityId.FromSigningKey(signingKeyPair.PublicKey), version, publicKey));
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> certifies <paramref name="publicKey"/> as the key of
    /// <paramref name="version"/> of the identity <paramref name="identityId"/>, whose signing key is
    /// <paramref name="signingPublicKey"/>. Also checks that the id is that signing key's.
    /// </summary>
    /// <param name="recrypt">Verifies the signature.</param>
    /// <param name="identityId">The id the caller holds.</param>
    /// <param name="signingPublicKey">The identity's signing public key.</param>
    /// <param name="version">The key version.</param>
    /// <param name="publicKey">The recrypt public key.</param>
    /// <param name="certificate">The certificate.</param>
    /// <returns><see langword="true"/> when everything holds.</returns>
    public static bool Verify(
        TransformEncryption recrypt, string identityId, PublicSigningKey signingPublicKey, int version, PublicKey publicKey, ReadOnlySpan<byte> certificate)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(identityId);
        ArgumentNullException.ThrowIfNull(signingPublicKey);
        ArgumentNullException.ThrowIfNull(publicKey);
        return Verify(recrypt, identityId, signingPublicKey, version, publicKey.Export(), certificate);
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> certifies the encoded public key <paramref name="publicKey"/> (of either
    /// curve) as the key of <paramref name="version"/> of the identity <paramref name="identityId"/>, whose signing key
    /// is <paramref name="signingPublicKey"/>. Also checks that the id is that signing key's.
    /// </summary>
    /// <param name="recrypt">Verifies the signature.</param>
    /// <param name="identityId">The id the caller holds.</param>
    /// <param name="signingPublicKey">The identity's signing public key.</param>
    /// <param name="version">The key version.</param>
    /// <param name="publicKey">The recrypt public key's encoding (x ‖ y).</param>
    /// <param name="certificate">The certificate.</param>
    /// <returns><see langword="true"/> when everything holds.</returns>
    public static bool Verify(
        TransformEncryption recrypt, string identityId, PublicSigningKey signingPublicKey, int version, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> certificate)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(identityId);
        ArgumentNullException.ThrowIfNull(signingPublicKey);
        return version >= FirstVersion
            && certificate.Length == Size
            && IdentityId.FromSigningKey(signingPublicKey) == identityId
            && recrypt.Ed25519Verify(signingPublicKey, Message(identityId, version, publicKey), certificate);
    }
}
