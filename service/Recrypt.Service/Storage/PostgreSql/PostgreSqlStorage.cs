using Npgsql;
using Recrypt.Service.Audit;
using Recrypt.Service.Auth;
using Recrypt.Service.Compatibility;
using Recrypt.Service.Documents;
using Recrypt.Service.Grants;
using Recrypt.Service.Groups;
using Recrypt.Service.Identities;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL provider: any number of service processes over one database (<c>Storage:ConnectionString</c>).
/// Nothing is kept in a process that another needs: spent nonces, the service's signing key and every record
/// are in the database, every write is one transaction, and the schema is brought up to date at start by
/// <see cref="PostgreSqlMigrations"/>.
/// </summary>
internal sealed class PostgreSqlStorage(NpgsqlDataSource dataSource, StorageOptions options, ILogger<PostgreSqlStorage> logger) : IStorageProvider
{
    /// <summary>The number of statements each connection keeps prepared unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The connection pool. The service runs the same few dozen statements over and over, so each connection
    /// prepares them after their fifth use (Npgsql's automatic preparation: the server parses and plans each
    /// once per connection, not once per request), unless the connection string sets <c>Max Auto Prepare</c>.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
        return builder.Build();
    }

    /// <summary>Registers the connection pool, the <see cref="KeyEncryptionKeys"/> and the PostgreSQL implementation of every store.</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration, StorageOptions options)
    {
        services.AddSingleton<IStorageProvider, PostgreSqlStorage>();
        services.AddSingleton(_ => CreateDataSource(options.ConnectionString!));
        services.AddSingleton(provider =>
        {
            var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
            return KeyEncryptionKeys.Load(configuration, options, () => PostgreSqlServiceKeyStore.Exists(dataSource));
        });
        services.AddSingleton<IIdentityStore, PostgreSqlIdentityStore>();
        services.AddSingleton<IGrantStore, PostgreSqlGrantStore>();
        services.AddSingleton<IGroupStore, PostgreSqlGroupStore>();
        services.AddSingleton<IDocumentStore, PostgreSqlDocumentStore>();
        services.AddSingleton<PostgreSqlNonceStore>();
        services.AddSingleton<INonceStore>(provider => provider.GetRequiredService<PostgreSqlNonceStore>());
        services.AddHostedService<PostgreSqlNonceCleanup>();
        services.AddSingleton<IServiceKeyStore, PostgreSqlServiceKeyStore>();
        services.AddSingleton<ISeedStore, PostgreSqlSeedStore>();
        services.AddSingleton<IAuditStore, PostgreSqlAuditStore>();
    }

    /// <summary>Connects and applies the migrations this database lacks.</summary>
    public void Initialize(IServiceProvider services)
    {
        var version = PostgreSqlMigrations.Apply(dataSource, logger);
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        StorageLog.PostgreSqlDatabase(logger, connection.Host, connection.Port, connection.Database, version);
    }

    /// <summary>Reads or records the curve in the one row of the <c>scheme</c> table (migration 0004), atomically across instances.</summary>
    public RecryptCurve RecordCurve(IServiceProvider services, RecryptCurve configured)
    {
        var holdsIdentities = Sql.QuerySingle(dataSource, "SELECT EXISTS (SELECT 1 FROM identities)", reader => reader.GetBoolean(0));
        Sql.Execute(dataSource, "INSERT INTO scheme (curve) VALUES ($1) ON CONFLICT DO NOTHING",
            DatabaseCurve.ForUnrecorded(holdsIdentities, configured).ToString());
        return Enum.Parse<RecryptCurve>(Sql.QuerySingle(dataSource, "SELECT curve FROM scheme", reader => reader.GetString(0))!);
    }
}
