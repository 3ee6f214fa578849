using System.Globalization;
using Recrypt.Service.Tests.HttpFuzz;
using Recrypt.Testing;
using Xunit.Abstractions;

namespace Recrypt.Service.Tests;

/// <summary>
/// HTTP fuzzing from the service's own OpenAPI document (issue 11, item 3) and the malformed-request
/// sweep over every route (issue 10): never a 5xx, an answer to everything, the service healthy
/// afterwards, and the stored data unchanged unless the request was a valid write. The short forms run
/// here; <c>build.ps1 httpfuzz -Requests N</c> runs the random form for longer (through the environment
/// variables <c>RECRYPT_HTTPFUZZ_REQUESTS</c>, <c>RECRYPT_HTTPFUZZ_SEED</c> and <c>RECRYPT_HTTPFUZZ_REPORT</c>).
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output)
{
    /// <summary>The random requests of the test command's run.</summary>
    private const int DefaultRequests = 1500;

    /// <summary>The test command's seed, so that its run is the same every time.</summary>
    private const int DefaultSeed = 20261130;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MalformedRequestSweepOverEveryRoute(string provider)
    {
        await using var run = await FuzzRun.StartAsync(provider);
        var clock = FuzzRun.Clock();
        var cases = run.Fuzzer.Sweep().ToList();

        await run.SendAsync(cases);

        output.WriteLine(run.Report(clock.Elapsed, "sweep"));
        Assert.Empty(run.Failures);
        Assert.Equal(run.Fuzzer.OperationCount, cases.Select(fuzzCase => fuzzCase.Operation).Distinct().Count());
        Assert.True(run.Fuzzer.OperationCount >= 14, $"only {run.Fuzzer.OperationCount} operations in the OpenAPI document");
    }

    [Fact]
    public async Task RandomRequestsFromTheOpenApiDocument()
    {
        var requests = int.TryParse(Environment.GetEnvironmentVariable("RECRYPT_HTTPFUZZ_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultRequests;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RECRYPT_HTTPFUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        await using var run = await FuzzRun.StartAsync();
        var clock = FuzzRun.Clock();

        await run.SendAsync(run.Fuzzer.Random(seed), requests);

        var report = run.Report(clock.Elapsed, $"random, seed {seed}");
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("RECRYPT_HTTPFUZZ_REPORT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, report);
        }
        Assert.Empty(run.Failures);
        Assert.Equal(requests, run.Sent);
    }
}
