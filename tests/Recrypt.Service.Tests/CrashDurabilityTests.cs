using System.Globalization;
using Recrypt.LoadTest;
using Recrypt.Testing;
using Xunit.Abstractions;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 11, item 4: while concurrent clients register identities, grant, revoke, store and delete document
/// keys, the service is killed with SIGKILL at a random moment and restarted on the same database, again and
/// again. After every kill, every acknowledged write must be there, the one request each client had in flight
/// may have happened or not but never half, the file passes the integrity check, and every stored document
/// key and grant is readable. The short form runs in the test command; <c>build.ps1 crashtest -Rounds M</c>
/// sets <c>RECRYPT_CRASH_ROUNDS</c>. What this does and does not prove: docs/reliability.md.
/// </summary>
[Collection(StorageLoadTests.Name)]
public sealed class CrashDurabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "recrypt-crash", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesSigkillUnderLoad()
    {
        var rounds = int.Parse(Environment.GetEnvironmentVariable("RECRYPT_CRASH_ROUNDS") ?? "3", CultureInfo.InvariantCulture);
        var clients = int.Parse(Environment.GetEnvironmentVariable("RECRYPT_CRASH_CLIENTS") ?? "16", CultureInfo.InvariantCulture);
        var databasePath = Path.Combine(_directory, "recrypt.db");
        var port = ServiceProcess.FreePort();
        var random = new Random();
        using var recrypt = new TransformEncryption();

        var service = await ServiceProcess.StartAsync(databasePath, port);
        Workload? workload = null;
        long writesChecked = 0;
        try
        {
            workload = await Workload.CreateAsync(recrypt, service.BaseAddress, clients);
            for (var round = 1; round <= rounds; round++)
            {
                // Load, then SIGKILL at a random moment: 1 to 4 s in.
                using var kill = new CancellationTokenSource();
                var running = workload.RunAsync(long.MaxValue / 2, kill.Token);
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1000, 4000)));
                await kill.CancelAsync();
                await service.KillAsync();
                await running;
                await service.DisposeAsync();
                Assert.True(workload.Failures.Count == 0, string.Join("\n", workload.Failures.Take(20)));

                // The file as the kill left it: the integrity check passes, and holds every acknowledged document key.
                var (exitCode, checkOutput) = await StorageFiles.RunCommandAsync(databasePath, "check");
                Assert.True(exitCode == 0, $"round {round}: {checkOutput}");
                var stored = StorageFiles.DocumentIdsByOwner(databasePath);

                service = await ServiceProcess.StartAsync(databasePath, port);
                await workload.ReconcileAsync(stored);
                Assert.True(workload.Failures.Count == 0, string.Join("\n", workload.Failures.Take(20)));
                var storedIds = stored.Values.SelectMany(ids => ids).ToHashSet();
                var expected = workload.ExpectedDocuments().Keys.ToHashSet();
                Assert.True(storedIds.SetEquals(expected),
                    $"round {round}: {expected.Except(storedIds).Count()} acknowledged document keys missing, {storedIds.Except(expected).Count()} unexpected");
                var problems = await workload.VerifyAsync();
                Assert.True(problems.Count == 0, $"round {round}:\n" + string.Join("\n", problems.Take(20)));

                var acknowledged = workload.Workers.Sum(worker => worker.Acknowledged);
                writesChecked = acknowledged;
                Report($"round {round}: killed; {acknowledged} writes acknowledged so far, {expected.Count} document keys and "
                    + $"{workload.Workers.Sum(worker => worker.Grants.Count)} grants held, all read back; {checkOutput.Trim()}");
            }
            Report($"{rounds} kills under load survived; {writesChecked} acknowledged writes checked after each.");
        }
        finally
        {
            workload?.Dispose();
            await service.DisposeAsync();
        }
    }

    // Also to RECRYPT_CRASH_LOG when set, so that a long run shows its progress while it runs.
    private void Report(string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("RECRYPT_CRASH_LOG") is { Length: > 0 } log)
        {
            File.AppendAllText(log, $"{DateTime.UtcNow:HH:mm:ss} {line}\n");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
