using Recrypt.Service.Compatibility;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>The seed compatibility mode's identities, grants (transform keys sealed again) and keys.</summary>
internal sealed class SeedCopier : IStoreCopier
{
    public Type Store => typeof(ISeedStore);

    public IReadOnlyList<string> Tables { get; } = ["seed_identities", "seed_grants", "seed_keys"];

    public string What => "seed-mode records";

    public long Copy(StoreCopy copy)
    {
        long count = 0;
        foreach (var identity in copy.Source.GetCollection<SeedIdentityRecord>(LiteDbSeedStore.IdentitiesName).FindAll())
        {
            count += copy.Insert(PostgreSqlSeedStore.IdentityInsertSql, PostgreSqlSeedStore.Values(identity));
        }
        foreach (var grant in copy.Source.GetCollection<SeedGrantRecord>(LiteDbSeedStore.GrantsName).FindAll())
        {
            var sealedKey = copy.Reseal(grant.TransformKey, SeedGrantRecord.SealedCollection, grant.Id);
            count += copy.Insert(PostgreSqlSeedStore.GrantInsertSql, PostgreSqlSeedStore.Values(grant, sealedKey));
        }
        foreach (var key in copy.Source.GetCollection<SeedKeyRecord>(LiteDbSeedStore.KeysName).FindAll())
        {
            count += copy.Insert(PostgreSqlSeedStore.KeyInsertSql, PostgreSqlSeedStore.Values(key));
        }
        return count;
    }
}
