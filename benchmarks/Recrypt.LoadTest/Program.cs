using System.Globalization;
using Recrypt;
using Recrypt.Client;
using Recrypt.LoadTest;

// Recrypt.LoadTest --url http://127.0.0.1:5080 [--scenarios uploads,grants,owner-fetches,grantee-fetches,member-fetches,batch-fetches]
//   [--clients 1,2,4,8,16,32,64,128] [--duration 10] [--warmup 2] [--service-warmup 0] [--verify] [--verify-every 50]
//   [--server-pids <pid,...>] [--transform-rate <per second>] [--bracket-transform <cpu|any>] [--until-jit-quiet <instance url,...>]
// Recrypt.LoadTest --measure-transform <seconds>
// Drives a running service with real signed clients; prints requests/s, p50/p90/p99, errors and the server's
// CPU time per request per point. --measure-transform measures the in-process transform rate on one thread.
if (args is ["--measure-transform", var seconds])
{
    using var engine = new TransformEncryption();
    var (rate, cpuMilliseconds) = TransformRate.Measure(engine, TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)));
    foreach (var (step, milliseconds) in TransformRate.MeasureSteps(engine, 200))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step}: {milliseconds:F3} CPU ms"));
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"transform-rate {rate:F1} {cpuMilliseconds:F3}"));
    return 0;
}
var options = ParseArguments(args);
if (options is null)
{
    Console.Error.WriteLine("""
        Usage: Recrypt.LoadTest --url <service> [--scenarios uploads,grants,owner-fetches,grantee-fetches,member-fetches,batch-fetches]
                                [--clients 1,2,4,8,16,32,64,128] [--duration <s>] [--warmup <s>] [--service-warmup <s>] [--verify]
                                [--verify-every <n>] [--server-pids <pid,...>] [--database-pid <pid>] [--transform-rate <per second>]
                                [--transform-cpu <ms>] [--bracket-transform <cpu|any>] [--until-jit-quiet <instance url,...>]
               Recrypt.LoadTest --measure-transform <seconds>
          --warmup             seconds of load before each point's measurement starts (default 2).
          --service-warmup     seconds of every scenario before the first point, not measured, so that the service runs
                               its hot paths compiled at tier 1 (default 0; build.ps1 loadtest gives 60).
          --verify             after the uploads, fetch every acknowledged document key as its owner and count what answers.
          --verify-every       decrypt one fetched value in n and compare it with the document key stored (default 50; 0: none).
          --server-pids        the service processes: their CPU time per request is printed (from /proc/<pid>/stat).
          --database-pid       PostgreSQL's postmaster: its and its backends' CPU time per request is printed too.
          --transform-rate     one core's in-process transform rate (from --measure-transform): grantee fetches are compared with it.
          --transform-cpu      one transform's CPU milliseconds (from --measure-transform): the service's CPU per fetch is compared with it.
          --bracket-transform  measure one thread's transform rate again right before and right after each grantee-fetch
                               point (3 s each, on this CPU, or on any), and compare the point with their mean: this
                               machine's speed drifts by a fifth within minutes, so a rate measured once is not the
                               rate the point ran at.
          --until-jit-quiet    after --service-warmup, warm up on (10 s rounds, at most 5 minutes) until the instances at
                               these addresses (their /metrics) compiled fewer than ten methods a second in a round.
          --measure-transform  measure that rate on one thread (run it on the service's core) and print "transform-rate <r> <cpu ms>".
        """);
    return 2;
}

