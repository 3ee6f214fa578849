using LiteDB;
using Recrypt.Service.Audit;
using Recrypt.Service.Grants;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary>
/// <see cref="IGrantStore"/> on LiteDB: the <c>grants</c> collection. Reads go straight to the database; every write is one single-document
/// operation run by the <see cref="DatabaseWriter"/>. Transform keys are sealed at rest with the
/// <see cref="KeyEncryptionKeys"/>: the records handed in and out carry them in clear, the database never.
/// </summary>
internal sealed class LiteDbGrantStore : IGrantStore
{
    /// <summary>The collection (also read by <c>migrate</c>).</summary>
    internal const string CollectionName = GrantRecord.SealedCollection;

    private readonly DatabaseWriter _writer;
    private readonly KeyEncryptionKeys _keys;
    private readonly ILiteCollection<GrantRecord> _grants;

    public LiteDbGrantStore(DatabaseWriter writer, KeyEncryptionKeys keys)
    {
        _writer = writer;
        _keys = keys;
        _grants = writer.Database.GetCollection<GrantRecord>(CollectionName);
        writer.Write(database =>
        {
            var grants = database.GetCollection<GrantRecord>(CollectionName);
            grants.EnsureIndex(grant => grant.OwnerId);
            return grants.EnsureIndex(grant => grant.GranteeId);
        });
    }

    public (bool Created, AuditRecord Audit) Upsert(GrantRecord grant, AuditEvent audit)
    {
        var stored = Sealed(grant);
        return _writer.WriteAll(database =>
        {
            var created = database.GetCollection<GrantRecord>(CollectionName).Upsert(stored);
            return (created, LiteDbAuditStore.Append(database, audit));
        });
    }

    public GrantRecord? Find(string ownerId, string granteeId) => Opened(_grants.FindById(GrantRecord.IdOf(ownerId, granteeId)));

    public IReadOnlyList<GrantRecord> ListByOwner(string ownerId) =>
        [.. _grants.Find(grant => grant.OwnerId == ownerId)
            .OrderBy(grant => grant.CreatedAt).ThenBy(grant => grant.GranteeId, StringComparer.Ordinal)
            .Select(grant => Opened(grant)!)];

    public AuditRecord? Delete(string ownerId, string granteeId, AuditEvent audit) => _writer.WriteAll(database =>
        database.GetCollection<GrantRecord>(CollectionName).Delete(GrantRecord.IdOf(ownerId, granteeId))
            ? LiteDbAuditStore.Append(database, audit)
            : null);

    /// <summary>A copy of <paramref name="grant"/> (every field, whatever the record gains) with its transform key sealed.</summary>
    private GrantRecord Sealed(GrantRecord grant)
    {
        var stored = grant.Copy();
        stored.TransformKey = _keys.Seal(grant.TransformKey, CollectionName, grant.Id);
        return stored;
    }

    private GrantRecord? Opened(GrantRecord? stored)
    {
        if (stored is not null)
        {
            stored.TransformKey = _keys.Open(stored.TransformKey, CollectionName, stored.Id);
        }
        return stored;
    }
}
