using LiteDB;

namespace Recrypt.Service.Documents;

/// <summary>The <c>documents</c> collection. Every method is one single-document operation.</summary>
internal sealed class DocumentStore
{
    private readonly ILiteDatabase _database;
    private readonly ILiteCollection<DocumentRecord> _documents;

    public DocumentStore(ILiteDatabase database)
    {
        _database = database;
        _documents = database.GetCollection<DocumentRecord>("documents");
        _documents.EnsureIndex(document => document.OwnerId);
    }

    public void Add(DocumentRecord document) => _documents.Insert(document);

    public DocumentRecord? Find(string id) => _documents.FindById(id);

    /// <summary>Replaces the stored document key whole; <see langword="false"/> when there was none.</summary>
    public bool Update(DocumentRecord document)
    {
        var updated = _documents.Update(document);
        _database.Checkpoint();
        return updated;
    }

    /// <summary>The owner's document keys, oldest first.</summary>
    public IReadOnlyList<DocumentRecord> ListByOwner(string ownerId) =>
        [.. _documents.Find(document => document.OwnerId == ownerId).OrderBy(document => document.CreatedAt).ThenBy(document => document.Id, StringComparer.Ordinal)];

    /// <summary>Deletes the document key; <see langword="false"/> when there was none.</summary>
    public bool Delete(string id) => _documents.Delete(id);
}
