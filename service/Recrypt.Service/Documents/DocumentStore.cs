using LiteDB;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Documents;

/// <summary>
/// The <c>documents</c> collection. Reads go straight to the database; every write is one single-document
/// operation run by the <see cref="DatabaseWriter"/>.
/// </summary>
internal sealed class DocumentStore
{
    private const string CollectionName = "documents";

    private readonly DatabaseWriter _writer;
    private readonly ILiteCollection<DocumentRecord> _documents;

    public DocumentStore(DatabaseWriter writer)
    {
        _writer = writer;
        _documents = writer.Database.GetCollection<DocumentRecord>(CollectionName);
        writer.Write(database => database.GetCollection<DocumentRecord>(CollectionName).EnsureIndex(document => document.OwnerId));
    }

    public void Add(DocumentRecord document) =>
        _writer.Write(database => database.GetCollection<DocumentRecord>(CollectionName).Insert(document));

    public DocumentRecord? Find(string id) => _documents.FindById(id);

    /// <summary>Replaces the stored document key whole; <see langword="false"/> when there was none.</summary>
    /// <remarks>
    /// A checkpoint follows, so that the old value leaves the write-ahead log at once: after a key rotation
    /// no copy of a value encrypted to the superseded key stays in the database's files.
    /// </remarks>
    public bool Update(DocumentRecord document) => _writer.Write(database =>
    {
        var updated = database.GetCollection<DocumentRecord>(CollectionName).Update(document);
        database.Checkpoint();
        return updated;
    });

    /// <summary>The owner's document keys, oldest first.</summary>
    public IReadOnlyList<DocumentRecord> ListByOwner(string ownerId) =>
        [.. _documents.Find(document => document.OwnerId == ownerId).OrderBy(document => document.CreatedAt).ThenBy(document => document.Id, StringComparer.Ordinal)];

    /// <summary>Deletes the document key; <see langword="false"/> when there was none.</summary>
    public bool Delete(string id) => _writer.Write(database => database.GetCollection<DocumentRecord>(CollectionName).Delete(id));
}
