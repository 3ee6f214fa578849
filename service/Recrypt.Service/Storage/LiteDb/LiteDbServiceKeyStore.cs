using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary><see cref="IServiceKeyStore"/> on LiteDB: the <c>service</c> collection.</summary>
internal sealed class LiteDbServiceKeyStore(DatabaseWriter writer) : IServiceKeyStore
{
    public (ServiceKeyRecord Record, bool Created) GetOrCreate(Func<ServiceKeyRecord> create) => writer.Write(database =>
    {
        // One write: should the file be fresh, the key is generated and stored under the writer, so two
        // starts can never store two keys.
        var records = database.GetCollection<ServiceKeyRecord>(SealedValues.ServiceCollection);
        if (records.FindById(ServiceKeyRecord.SigningKeyId) is { } existing)
        {
            return (existing, false);
        }
        var created = create();
        records.Insert(created);
        return (created, true);
    });
}
