using Recrypt.Service.Grants;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>Grants, each transform key sealed again with the target's key-encryption key.</summary>
internal sealed class GrantCopier : IStoreCopier
{
    public Type Store => typeof(IGrantStore);

    public IReadOnlyList<string> Tables { get; } = ["grants"];

    public string What => "grants";

    public long Copy(StoreCopy copy)
    {
        long count = 0;
        foreach (var grant in copy.Source.GetCollection<GrantRecord>(LiteDbGrantStore.CollectionName).FindAll())
        {
            var sealedKey = copy.Reseal(grant.TransformKey, GrantRecord.SealedCollection, grant.Id);
            count += copy.Insert(PostgreSqlGrantStore.InsertSql, PostgreSqlGrantStore.Values(grant, sealedKey));
        }
        return count;
    }
}
