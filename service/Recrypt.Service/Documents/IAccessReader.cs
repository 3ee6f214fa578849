using Recrypt.Service.Grants;
using Recrypt.Service.Groups;

namespace Recrypt.Service.Documents;

/// <summary>
/// Reads what a fetch of a document key is decided on (<see cref="DocumentAccess"/>): the document key, the caller's
/// grant from its owner and the caller's paths to the owner through groups. One call, so that a store over a database
/// answers in one round trip and no thread waits for it.
/// </summary>
internal interface IAccessReader
{
    /// <summary>The rows for <paramref name="callerId"/> fetching <paramref name="documentId"/>; null when there is no such document key.</summary>
    ValueTask<AccessRows?> ReadAsync(string documentId, string callerId);
}

/// <summary>
/// A document key, and the ways <see cref="DocumentAccess"/> may find from its owner to a caller: the owner's direct
/// grant to the caller (if any) and every owner → group → caller path (the owner's grant to a group the caller is a
/// member of), as stored.
/// </summary>
internal sealed record AccessRows(DocumentRecord Document, GrantRecord? Grant, IReadOnlyList<GroupPath> Paths);

/// <summary>
/// <see cref="IAccessReader"/> through the stores, one after another: for a provider in the service's own process
/// (LiteDB), where there is no round trip to save. The owner's own fetch reads nothing more than the document key.
/// </summary>
internal sealed class StoreAccessReader(IDocumentStore documents, IGrantStore grants, IGroupStore groups) : IAccessReader
{
    public ValueTask<AccessRows?> ReadAsync(string documentId, string callerId)
    {
        var document = documents.Find(documentId);
        AccessRows? rows = document is null ? null
            : document.OwnerId == callerId ? new AccessRows(document, null, [])
            : new AccessRows(document, grants.Find(document.OwnerId, callerId), groups.FindPaths(document.OwnerId, callerId));
        return new(rows);
    }
}
