using System.Collections.Concurrent;

namespace Recrypt.Service.Auth;

/// <summary>
/// The signing public keys of the identities that signed requests lately. An identity's id is derived from its signing
/// key (<see cref="Protocol.IdentityId"/>), so the key an id names never changes: a remembered key is always right,
/// and a request can be checked with it before anything is read, which lets the nonce and the identity be read in one
/// round trip (<see cref="INonceStore.TryUseAndFind"/>). Bounded: past <see cref="Capacity"/> keys it starts afresh.
/// </summary>
internal sealed class SigningKeyCache
{
    /// <summary>The most keys kept.</summary>
    public const int Capacity = 65_536;

    private readonly ConcurrentDictionary<string, PublicSigningKey> _keys = new(StringComparer.Ordinal);

    public bool TryGet(string identityId, out PublicSigningKey signingKey) => _keys.TryGetValue(identityId, out signingKey!);

    public void Remember(string identityId, PublicSigningKey signingKey)
    {
        if (_keys.Count >= Capacity)
        {
            _keys.Clear();
        }
        _keys[identityId] = signingKey;
    }
}
