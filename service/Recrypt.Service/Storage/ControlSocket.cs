using System.Net.Sockets;
using System.Text;
using LiteDB;

namespace Recrypt.Service.Storage;

/// <summary>
/// The running service's end of the storage commands (<c>Recrypt.Service check</c>, <c>backup</c>): a
/// Unix socket next to the database (<c>&lt;database&gt;.sock</c>, in the 0700 database folder, so only
/// the service's own user can connect). A command is one line (<c>check</c>, or <c>backup &lt;absolute
/// path&gt;</c>); the answer is one line, <c>ok &lt;message&gt;</c> or <c>error &lt;message&gt;</c>. The
/// work runs on the <see cref="DatabaseWriter"/>'s thread, so no write happens while it reads the file.
/// </summary>
internal sealed partial class ControlSocket(
    StorageOptions options, IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<ControlSocket> logger) : BackgroundService
{
    // Resolved when the socket starts (after the service has bound its addresses), not when the host builds
    // its hosted services: opening the database then would create its folder even when the service cannot start.
    private DatabaseWriter Writer => services.GetRequiredService<DatabaseWriter>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ControlSocketPath is not { } path || !Socket.OSSupportsUnixDomainSockets)
        {
            return;
        }
        // Hosted services start before the server binds its addresses: wait until it has, so that a service that
        // cannot start (a busy port) opens and creates nothing.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        try
        {
            _ = Writer; // opens the database (and makes its folder) before the socket is made beside it
        }
        catch (Exception exception) when (exception is StorageException or IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            return; // the start-up check reports an unusable database; there is nothing to serve commands for
        }
        File.Delete(path);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        DataFiles.MakePrivate(path);
        listener.Listen(4);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var connection = await listener.AcceptAsync(stoppingToken);
                _ = Task.Run(() => ServeAsync(connection, stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken stoppingToken)
    {
        using var _ = connection;
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writerStream = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        string answer;
        try
        {
            var line = await reader.ReadLineAsync(stoppingToken) ?? "";
            answer = "ok " + await RunAsync(line);
        }
        catch (StorageException exception)
        {
            StorageLog.CommandFailed(logger, exception.Message);
            answer = "error " + exception.Message;
        }
        catch (LiteException exception)
        {
            StorageLog.CommandFailed(logger, exception.Message);
            answer = "error " + exception.Message;
        }
        await writerStream.WriteLineAsync(answer.ReplaceLineEndings(" "));
        await writerStream.FlushAsync(stoppingToken);
    }

    private async Task<string> RunAsync(string command)
    {
        if (command == "check")
        {
            var result = await Writer.WriteAsync(DatabaseCheck.Run);
            return result.Ok ? result.Summary : throw new StorageException(result.Summary);
        }
        if (command.StartsWith("backup ", StringComparison.Ordinal))
        {
            var target = command["backup ".Length..];
            var bytes = await Writer.WriteAsync(database => DatabaseBackup.Write(database, options, target));
            StorageLog.BackedUp(logger, target, bytes);
            return $"Backup written to {target} ({bytes} bytes).";
        }
        if (command == "audit verify")
        {
            var result = await Writer.WriteAsync(database =>
                Audit.AuditVerifier.Verify(LiteDb.LiteDbAuditStore.ReadAll(database), LiteDb.LiteDbAuditStore.ReadHead(database)));
            return result.Ok ? result.Message : throw new StorageException(result.Message);
        }
        if (command.StartsWith("audit export ", StringComparison.Ordinal))
        {
            var target = command["audit export ".Length..];
            var count = await Writer.WriteAsync(database => Audit.AuditExport.WriteFile(LiteDb.LiteDbAuditStore.ReadAll(database), target));
            return $"Exported {count} audit records to {target}.";
        }
        throw new StorageException($"Unknown storage command '{command}'.");
    }
}
