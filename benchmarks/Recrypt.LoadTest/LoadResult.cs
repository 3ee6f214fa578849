using System.Globalization;

namespace Recrypt.LoadTest;

/// <summary>What one scenario did at one concurrency level.</summary>
public sealed record LoadResult(
    string Scenario, int Concurrency, TimeSpan Elapsed, long Requests, long Errors,
    IReadOnlyDictionary<string, long> ErrorsByKind, double P50Milliseconds, double P90Milliseconds, double P99Milliseconds,
    double MaxMilliseconds)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public const string Header = "scenario        clients   requests/s    p50 ms    p90 ms    p99 ms    max ms   requests   errors";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario,-15} {Concurrency,7} {RequestsPerSecond,12:F0} {P50Milliseconds,9:F1} {P90Milliseconds,9:F1} {P99Milliseconds,9:F1} {MaxMilliseconds,9:F1} {Requests,10} {Errors,8}")
        + (ErrorsByKind.Count == 0 ? "" : "  " + string.Join(", ", ErrorsByKind.Select(kind => $"{kind.Key}: {kind.Value}")));

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
}
