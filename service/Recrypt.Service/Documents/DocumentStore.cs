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

    /// <summary>Deletes the document key; <see langword="false"/> when there was none.</summary>
    public bool Delete(string id) => _writer.Write(database => database.GetCollection<DocumentRecord>(CollectionName).Delete(id));
}
