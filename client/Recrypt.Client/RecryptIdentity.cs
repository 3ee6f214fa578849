using System.Security.Cryptography;

namespace Recrypt.Client;

/// <summary>How the service names identities.</summary>
public static class RecryptIdentity
{
    /// <summary>
    /// The id of the identity whose Ed25519 signing public key is <paramref name="signingPublicKey"/>: the
    /// lowercase hex of the first 16 bytes of its SHA-256 (32 hex digits). A client knows its id before it
    /// registers.
    /// </summary>
    /// <param name="signingPublicKey">The identity's signing public key.</param>
    /// <returns>32 lowercase hex digits.</returns>
    public static string ComputeId(PublicSigningKey signingPublicKey)
    {
        ArgumentNullException.ThrowIfNull(signingPublicKey);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(signingPublicKey.Export(), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
