using System.Globalization;
using Recrypt;
using Recrypt.Client;
using Recrypt.LoadTest;

// Recrypt.LoadTest --url http://127.0.0.1:5080 [--scenarios uploads,grants,owner-fetches,grantee-fetches,member-fetches,batch-fetches]
//   [--clients 1,2,4,8,16,32,64,128] [--duration 10] [--warmup 2] [--verify]
// Drives a running service with real signed clients; prints requests/s, p50/p90/p99 and errors per point.
var options = ParseArguments(args);
if (options is null)
{
    Console.Error.WriteLine("""
        Usage: Recrypt.LoadTest --url <service> [--scenarios uploads,grants,owner-fetches,grantee-fetches,member-fetches,batch-fetches]
                                [--clients 1,2,4,8,16,32,64,128] [--duration <s>] [--warmup <s>] [--verify]
          --verify  after the uploads, fetch every acknowledged document key as its owner and count what answers.
        """);
    return 2;
}

using var recrypt = new TransformEncryption();
using var runner = new LoadRunner(options.Url, recrypt)
{
    Duration = TimeSpan.FromSeconds(options.DurationSeconds),
    Warmup = TimeSpan.FromSeconds(options.WarmupSeconds),
};
Console.WriteLine($"Service {options.Url}; {options.DurationSeconds} s per point after {options.WarmupSeconds} s of warm-up; {Environment.ProcessorCount} cores.");
Console.WriteLine(LoadResult.Header);
var results = new List<LoadResult>();
var failed = false;
foreach (var name in options.Scenarios)
{
    foreach (var clients in options.Clients)
    {
        var scenario = Scenario.Create(name);
        var result = await runner.RunAsync(scenario, clients);
        results.Add(result);
        Console.WriteLine(result.Row);
        failed |= result.Errors > 0;
        if (options.Verify && scenario is Scenario.Uploads uploads)
        {
            failed |= !await VerifyAsync(uploads);
        }
    }
}

Console.WriteLine();
Console.WriteLine("| scenario | clients | requests/s | p50 ms | p90 ms | p99 ms | errors |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var result in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {result.Scenario} | {result.Concurrency} | {result.RequestsPerSecond:F0} | {result.P50Milliseconds:F1} | {result.P90Milliseconds:F1} | {result.P99Milliseconds:F1} | {result.Errors} |"));
}
return failed ? 1 : 0;

static async Task<bool> VerifyAsync(Scenario.Uploads uploads)
{
    long found = 0, missing = 0, failing = 0;
    await Parallel.ForEachAsync(uploads.Acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (document, cancellationToken) =>
    {
        try
        {
            await uploads.Clients[document.Worker].Service.GetDocumentKeyAsync(document.Id, cancellationToken);
            Interlocked.Increment(ref found);
        }
        catch (RecryptServiceException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            Interlocked.Increment(ref missing);
        }
        catch (Exception exception) when (exception is RecryptServiceException or HttpRequestException)
        {
            Interlocked.Increment(ref failing);
        }
    });
    Console.WriteLine($"  verify: {uploads.Acknowledged.Count} acknowledged document keys: {found} found, {missing} answered 404, {failing} failed otherwise");
    return missing == 0 && failing == 0;
}

static LoadOptions? ParseArguments(string[] args)
{
    Uri? url = null;
    string[] scenarios = ["uploads", "grants", "owner-fetches"];
    int[] clients = [1, 2, 4, 8, 16, 32, 64, 128];
    double duration = 10, warmup = 2;
    var verify = false;
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--url": url = new Uri(Next()); break;
            case "--scenarios": scenarios = Next().Split(',', StringSplitOptions.RemoveEmptyEntries); break;
            case "--clients": clients = [.. Next().Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture))]; break;
            case "--duration": duration = double.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--warmup": warmup = double.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--verify": verify = true; break;
            default: return null;
        }
    }
    foreach (var scenario in scenarios)
    {
        _ = Scenario.Create(scenario);
    }
    return url is null ? null : new LoadOptions(url, scenarios, clients, duration, warmup, verify);
}

internal sealed record LoadOptions(Uri Url, string[] Scenarios, int[] Clients, double DurationSeconds, double WarmupSeconds, bool Verify);
