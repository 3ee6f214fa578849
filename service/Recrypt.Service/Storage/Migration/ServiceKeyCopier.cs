using Recrypt.Service.ServiceInfo;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>
/// The service's signing key, sealed again with the target's key-encryption key: the PostgreSQL instances
/// sign with the key clients already know (<c>GET /service</c> does not change).
/// </summary>
internal sealed class ServiceKeyCopier : IStoreCopier
{
    public Type Store => typeof(IServiceKeyStore);

    public IReadOnlyList<string> Tables { get; } = ["service_keys"];

    public string What => "service signing keys";

    public long Copy(StoreCopy copy)
    {
        if (copy.Source.GetCollection<ServiceKeyRecord>(SealedValues.ServiceCollection).FindById(ServiceKeyRecord.SigningKeyId) is not { } record)
        {
            return 0; // A service that never started: the first PostgreSQL instance makes one.
        }
        record.SigningKeyPair = copy.Reseal(record.SigningKeyPair, SealedValues.ServiceCollection, record.Id);
        return copy.Insert(PostgreSqlServiceKeyStore.InsertSql, PostgreSqlServiceKeyStore.Values(record));
    }
}