using var recrypt = new TransformEncryption();
using var runner = new LoadRunner(options.Url, recrypt)
{
    Duration = TimeSpan.FromSeconds(options.DurationSeconds),
    Warmup = TimeSpan.FromSeconds(options.WarmupSeconds),
    ServerCpu = options.ServerPids.Length == 0 ? null : () => ProcessCpu.Total(options.ServerPids),
    DatabaseCpu = options.DatabasePid is { } database ? () => ProcessCpu.TotalWithChildren(database) : null,
};
Console.WriteLine($"Service {options.Url}; {options.DurationSeconds} s per point after {options.WarmupSeconds} s of warm-up; {Environment.ProcessorCount} cores.");
if (options.ServiceWarmupSeconds > 0)
{
    // The service's code starts at tier 0 and is recompiled as it runs hot (tiered compilation with PGO); on one
    // busy core that takes a minute or more, so the first points would measure the JIT, not the service.
    Console.WriteLine($"Warming the service up for {options.ServiceWarmupSeconds} s (every scenario at 4 clients, not measured).");
    var share = TimeSpan.FromSeconds(options.ServiceWarmupSeconds / options.Scenarios.Length);
    foreach (var name in options.Scenarios)
    {
        await runner.WarmUpAsync(Scenario.Create(name, options.VerifyEvery), 4, share);
    }
    if (options.MetricsUrls.Length > 0)
    {
        await WarmUntilJitQuietAsync(runner, options);
    }
}
Console.WriteLine(LoadResult.Header);
var bracketDuration = TimeSpan.FromSeconds(3);
var results = new List<LoadResult>();
var failed = false;
foreach (var name in options.Scenarios)
{
    foreach (var clients in options.Clients)
    {
        var scenario = Scenario.Create(name, options.VerifyEvery);
        var bracket = options.BracketTransform && name == "grantee-fetches";
        var before = bracket ? TransformRate.MeasureOn(recrypt, bracketDuration, options.TransformCore) : default;
        var preparedBefore = bracket ? TransformRate.MeasureOn(recrypt, bracketDuration, options.TransformCore, prepared: true) : default;
        var result = await runner.RunAsync(scenario, clients);
        if (bracket)
        {
            var preparedAfter = TransformRate.MeasureOn(recrypt, bracketDuration, options.TransformCore, prepared: true);
            var after = TransformRate.MeasureOn(recrypt, bracketDuration, options.TransformCore);
            result = result with
            {
                TransformRates = (before.PerSecond, after.PerSecond),
                TransformCpuMilliseconds = (before.CpuMilliseconds + after.CpuMilliseconds) / 2,
                PreparedTransformRates = (preparedBefore.PerSecond, preparedAfter.PerSecond),
            };
        }
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
Console.WriteLine("| scenario | clients | requests/s | p50 ms | p90 ms | p99 ms | errors | service CPU ms/request | database CPU ms/request |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var result in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {result.Scenario} | {result.Concurrency} | {result.RequestsPerSecond:F0} | {result.P50Milliseconds:F1} | {result.P90Milliseconds:F1} | {result.P99Milliseconds:F1} | {result.Errors} | {LoadResult.Milliseconds(result.ServerCpuMillisecondsPerRequest)} | {LoadResult.Milliseconds(result.DatabaseCpuMillisecondsPerRequest)} |"));
}
foreach (var scenario in results.GroupBy(result => result.Scenario))
{
    Console.WriteLine($"{scenario.Key}: {scenario.Sum(result => result.Verified)} responses checked by decrypting them, {scenario.Sum(result => result.Errors)} errors.");
}
if (results.Where(result => result.Scenario == "grantee-fetches").ToList() is [_, ..] fetches
    && (options.TransformRate is not null || fetches.All(fetch => fetch.TransformRates is not null)))
{
    Console.WriteLine(GranteeFetchSummary(fetches, options.TransformRate, options.TransformCpuMilliseconds));
}
return failed ? 1 : 0;

