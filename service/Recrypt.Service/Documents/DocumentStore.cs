using LiteDB;

namespace Recrypt.Service.Documents;

/// <summary>The <c>documents</c> collection. Every method is one single-document operation.</summary>
internal sealed class DocumentStore
{
    private readonly ILiteCollection<DocumentRecord> _documents;

    public DocumentStore(ILiteDatabase database)
    {
        _documents = database.GetCollection<DocumentRecord>("documents");
        _documents.EnsureIndex(document => document.OwnerId);
    }

    public void Add(DocumentRecord document) => _documents.Insert(document);

    public DocumentRecord? Find(string id) => _documents.FindById(id);

    /// <summary>Deletes the document key; <see langword="false"/> when there was none.</summary>
    public bool Delete(string id) => _documents.Delete(id);
}
