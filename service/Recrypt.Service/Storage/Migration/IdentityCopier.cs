using Recrypt.Service.Identities;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>Identities with every key version: <c>identities</c> (LiteDB) to <c>identities</c> and <c>key_versions</c>.</summary>
internal sealed class IdentityCopier : IStoreCopier
{
    public Type Store => typeof(IIdentityStore);

    public IReadOnlyList<string> Tables { get; } = ["identities", "key_versions"];

    public string What => "identities";

    public long Copy(StoreCopy copy)
    {
        var transaction = copy.Target;
        long count = 0;
        foreach (var identity in copy.Source.GetCollection<IdentityRecord>(LiteDbIdentityStore.CollectionName).FindAll())
        {
            if (!PostgreSqlIdentityStore.Insert(transaction, identity))
            {
                throw new StorageException($"The identity {identity.Id} is in the source twice.");
            }
            count++;
        }
        return count;
    }
}
