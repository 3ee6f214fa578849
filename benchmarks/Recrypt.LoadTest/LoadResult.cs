using System.Globalization;

namespace Recrypt.LoadTest;

/// <summary>What one scenario did at one concurrency level.</summary>
public sealed record LoadResult(
    string Scenario, int Concurrency, TimeSpan Elapsed, long Requests, long Errors,
    IReadOnlyDictionary<string, long> ErrorsByKind, double P50Milliseconds, double P90Milliseconds, double P99Milliseconds,
    double MaxMilliseconds)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>The CPU time the server used while the point was measured; <see langword="null"/> when not known.</summary>
    public TimeSpan? ServerCpu { get; init; }

    /// <summary>The server's CPU milliseconds per request (answered or not) of the point; <see langword="null"/> when not known.</summary>
    public double? ServerCpuMillisecondsPerRequest => ServerCpu is { } cpu && Requests > 0 ? cpu.TotalMilliseconds / Requests : null;

    /// <summary>The CPU time the database server used while the point was measured; <see langword="null"/> when not known.</summary>
    public TimeSpan? DatabaseCpu { get; init; }

    /// <summary>The database server's CPU milliseconds per request; <see langword="null"/> when not known.</summary>
    public double? DatabaseCpuMillisecondsPerRequest => DatabaseCpu is { } cpu && Requests > 0 ? cpu.TotalMilliseconds / Requests : null;

    /// <summary>One thread's transform rate on the service's core measured right before and right after the point, when it was.</summary>
    public (double Before, double After)? TransformRates { get; init; }

    /// <summary>The mean of <see cref="TransformRates"/>: the rate the point is compared with.</summary>
    public double? TransformRate => TransformRates is var (before, after) ? (before + after) / 2 : null;

    /// <summary>One transform's CPU milliseconds around the point (the mean of the two measurements), when measured.</summary>
    public double? TransformCpuMilliseconds { get; init; }

    /// <summary>
    /// The same as <see cref="TransformRates"/> for transforms with the key prepared once: the transform the service
    /// runs per fetch once it keeps the key (Transforms:PreparedKeyCacheSize).
    /// </summary>
    public (double Before, double After)? PreparedTransformRates { get; init; }

    /// <summary>The mean of <see cref="PreparedTransformRates"/>.</summary>
    public double? PreparedTransformRate => PreparedTransformRates is var (before, after) ? (before + after) / 2 : null;

    /// <summary>How many responses of the scenario so far were checked by decrypting them.</summary>
    public long Verified { get; init; }

    public const string Header = "scenario        clients   requests/s    p50 ms    p90 ms    p99 ms    max ms   requests   errors  cpu ms/req  db ms/req";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario,-15} {Concurrency,7} {RequestsPerSecond,12:F0} {P50Milliseconds,9:F1} {P90Milliseconds,9:F1} {P99Milliseconds,9:F1} {MaxMilliseconds,9:F1} {Requests,10} {Errors,8} {Milliseconds(ServerCpuMillisecondsPerRequest),11} {Milliseconds(DatabaseCpuMillisecondsPerRequest),10}")
        + (ErrorsByKind.Count == 0 ? "" : "  " + string.Join(", ", ErrorsByKind.Select(kind => $"{kind.Key}: {kind.Value}")))
        + (TransformRates is var (before, after) ? string.Create(CultureInfo.InvariantCulture, $"  (transforms/s on the service's core: {before:F0} before, {after:F0} after") : "")
        + (PreparedTransformRates is var (preparedBefore, preparedAfter) ? string.Create(CultureInfo.InvariantCulture, $"; prepared key {preparedBefore:F0}, {preparedAfter:F0}") : "")
        + (TransformRates is null ? "" : ")");

    /// <summary>The <paramref name="quantile"/> of sorted latencies in stopwatch ticks, in milliseconds.</summary>
    public static double Percentile(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return 0;
        }
        var index = (int)Math.Ceiling(quantile * sortedTicks.Length) - 1;
        return sortedTicks[Math.Clamp(index, 0, sortedTicks.Length - 1)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }

    /// <summary>A per-request figure for the tables: two decimals, or "-" when not known.</summary>
    public static string Milliseconds(double? value) => value is { } known ? known.ToString("F2", CultureInfo.InvariantCulture) : "-";
}
