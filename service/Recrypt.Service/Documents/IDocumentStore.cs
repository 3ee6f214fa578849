using Recrypt.Service.Audit;

namespace Recrypt.Service.Documents;

/// <summary>Document keys. Each write is atomic, and appends its <see cref="AuditEvent"/> to the audit trail in the same transaction when it happens.</summary>
internal interface IDocumentStore
{
    void Add(DocumentRecord document, AuditEvent audit);

    DocumentRecord? Find(string id);

    /// <summary>Replaces the stored document key whole; <see langword="false"/> when there was none.</summary>
    bool Update(DocumentRecord document, AuditEvent audit);

    /// <summary>The owner's document keys, oldest first (then by id, ordinal).</summary>
    IReadOnlyList<DocumentRecord> ListByOwner(string ownerId);

    /// <summary>Deletes the document key; <see langword="false"/> when there was none.</summary>
    bool Delete(string id, AuditEvent audit);
}
