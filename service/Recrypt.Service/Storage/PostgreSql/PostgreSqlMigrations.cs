using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// The schema's versioned migrations: plain SQL files (<c>Migrations/NNNN-name.sql</c>, embedded), each
/// applied once, in order, in a transaction of its own that also records it in <c>schema_migrations</c>.
/// Services starting at once take turns (a session-level advisory lock): one applies, the others find it done.
/// A database migrated by a newer service (a version this one does not know) is refused.
/// </summary>
internal static class PostgreSqlMigrations
{
    /// <summary>The advisory lock key the migrations are applied under ("recrypt!" as a big-endian 64-bit number).</summary>
    public const long LockKey = 0x7265637279707421;

    private const string ResourcePrefix = "Recrypt.Migrations.";

    /// <summary>Every migration this service knows, in order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } = Load();

    /// <summary>The schema version this service writes.</summary>
    public static int Latest => All[^1].Version;

    /// <summary>Applies the migrations the database lacks; returns its schema version.</summary>
    public static int Apply(NpgsqlDataSource dataSource, ILogger logger)
    {
        using var connection = dataSource.OpenConnection();
        Execute(connection, $"SELECT pg_advisory_lock({LockKey})");
        try
        {
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """);
            var current = CurrentVersion(connection);
            if (current > Latest)
            {
                throw new StorageException(
                    $"The PostgreSQL database is at schema version {current}, newer than this service's {Latest}: run the newer service, or restore a backup made for this one.");
            }
            foreach (var (version, name, sql) in All.Where(migration => migration.Version > current))
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, sql, transaction);
                using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = version });
                    record.Parameters.Add(new NpgsqlParameter { Value = name });
                    record.ExecuteNonQuery();
                }
                transaction.Commit();
                StorageLog.MigrationApplied(logger, version, name);
            }
            return Math.Max(current, Latest);
        }
        finally
        {
            Execute(connection, $"SELECT pg_advisory_unlock({LockKey})");
        }
    }

    /// <summary>The highest migration applied to the database behind <paramref name="connection"/> (0 for none).</summary>
    public static int CurrentVersion(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_migrations", connection);
        return (int)command.ExecuteScalar()!;
    }

    private static void Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private static List<(int Version, string Name, string Sql)> Load()
    {
        var assembly = typeof(PostgreSqlMigrations).Assembly;
        var migrations = new List<(int Version, string Name, string Sql)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            // Recrypt.Migrations.0001-initial.sql
            var file = resource[ResourcePrefix.Length..^".sql".Length];
            var dash = file.IndexOf('-', StringComparison.Ordinal);
            var version = int.Parse(file[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add((version, file[(dash + 1)..], reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"The migrations must be numbered 1, 2, 3, … without gaps: found {migrations[i].Version} at position {i + 1}.");
            }
        }
        return migrations;
    }
}
