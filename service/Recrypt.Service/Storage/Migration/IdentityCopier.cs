using Recrypt.Service.Identities;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>
/// Identities with every key version: <c>identities</c> (LiteDB) to <c>identities</c> and <c>key_versions</c>; and the
/// curve their keys are on (<see cref="DatabaseCurve"/>), from the <c>scheme</c> collection to the <c>scheme</c> table.
/// </summary>
internal sealed class IdentityCopier : IStoreCopier
{
    public Type Store => typeof(IIdentityStore);

    public IReadOnlyList<string> Tables { get; } = ["identities", "key_versions", DatabaseCurve.RecordName];

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
        // A source without a record that holds identities is Api256; one that holds none is left unrecorded.
        if ((LiteDbStorage.RecordedCurve(copy.Source) ?? (count > 0 ? RecryptCurve.Api256 : null)) is { } curve)
        {
            copy.Insert($"INSERT INTO {DatabaseCurve.RecordName} (curve) VALUES ($1)", [curve.ToString()]);
        }
        return count;
    }
}
