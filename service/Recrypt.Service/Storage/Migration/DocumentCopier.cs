using Recrypt.Service.Documents;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>Document keys, as uploaded (encrypted to their owners: nothing to seal again).</summary>
internal sealed class DocumentCopier : IStoreCopier
{
    public Type Store => typeof(IDocumentStore);

    public IReadOnlyList<string> Tables { get; } = ["documents"];

    public string What => "document keys";

    public long Copy(StoreCopy copy)
    {
        long count = 0;
        foreach (var document in copy.Source.GetCollection<DocumentRecord>(LiteDbDocumentStore.CollectionName).FindAll())
        {
            count += copy.Insert(PostgreSqlDocumentStore.InsertSql, PostgreSqlDocumentStore.Values(document));
        }
        return count;
    }
}
