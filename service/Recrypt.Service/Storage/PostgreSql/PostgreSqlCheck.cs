using Npgsql;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <c>Recrypt.Service check</c> on PostgreSQL: connects, and reports the schema version and how many rows each
/// table holds. PostgreSQL checks its own pages; what this adds is whether this service can serve from the
/// database (its schema is one this service knows, fully migrated).
/// </summary>
internal static class PostgreSqlCheck
{
    private static readonly string[] s_tables = ["identities", "key_versions", "grants", "documents", "nonces", "service_keys", "groups", "group_admins", "group_members", "group_grants", "audit_log"];

    public static int Run(StorageOptions options)
    {
        try
        {
            using var dataSource = NpgsqlDataSource.Create(options.ConnectionString!);
            using var connection = dataSource.OpenConnection();
            using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection))
            {
                if (!(bool)exists.ExecuteScalar()!)
                {
                    Console.Error.WriteLine("The PostgreSQL database has no Recrypt schema yet: start the service once to create it.");
                    return StorageCommands.ExitFailed;
                }
            }
            var version = PostgreSqlMigrations.CurrentVersion(connection);
            if (version != PostgreSqlMigrations.Latest)
            {
                Console.Error.WriteLine(
                    $"The PostgreSQL database is at schema version {version}; this service's is {PostgreSqlMigrations.Latest}: "
                    + (version < PostgreSqlMigrations.Latest ? "start the service to migrate it." : "run the newer service."));
                return StorageCommands.ExitFailed;
            }
            var counts = s_tables.Select(table =>
            {
                using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
                return $"{table} {(long)count.ExecuteScalar()!}";
            });
            Console.WriteLine($"The PostgreSQL database is usable: schema version {version}; {string.Join(", ", counts)}.");
            return StorageCommands.ExitOk;
        }
        catch (NpgsqlException exception)
        {
            Console.Error.WriteLine($"Recrypt.Service: cannot reach the PostgreSQL database: {exception.Message}");
            return StorageCommands.ExitFailed;
        }
    }
}
