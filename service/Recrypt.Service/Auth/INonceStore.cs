using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Recrypt.Service.Auth;

/// <summary>
/// The nonces each identity has spent, each kept until its request's timestamp can no longer be accepted:
/// each (identity, nonce) pair is accepted once, by every instance of the service that shares the store.
/// </summary>
internal interface INonceStore
{
    /// <summary>
    /// Records that <paramref name="identityId"/> used <paramref name="nonce"/>, until
    /// <paramref name="expiresAt"/>; <see langword="false"/> when it had already used it. Returns once the
    /// record would survive the process being killed: a request is never acted on before.
    /// </summary>
    bool TryUse(string identityId, string nonce, DateTimeOffset expiresAt);

    /// <summary>
    /// <see cref="TryUse"/>, and the identity as <paramref name="identities"/> holds it (null when it holds none), for a
    /// request whose signature has already been checked with the identity's known signing key: a store over a
    /// database answers both in one round trip.
    /// </summary>
    (bool Fresh, Identities.IdentityRecord? Identity) TryUseAndFind(string identityId, string nonce, DateTimeOffset expiresAt, Identities.IIdentityStore identities) =>
        (TryUse(identityId, nonce, expiresAt), identities.Find(identityId));
}

/// <summary>How every nonce store names a spent nonce.</summary>
internal static class NonceKeys
{
    /// <summary>The 128-bit key of a pair: the first 16 bytes of SHA-256(identity id ‖ "\n" ‖ nonce).</summary>
    public static UInt128 KeyOf(string identityId, string nonce)
    {
        var pair = Encoding.UTF8.GetBytes(identityId + "\n" + nonce);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(pair, hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
