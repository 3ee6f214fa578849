using Recrypt.Service.Audit;

namespace Recrypt.Service.Identities;

/// <summary>
/// Identities and every version of their recrypt public key. Each write is atomic: it happens whole or
/// not at all, and two concurrent writes of the same identity (on one service or on several over one
/// database) cannot both succeed where only one may. A write that happens appends its <see cref="AuditEvent"/>
/// to the audit trail in the same transaction.
/// </summary>
internal interface IIdentityStore
{
    /// <summary>Stores <paramref name="identity"/> with its key versions; <see langword="false"/> when its id is already taken.</summary>
    bool TryAdd(IdentityRecord identity, AuditEvent audit);

    /// <summary>The identity with every key version, oldest first; <see langword="null"/> when none is registered.</summary>
    IdentityRecord? Find(string id);

    /// <summary>
    /// Appends <paramref name="key"/> as the identity's next key version provided its version is exactly one
    /// more than the current one; otherwise returns the identity as it is, unchanged.
    /// </summary>
    (bool Added, IdentityRecord Identity) TryAddKeyVersion(string id, KeyVersionRecord key, AuditEvent audit);
}
