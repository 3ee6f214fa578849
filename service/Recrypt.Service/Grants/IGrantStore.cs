using Recrypt.Service.Audit;

namespace Recrypt.Service.Grants;

/// <summary>
/// Grants: one per (owner, grantee) pair. The records handed in and out carry the transform key in clear;
/// every implementation seals it at rest with the <see cref="Storage.KeyEncryptionKeys"/>
/// (<see cref="GrantRecord.SealedCollection"/>, <see cref="GrantRecord.Id"/>). Every write appends its
/// <see cref="AuditEvent"/> to the audit trail in the same transaction and returns the record.
/// </summary>
internal interface IGrantStore
{
    /// <summary>Stores <paramref name="grant"/> whole, replacing any grant between the same pair, atomically; <see langword="true"/> when there was none before.</summary>
    (bool Created, AuditRecord Audit) Upsert(GrantRecord grant, AuditEvent audit);

    GrantRecord? Find(string ownerId, string granteeId);

    /// <summary>The owner's grants, oldest first (then by grantee id, ordinal).</summary>
    IReadOnlyList<GrantRecord> ListByOwner(string ownerId);

    /// <summary>Deletes the grant; <see langword="null"/> (and nothing recorded) when there was none.</summary>
    AuditRecord? Delete(string ownerId, string granteeId, AuditEvent audit);
}
