using System.Globalization;
using Recrypt.LoadTest;
using Recrypt.Testing;
using Xunit.Abstractions;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 18: concurrent writes on every write route (identities, grants, revokes, document keys, deletes)
/// at 8 to 128 signed clients, on one service process and one database. The short form runs in the test
/// command; <c>build.ps1 stress</c> sets <c>RECRYPT_STRESS_DOCUMENTS</c> (at least 60,000 document keys) and
/// <c>RECRYPT_STRESS_CLIENTS</c>.
/// </summary>
[Collection(StorageLoadTests.Name)]
public sealed class StorageStressTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "recrypt-stress", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task EveryAcknowledgedWriteIsReadableEveryRefusedOneAbsentAndTheFileIntact()
    {
        var documents = long.Parse(Environment.GetEnvironmentVariable("RECRYPT_STRESS_DOCUMENTS") ?? "6000", CultureInfo.InvariantCulture);
        int[] levels = [.. (Environment.GetEnvironmentVariable("RECRYPT_STRESS_CLIENTS") ?? "8,128")
            .Split(',').Select(level => int.Parse(level, CultureInfo.InvariantCulture))];
        var databasePath = Path.Combine(_directory, "recrypt.db");
        var port = ServiceProcess.FreePort();

        using var recrypt = new TransformEncryption();
        var workloads = new List<Workload>();
        try
        {
            await using (var service = await ServiceProcess.StartAsync(databasePath, port))
            {
                foreach (var clients in levels)
                {
                    var workload = await Workload.CreateAsync(recrypt, service.BaseAddress, clients);
                    workloads.Add(workload);
                    var started = System.Diagnostics.Stopwatch.StartNew();
                    await workload.RunAsync(documents / levels.Length, CancellationToken.None);
                    output.WriteLine($"{clients} clients: {workload.DocumentsStored} document keys, "
                        + $"{workload.Workers.Sum(worker => worker.Acknowledged)} writes acknowledged in {started.Elapsed.TotalSeconds:F1} s");
                    Assert.True(workload.Failures.Count == 0, string.Join("\n", workload.Failures.Take(20)) + "\n" + ServiceErrors(service));
                }
                foreach (var workload in workloads)
                {
                    var problems = await workload.VerifyAsync();
                    Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
                }
                await service.StopAsync();
            }

            // The file itself: exactly the acknowledged document keys (a refused upload left nothing), and intact.
            var stored = StorageFiles.DocumentIdsByOwner(databasePath).Values.SelectMany(ids => ids).ToHashSet();
            var expected = workloads.SelectMany(workload => workload.ExpectedDocuments().Keys).ToHashSet();
            Assert.True(stored.SetEquals(expected), $"{stored.Count} document keys stored, {expected.Count} acknowledged and not deleted; {stored.Except(expected).Count()} unexpected, {expected.Except(stored).Count()} missing");
            var (exitCode, checkOutput) = await StorageFiles.RunCommandAsync(databasePath, "check");
            Assert.True(exitCode == 0, checkOutput);
            output.WriteLine(checkOutput.Trim());
        }
        finally
        {
            foreach (var workload in workloads)
            {
                workload.Dispose();
            }
        }
    }

    /// <summary>The service's own account of its failures: the exception lines of its log.</summary>
    private static string ServiceErrors(ServiceProcess service) =>
        string.Join("\n", service.Output.Split('\n')
            .Where(line => line.Contains("Exception", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal))
            .Distinct().Take(20));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

/// <summary>The load-heavy storage tests run one at a time, never next to each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageLoadTests
{
    public const string Name = "Storage under load";
}
