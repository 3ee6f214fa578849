using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>
/// <c>Recrypt.Service migrate &lt;LiteDB file&gt; [--replace] --Storage:Provider=PostgreSQL --Storage:ConnectionString=… --Storage:KeyEncryptionKey=…</c>:
/// copies every store of a LiteDB database (<see cref="StoreCopiers"/>) into the PostgreSQL database the
/// instances are configured with, in one transaction: all of it or nothing. Every sealed secret (transform
/// keys, the service's signing key) is opened with the source's key-encryption key (its file beside the
/// database, or <c>Migrate:SourceKeyEncryptionKey</c> / <c>Migrate:SourceKeyEncryptionKeyPath</c>) and sealed
/// again with the target's. The source is only read, under its lock (no service may have it open), after
/// the integrity check; the target must be empty unless <c>--replace</c> says to empty it first, so running
/// the command twice either refuses, saying so, or (with <c>--replace</c>) ends with the same copy.
/// </summary>
internal static class MigrateCommand
{
    public const string ReplaceFlag = "--replace";
    public const string SourceKeyConfigurationKey = "Migrate:SourceKeyEncryptionKey";
    public const string SourceKeyPathConfigurationKey = "Migrate:SourceKeyEncryptionKeyPath";

    public static string Run(string sourcePath, bool replace, StorageOptions target, IConfiguration configuration, TimeProvider time)
    {
        if (target.Provider != StorageProvider.PostgreSQL)
        {
            throw new StorageException(
                "migrate copies a LiteDB database into PostgreSQL: give it the settings the PostgreSQL instances will run with "
                + "(--Storage:Provider=PostgreSQL --Storage:ConnectionString=… and the key-encryption key; see docs/service.md, \"Moving from LiteDB to PostgreSQL\").");
        }
        if (StoreCopiers.Uncovered() is [_, ..] uncovered)
        {
            throw new StorageException($"This service cannot copy every store: {string.Join(", ", uncovered.Select(store => store.Name))} has no copier.");
        }
        var source = new StorageOptions { Provider = StorageProvider.LiteDB, DatabasePath = sourcePath };
        if (!File.Exists(sourcePath))
        {
            throw new StorageException($"There is no database at {sourcePath}.");
        }

        using var sourceLock = StorageLock.TryTake(source.LockPath!)
            ?? throw new StorageException($"A service has {sourcePath} open: stop it first (migrate copies a database no one writes to).");
        using var database = LiteDbStorage.OpenDatabase(source);
        var check = DatabaseCheck.Run(database);
        if (!check.Ok)
        {
            throw new StorageException($"{check.Summary}. Nothing was copied: restore the latest backup and migrate that.");
        }
        using var sourceKeys = KeyEncryptionKeys.Load(SourceKeyConfiguration(configuration), source, () => SealedValues.HoldsSealedValues(database));
        // What the service does at its start: secrets written before sealing existed are sealed first.
        SealedValues.SealLegacy(database, sourceKeys);

        using var dataSource = NpgsqlDataSource.Create(target.ConnectionString!);
        var version = PostgreSqlMigrations.Apply(dataSource, NullLogger.Instance);
        using var targetKeys = KeyEncryptionKeys.Load(configuration, target, () => PostgreSqlServiceKeyStore.Exists(dataSource));

        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var tables = StoreCopiers.All.SelectMany(copier => copier.Tables).ToList();
        // No instance writes meanwhile: it waits for the commit, then finds the copy.
        Sql.Execute(transaction, $"LOCK TABLE {string.Join(", ", tables)} IN ACCESS EXCLUSIVE MODE");
        var occupied = tables
            .Select(table => (Table: table, Rows: Sql.QuerySingle(transaction, $"SELECT count(*) FROM {table}", reader => reader.GetInt64(0))))
            .Where(table => table.Rows > 0)
            .ToList();
        if (occupied.Count > 0)
        {
            var held = string.Join(", ", occupied.Select(table => string.Create(CultureInfo.InvariantCulture, $"{table.Table} {table.Rows}")));
            if (!replace)
            {
                throw new StorageException(
                    $"The PostgreSQL database is not empty ({held} rows): nothing was copied. Migrate into an empty database, "
                    + $"or pass {ReplaceFlag} to delete what it holds and copy again (stop every instance first).");
            }
            Sql.Execute(transaction, $"TRUNCATE {string.Join(", ", tables)}");
        }

        var copy = new StoreCopy(database, source, sourceKeys, transaction, targetKeys, time);
        var copied = StoreCopiers.All.Select(copier => string.Create(CultureInfo.InvariantCulture, $"{copier.Copy(copy)} {copier.What}")).ToList();
        transaction.Commit();

        var connectionString = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        return $"Copied {sourcePath} into PostgreSQL database {connectionString.Database} on {connectionString.Host} (schema version {version})"
            + (occupied.Count > 0 ? ", replacing what it held" : "")
            + $": {string.Join(", ", copied)}. Every secret is sealed with the target's key-encryption key.";
    }

    // The source's key-encryption key: its own file beside the database unless the operator names another.
    private static IConfiguration SourceKeyConfiguration(IConfiguration configuration) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [KeyEncryptionKeys.ConfigurationKey] = configuration[SourceKeyConfigurationKey],
            [KeyEncryptionKeys.PathConfigurationKey] = configuration[SourceKeyPathConfigurationKey],
        }).Build();
}
