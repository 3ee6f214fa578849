using LiteDB;
using Recrypt.Service.Audit;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary>
/// <see cref="IIdentityStore"/> on LiteDB: the <c>identities</c> collection, key versions inside each document. Reads go straight to the database; every write is one
/// single-document operation run by the <see cref="DatabaseWriter"/>.
/// </summary>
internal sealed class LiteDbIdentityStore : IIdentityStore
{
    /// <summary>The collection (also read by <c>migrate</c>).</summary>
    internal const string CollectionName = "identities";

    private readonly DatabaseWriter _writer;
    private readonly ILiteCollection<IdentityRecord> _identities;

    public LiteDbIdentityStore(DatabaseWriter writer)
    {
        _writer = writer;
        _identities = writer.Database.GetCollection<IdentityRecord>(CollectionName);
    }

    public bool TryAdd(IdentityRecord identity, AuditEvent audit) => _writer.WriteAll(database =>
    {
        var identities = database.GetCollection<IdentityRecord>(CollectionName);
        if (identities.FindById(identity.Id) is not null)
        {
            return false;
        }
        identities.Insert(identity);
        LiteDbAuditStore.Append(database, audit);
        return true;
    });

    public IdentityRecord? Find(string id) => _identities.FindById(id);

    public (bool Added, IdentityRecord Identity) TryAddKeyVersion(string id, KeyVersionRecord key, AuditEvent audit) => _writer.WriteAll(database =>
    {
        // The check and the update run on the one writer thread, so two rotations cannot both add a version.
        var identities = database.GetCollection<IdentityRecord>(CollectionName);
        var identity = identities.FindById(id) ?? throw new InvalidOperationException($"No identity {id}.");
        if (key.Version != identity.CurrentKey.Version + 1)
        {
            return (false, identity);
        }
        identity.Keys.Add(key);
        identities.Update(identity);
        LiteDbAuditStore.Append(database, audit);
        return (true, identity);
    });
}