// The best grantee-fetch point (the most requests/s with p99 under 50 ms, or else the most requests/s) next to
// the in-process transform rate of one core (the point's own bracket when measured, else the one given), and the
// server's CPU per fetch next to one transform's time.
static string GranteeFetchSummary(List<LoadResult> fetches, double? givenRate, double? givenCpu)
{
    const double LatencyTarget = 50;
    var best = fetches.Where(result => result.P99Milliseconds < LatencyTarget).MaxBy(result => result.RequestsPerSecond)
        ?? fetches.MaxBy(result => result.RequestsPerSecond)!;
    var transformRate = best.TransformRate ?? givenRate!.Value;
    var transformCpu = best.TransformCpuMilliseconds ?? givenCpu ?? 1000 / transformRate;
    var measured = best.TransformRates is var (before, after)
        ? string.Create(CultureInfo.InvariantCulture, $"measured around the point: {before:F0}/s before, {after:F0}/s after; mean")
        : "given";
    var cores = Environment.ProcessorCount;
    // CPU time, unlike requests/s, does not depend on what else the machine runs: the service's CPU per fetch over
    // one transform's CPU is its overhead, and a quiet core it has to itself serves at most 1/overhead of its transform rate.
    var cpu = best.ServerCpuMillisecondsPerRequest is { } perFetch
        ? string.Create(CultureInfo.InvariantCulture,
            $"\n  CPU: the service spent {perFetch:F2} ms per grantee fetch at the best point; a transform took {transformCpu:F2} ms of one thread's CPU around it: "
            + $"so on a core of its own the service can serve at most {100 * transformCpu / perFetch:F0}% of that core's transform rate.")
        : "";
    // The service transforms with keys it prepared once; the rate of that transform alone says how much of the
    // service's overhead beyond the cryptography is left.
    var prepared = best.PreparedTransformRate is { } preparedRate
        ? string.Create(CultureInfo.InvariantCulture,
            $"\n  with the key prepared (the service's transform once it keeps the key): {preparedRate:F0}/s ({1000 / preparedRate:F2} ms each); the best point is {100 * best.RequestsPerSecond / preparedRate:F0}% of that.")
        : "";
    return string.Create(CultureInfo.InvariantCulture,
        $"""
        Grantee fetches: in-process transform rate on one core ({measured}) {transformRate:F0}/s ({1000 / transformRate:F2} ms each).
          best point: {best.RequestsPerSecond:F0} requests/s at {best.Concurrency} clients, p99 {best.P99Milliseconds:F1} ms{(best.P99Milliseconds < LatencyTarget ? "" : $" (no point had p99 under {LatencyTarget} ms)")}
          = {100 * best.RequestsPerSecond / transformRate:F0}% of one core's transform rate (target with -Pin: at least 80% with p99 under {LatencyTarget} ms), {100 * best.RequestsPerSecond / (cores * transformRate):F0}% of {cores} cores'.{prepared}{cpu}
        """);
}

// More rounds of every scenario (10 s each, at most 5 minutes) until a round in which the instances' JIT compiled
// fewer than ten methods a second: the hot paths are optimized then (the first rounds compile hundreds to thousands).
// Not zero: each round's new clients run the registration and set-up paths, which keep a trickle of methods
// compiling for minutes.
static async Task WarmUntilJitQuietAsync(LoadRunner runner, LoadOptions options)
{
    using var jit = new JitActivity(options.MetricsUrls);
    var round = TimeSpan.FromSeconds(10);
    var started = System.Diagnostics.Stopwatch.GetTimestamp();
    var before = await jit.CompiledMethodsAsync();
    while (true)
    {
        foreach (var name in options.Scenarios)
        {
            await runner.WarmUpAsync(Scenario.Create(name, options.VerifyEvery), 4, round / options.Scenarios.Length);
        }
        var after = await jit.CompiledMethodsAsync();
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  JIT: {after - before} methods compiled in the last {round.TotalSeconds:F0} s of warm-up."));
        if (after - before < 10 * round.TotalSeconds || elapsed > TimeSpan.FromMinutes(5))
        {
            return;
        }
        before = after;
    }
}

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
    double duration = 10, warmup = 2, serviceWarmup = 0;
    var verify = false;
    var verifyEvery = 50;
    int[] serverPids = [];
    int? databasePid = null;
    double? transformRate = null;
    double? transformCpu = null;
    var bracketTransform = false;
    int? transformCore = null;
    Uri[] metricsUrls = [];
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
            case "--service-warmup": serviceWarmup = double.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--verify": verify = true; break;
            case "--verify-every": verifyEvery = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--server-pids": serverPids = [.. Next().Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture))]; break;
            case "--database-pid": databasePid = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--transform-rate": transformRate = double.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--transform-cpu": transformCpu = double.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--bracket-transform":
                bracketTransform = true;
                transformCore = Next() is "any" ? null : int.Parse(args[i], CultureInfo.InvariantCulture);
                break;
            case "--until-jit-quiet": metricsUrls = [.. Next().Split(',').Select(value => new Uri(value))]; break;
            default: return null;
        }
    }
    foreach (var scenario in scenarios)
    {
        _ = Scenario.Create(scenario);
    }
    return url is null ? null : new LoadOptions(url, scenarios, clients, duration, warmup, serviceWarmup, verify, verifyEvery, serverPids, databasePid, transformRate, transformCpu, bracketTransform, transformCore, metricsUrls);
}

internal sealed record LoadOptions(
    Uri Url, string[] Scenarios, int[] Clients, double DurationSeconds, double WarmupSeconds, double ServiceWarmupSeconds, bool Verify, int VerifyEvery,
    int[] ServerPids, int? DatabasePid, double? TransformRate, double? TransformCpuMilliseconds, bool BracketTransform, int? TransformCore, Uri[] MetricsUrls);
