using LiteDB;

namespace Recrypt.Service.Grants;

/// <summary>The <c>grants</c> collection. Every method is one single-document (or one query) operation.</summary>
internal sealed class GrantStore
{
    private readonly ILiteCollection<GrantRecord> _grants;

    public GrantStore(ILiteDatabase database)
    {
        _grants = database.GetCollection<GrantRecord>("grants");
        _grants.EnsureIndex(grant => grant.OwnerId);
        _grants.EnsureIndex(grant => grant.GranteeId);
    }

    /// <summary>
    /// Stores <paramref name="grant"/> whole, replacing any grant between the same pair, in one atomic
    /// write; <see langword="true"/> when there was none before.
    /// </summary>
    public bool Upsert(GrantRecord grant) => _grants.Upsert(grant);

    public GrantRecord? Find(string ownerId, string granteeId) => _grants.FindById(GrantRecord.IdOf(ownerId, granteeId));

    public IReadOnlyList<GrantRecord> ListByOwner(string ownerId) =>
        [.. _grants.Find(grant => grant.OwnerId == ownerId).OrderBy(grant => grant.CreatedAt).ThenBy(grant => grant.GranteeId, StringComparer.Ordinal)];

    /// <summary>Deletes the grant; <see langword="false"/> when there was none.</summary>
    public bool Delete(string ownerId, string granteeId) => _grants.Delete(GrantRecord.IdOf(ownerId, granteeId));
}
