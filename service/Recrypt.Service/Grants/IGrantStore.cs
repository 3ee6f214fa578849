namespace Recrypt.Service.Grants;

/// <summary>
/// Grants: one per (owner, grantee) pair. The records handed in and out carry the transform key in clear;
/// every implementation seals it at rest with the <see cref="Storage.KeyEncryptionKeys"/>
/// (<see cref="GrantRecord.SealedCollection"/>, <see cref="GrantRecord.Id"/>).
/// </summary>
internal interface IGrantStore
{
    /// <summary>Stores <paramref name="grant"/> whole, replacing any grant between the same pair, atomically; <see langword="true"/> when there was none before.</summary>
    bool Upsert(GrantRecord grant);

    GrantRecord? Find(string ownerId, string granteeId);

    /// <summary>The owner's grants, oldest first (then by grantee id, ordinal).</summary>
    IReadOnlyList<GrantRecord> ListByOwner(string ownerId);

    /// <summary>Deletes the grant; <see langword="false"/> when there was none.</summary>
    bool Delete(string ownerId, string granteeId);
}
