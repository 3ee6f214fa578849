using Npgsql;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <c>Recrypt.Service kek rotate --Storage:Provider=PostgreSQL …</c>: every sealed column
/// (<see cref="PostgreSqlSealedValues"/>) sealed again with the current key-encryption key, in one transaction.
/// With configured keys (<c>Storage:KeyEncryptionKey</c> the new one, <c>Storage:PreviousKeyEncryptionKey</c> the
/// old one) the instances may keep running, once each has been restarted with both; with a key file
/// (<c>Storage:KeyEncryptionKeyPath</c>), which instances read only at start, every instance must be stopped,
/// and the command refuses while other sessions are connected to the database.
/// </summary>
internal static class PostgreSqlKekRotation
{
    public static string Run(StorageOptions options, IConfiguration configuration)
    {
        try
        {
            using var dataSource = NpgsqlDataSource.Create(options.ConnectionString!);
            using (var connection = dataSource.OpenConnection())
            {
                if (!Scalar<bool>(connection, "SELECT to_regclass('schema_migrations') IS NOT NULL")
                    || PostgreSqlMigrations.CurrentVersion(connection) != PostgreSqlMigrations.Latest)
                {
                    throw new StorageException(
                        $"The PostgreSQL database is not at this service's schema version {PostgreSqlMigrations.Latest}: start the service once (or run `check`), then rotate.");
                }
                if (KeyEncryptionKeys.FilePath(configuration, options) is { } path
                    && !string.IsNullOrEmpty(configuration[KeyEncryptionKeys.PathConfigurationKey])
                    && Scalar<long>(connection, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") is var others and > 0)
                {
                    throw new StorageException(
                        $"{others} other sessions are connected to the database: stop every instance first (they read the key file {path} only at start). "
                        + $"To rotate while they run, configure the keys instead: {KeyEncryptionKeys.ConfigurationKey} the new one and {KeyEncryptionKeys.PreviousConfigurationKey} the old one on every instance, then run this command.");
                }
            }
            return KeyEncryptionKeys.Rotate(options, configuration,
                () => PostgreSqlServiceKeyStore.Exists(dataSource), keys => PostgreSqlSealedValues.Reseal(dataSource, keys));
        }
        catch (NpgsqlException exception)
        {
            throw new StorageException($"Cannot rotate on the PostgreSQL database, nothing was changed: {exception.Message}", exception);
        }
    }

    private static T Scalar<T>(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }
}
