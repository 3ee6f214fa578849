using Recrypt.Service.Audit;

namespace Recrypt.Service.Compatibility;

/// <summary>
/// The seed compatibility mode's identities, grants and keys, apart from the service's own. Transform keys
/// are sealed at rest with the <see cref="Storage.KeyEncryptionKeys"/> (<see cref="SeedGrantRecord.SealedCollection"/>).
/// Like the service's own stores, every write appends its <see cref="AuditEvent"/> to the audit trail in the
/// same transaction and returns the record.
/// </summary>
internal interface ISeedStore
{
    AuditRecord AddIdentity(SeedIdentityRecord identity, AuditEvent audit);

    SeedIdentityRecord? FindIdentity(string id);

    /// <summary>Stores the grant, replacing any between the same pair.</summary>
    AuditRecord PutGrant(SeedGrantRecord grant, AuditEvent audit);

    SeedGrantRecord? FindGrant(string ownerId, string granteeId);

    /// <summary>
    /// Deletes the grant if, at that moment, its signature is <paramref name="signatureHex"/> (atomically, so a
    /// grant replaced in between is never deleted by the old signature); <see langword="null"/> (and nothing
    /// recorded) when it did not.
    /// </summary>
    AuditRecord? DeleteGrantWithSignature(string ownerId, string granteeId, string signatureHex, AuditEvent audit);

    AuditRecord AddKey(SeedKeyRecord key, AuditEvent audit);

    SeedKeyRecord? FindKey(string id);
}
