using Npgsql;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <see cref="IServiceKeyStore"/> on PostgreSQL: <c>service_keys</c>. Instances starting at once each offer a
/// key; the primary key lets exactly one in, and every instance then reads that one.
/// </summary>
internal sealed class PostgreSqlServiceKeyStore(NpgsqlDataSource dataSource) : IServiceKeyStore
{
    public (ServiceKeyRecord Record, bool Created) GetOrCreate(Func<ServiceKeyRecord> create)
    {
        if (Read() is { } existing)
        {
            return (existing, false);
        }
        var created = Sql.Execute(dataSource, InsertSql + " ON CONFLICT (id) DO NOTHING", Values(create())) == 1;
        return (Read() ?? throw new StorageException("The service's signing key vanished from the database while it was being created."), created);
    }

    /// <summary>The statement that stores the key (sealed), with <see cref="Values"/> (also run by <c>migrate</c>).</summary>
    internal const string InsertSql = "INSERT INTO service_keys (id, signing_key_pair, created_at) VALUES ($1, $2, $3)";

    internal static object?[] Values(ServiceKeyRecord record) => [record.Id, record.SigningKeyPair, record.CreatedAt];

    /// <summary>Whether the database holds the service's key (then a missing key-encryption key is an error, not a fresh start).</summary>
    public static bool Exists(NpgsqlDataSource dataSource) =>
        Sql.QuerySingle(dataSource, "SELECT to_regclass('service_keys') IS NOT NULL AND EXISTS (SELECT 1 FROM service_keys)", reader => reader.GetBoolean(0));

    private ServiceKeyRecord? Read() => Sql.QuerySingle(dataSource,
        "SELECT signing_key_pair, created_at FROM service_keys WHERE id = $1",
        reader => new ServiceKeyRecord { SigningKeyPair = reader.GetFieldValue<byte[]>(0), CreatedAt = reader.GetDateTime(1) },
        ServiceKeyRecord.SigningKeyId);
}
