using System.Data;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using Recrypt.Service.Audit;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage;

/// <summary>
/// The service's storage commands, run instead of the server when the first argument names one:
/// <list type="bullet">
/// <item><c>Recrypt.Service check</c>: the integrity check (<see cref="DatabaseCheck"/>);</item>
/// <item><c>Recrypt.Service backup &lt;path&gt;</c>: a consistent copy of the database (<see cref="DatabaseBackup"/>);</item>
/// <item><c>Recrypt.Service kek rotate</c>: a new key-encryption key (<see cref="KeyEncryptionKeys"/>), service stopped;</item>
/// <item><c>Recrypt.Service migrate &lt;LiteDB file&gt; [--replace]</c>: a copy of a LiteDB database in PostgreSQL (<see cref="Migration.MigrateCommand"/>);</item>
/// <item><c>Recrypt.Service audit verify</c>: walks the audit trail's hash chain and reports the first broken or missing record (<see cref="AuditVerifier"/>);</item>
/// <item><c>Recrypt.Service audit export [&lt;path&gt;]</c>: the audit trail as JSON lines, to a file or standard output (<see cref="AuditExport"/>).</item>
/// </list>
/// The other arguments configure it as they do the service (<c>--Storage:DatabasePath=…</c>). When a
/// service has the database open, <c>check</c> and <c>backup</c> are sent to it through its control socket
/// and run between two of its writes; otherwise the command opens the database itself. With
/// <c>Storage:Provider=PostgreSQL</c>, <c>check</c> connects and reports the schema version and what the
/// database holds; backups are PostgreSQL's own (<c>pg_dump</c>, see docs/service.md); <c>audit</c> connects.
/// Exit codes: 0 done, 1 failed, 2 the database is damaged (or the audit trail broken).
/// </summary>
internal static class StorageCommands
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitDamaged = 2;

    /// <summary>Runs the command <paramref name="args"/> names; <see langword="false"/> when they name none (run the service).</summary>
    public static bool TryRun(string[] args)
    {
        if (args is not ["check" or "backup" or "kek" or "migrate" or "audit", ..])
        {
            return false;
        }
        Environment.ExitCode = Run(args);
        return true;
    }

    private static int Run(string[] args)
    {
        try
        {
            return args switch
            {
                ["check", .. var rest] when Options(rest) is { Options.Provider: StorageProvider.PostgreSQL } postgres =>
                    PostgreSql.PostgreSqlCheck.Run(postgres.Options),
                ["backup", ..] when Options([.. args.Where(arg => arg.StartsWith("--", StringComparison.Ordinal))]) is { Options.Provider: StorageProvider.PostgreSQL } =>
                    throw new StorageException(
                        "'backup' is for the LiteDB provider: back up PostgreSQL with pg_dump (see docs/deployment.md, \"Backups\")."),
                ["audit", "verify", .. var rest] => AuditVerify(Options(rest).Options),
                ["audit", "export", var path, .. var rest] when !path.StartsWith("--", StringComparison.Ordinal) =>
                    AuditExportTo(Options(rest).Options, Path.GetFullPath(path)),
                ["audit", "export", .. var rest] => AuditExportTo(Options(rest).Options, null),
                ["check", .. var rest] => Check(Options(rest).Options),
                ["backup", var path, .. var rest] when !path.StartsWith("--", StringComparison.Ordinal) =>
                    Backup(Options(rest).Options, Path.GetFullPath(path)),
                ["kek", "rotate", .. var rest] => RotateKek(Options(rest)),
                ["migrate", var source, .. var rest] when !source.StartsWith("--", StringComparison.Ordinal) => Migrate(Path.GetFullPath(source), rest),
                _ => Usage(),
            };
        }
        catch (StorageException exception)
        {
            Console.Error.WriteLine($"Recrypt.Service: {exception.Message}");
            return ExitFailed;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            Usage: Recrypt.Service check [--Storage:DatabasePath=<file>]
                   Recrypt.Service backup <path> [--Storage:DatabasePath=<file>]
                   Recrypt.Service kek rotate [--Storage:DatabasePath=<file>]
                   Recrypt.Service audit verify [--Storage:DatabasePath=<file>]
                   Recrypt.Service audit export [<path>] [--Storage:DatabasePath=<file>]
                   Recrypt.Service migrate <LiteDB file> [--replace] --Storage:Provider=PostgreSQL --Storage:ConnectionString=<…>
                                           --Storage:KeyEncryptionKey=<base64> (or --Storage:KeyEncryptionKeyPath=<file>)
            """);
        return ExitFailed;
    }

    private static (StorageOptions Options, IConfiguration Configuration) Options(string[] rest)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest });
        var options = StorageHostExtensions.ResolveOptions(builder.Configuration, builder.Environment.ContentRootPath);
        if (options.Provider == StorageProvider.LiteDB && !File.Exists(options.DatabasePath))
        {
            throw new StorageException($"There is no database at {options.DatabasePath}.");
        }
        return (options, builder.Configuration);
    }

    private static int Check(StorageOptions options)
    {
        if (Offline(options) is { } offline)
        {
            using (offline)
            {
                using var database = LiteDb.LiteDbStorage.OpenDatabase(options);
                var result = DatabaseCheck.Run(database);
                return Report(result.Ok, result.Summary);
            }
        }
        var (ok, message) = SendToService(options, "check");
        return Report(ok, message, damagedOnError: true);
    }

    private static int Backup(StorageOptions options, string path)
    {
        if (Offline(options) is { } offline)
        {
            using (offline)
            {
                using var database = LiteDb.LiteDbStorage.OpenDatabase(options);
                var bytes = DatabaseBackup.Write(database, options, path);
                return Report(true, $"Backup written to {path} ({bytes} bytes).");
            }
        }
        var (ok, message) = SendToService(options, "backup " + path);
        return Report(ok, message);
    }

    private static int AuditVerify(StorageOptions options)
    {
        if (options.Provider == StorageProvider.PostgreSQL)
        {
            var result = WithPostgreSqlSnapshot(options, transaction =>
                AuditVerifier.Verify(PostgreSqlAuditStore.ReadAll(transaction), PostgreSqlAuditStore.ReadHead(transaction)));
            return Report(result.Ok, result.Message, damagedOnError: true);
        }
        if (Offline(options) is { } offline)
        {
            using (offline)
            {
                using var database = LiteDbStorage.OpenDatabase(options);
                var result = AuditVerifier.Verify(LiteDbAuditStore.ReadAll(database), LiteDbAuditStore.ReadHead(database));
                return Report(result.Ok, result.Message, damagedOnError: true);
            }
        }
        var (ok, message) = SendToService(options, "audit verify");
        return Report(ok, message, damagedOnError: true);
    }

    private static int AuditExportTo(StorageOptions options, string? path)
    {
        long Export(IEnumerable<AuditRecord> records)
        {
            if (path is not null)
            {
                return AuditExport.WriteFile(records, path);
            }
            using var stdout = Console.OpenStandardOutput();
            return AuditExport.Write(records, stdout);
        }
        long count;
        if (options.Provider == StorageProvider.PostgreSQL)
        {
            count = WithPostgreSqlSnapshot(options, transaction => Export(PostgreSqlAuditStore.ReadAll(transaction)));
        }
        else if (Offline(options) is { } offline)
        {
            using (offline)
            {
                using var database = LiteDbStorage.OpenDatabase(options);
                count = Export(LiteDbAuditStore.ReadAll(database));
            }
        }
        else
        {
            if (path is null)
            {
                throw new StorageException("A service holds the database: give the export a file path (the service writes it).");
            }
            var (ok, message) = SendToService(options, "audit export " + path);
            return Report(ok, message);
        }
        // The lines went to standard output: the summary goes to standard error.
        (path is null ? Console.Error : Console.Out).WriteLine($"Exported {count} audit records{(path is null ? "" : $" to {path}")}.");
        return ExitOk;
    }

    /// <summary>Runs <paramref name="read"/> in one repeatable-read transaction: the head and the records it reads are one snapshot.</summary>
    private static T WithPostgreSqlSnapshot<T>(StorageOptions options, Func<NpgsqlTransaction, T> read)
    {
        try
        {
            using var dataSource = NpgsqlDataSource.Create(options.ConnectionString!);
            using var connection = dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
            return read(transaction);
        }
        catch (NpgsqlException exception)
        {
            throw new StorageException($"cannot read the PostgreSQL database: {exception.Message}", exception);
        }
    }

    private static int RotateKek((StorageOptions Options, IConfiguration Configuration) configured)
    {
        var (options, configuration) = configured;
        if (options.Provider == StorageProvider.PostgreSQL)
        {
            return Report(true, PostgreSql.PostgreSqlKekRotation.Run(options, configuration));
        }
        using var offline = Offline(options)
            ?? throw new StorageException("Stop the service first: the key-encryption key is rotated with the database closed.");
        using var database = LiteDb.LiteDbStorage.OpenDatabase(options);
        var message = KeyEncryptionKeys.Rotate(options, configuration, () => SealedValues.HoldsSealedValues(database), keys =>
        {
            var count = SealedValues.Reseal(database, keys);
            database.Checkpoint();
            return count;
        });
        return Report(true, message);
    }

    private static int Migrate(string source, string[] rest)
    {
        var replace = rest.Contains(Migration.MigrateCommand.ReplaceFlag);
        var (options, configuration) = Options([.. rest.Where(arg => arg != Migration.MigrateCommand.ReplaceFlag)]);
        try
        {
            return Report(true, Migration.MigrateCommand.Run(source, replace, options, configuration, TimeProvider.System));
        }
        catch (Npgsql.NpgsqlException exception)
        {
            throw new StorageException($"The copy into PostgreSQL failed, and nothing was committed: {exception.Message}", exception);
        }
    }

    private static int Report(bool ok, string message, bool damagedOnError = false)
    {
        (ok ? Console.Out : Console.Error).WriteLine(message);
        return ok ? ExitOk : damagedOnError ? ExitDamaged : ExitFailed;
    }

    /// <summary>The storage lock when no service holds it; <see langword="null"/> when a service is running.</summary>
    private static FileStream? Offline(StorageOptions options) => StorageLock.TryTake(options.LockPath!);

    private static (bool Ok, string Message) SendToService(StorageOptions options, string command)
    {
        var path = options.ControlSocketPath!;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException exception)
        {
            throw new StorageException($"A service holds the database but does not answer on {path} ({exception.Message}).");
        }
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
        using var reader = new StreamReader(stream, Encoding.UTF8);
        writer.WriteLine(command);
        var answer = reader.ReadLine() ?? "error the service closed the connection without answering";
        return answer.StartsWith("ok ", StringComparison.Ordinal) ? (true, answer[3..])
            : answer.StartsWith("error ", StringComparison.Ordinal) ? (false, answer[6..])
            : (false, answer);
    }
}
