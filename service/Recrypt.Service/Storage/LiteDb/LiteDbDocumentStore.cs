using LiteDB;
using Recrypt.Service.Audit;
using Recrypt.Service.Documents;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary>
/// <see cref="IDocumentStore"/> on LiteDB: the <c>documents</c> collection. Reads go straight to the database; every write is one single-document
/// operation run by the <see cref="DatabaseWriter"/>.
/// </summary>
internal sealed class LiteDbDocumentStore : IDocumentStore
{
    /// <summary>The collection (also read by <c>migrate</c>).</summary>
    internal const string CollectionName = "documents";

    private readonly DatabaseWriter _writer;
    private readonly ILiteCollection<DocumentRecord> _documents;

    public LiteDbDocumentStore(DatabaseWriter writer)
    {
        _writer = writer;
        _documents = writer.Database.GetCollection<DocumentRecord>(CollectionName);
        writer.Write(database => database.GetCollection<DocumentRecord>(CollectionName).EnsureIndex(document => document.OwnerId));
    }

    public void Add(DocumentRecord document, AuditEvent audit) => _writer.WriteAll(database =>
    {
        database.GetCollection<DocumentRecord>(CollectionName).Insert(document);
        return LiteDbAuditStore.Append(database, audit);
    });

    public DocumentRecord? Find(string id) => _documents.FindById(id);

    /// <remarks>
    /// A checkpoint follows the committed change, so that the old value leaves the write-ahead log at once: after
    /// a key rotation no copy of a value encrypted to the superseded key stays in the database's files. (A
    /// checkpoint cannot run inside a transaction, so it is a write of its own.)
    /// </remarks>
    public bool Update(DocumentRecord document, AuditEvent audit)
    {
        var updated = _writer.WriteAll(database =>
        {
            var changed = database.GetCollection<DocumentRecord>(CollectionName).Update(document);
            if (changed)
            {
                LiteDbAuditStore.Append(database, audit);
            }
            return changed;
        });
        _writer.Write(database =>
        {
            database.Checkpoint();
            return true;
        });
        return updated;
    }

    public IReadOnlyList<DocumentRecord> ListByOwner(string ownerId) =>
        [.. _documents.Find(document => document.OwnerId == ownerId).OrderBy(document => document.CreatedAt).ThenBy(document => document.Id, StringComparer.Ordinal)];

    public bool Delete(string id, AuditEvent audit) => _writer.WriteAll(database =>
    {
        var deleted = database.GetCollection<DocumentRecord>(CollectionName).Delete(id);
        if (deleted)
        {
            LiteDbAuditStore.Append(database, audit);
        }
        return deleted;
    });
}
