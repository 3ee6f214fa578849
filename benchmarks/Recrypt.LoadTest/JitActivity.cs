using System.Globalization;
using System.Net.Http;

namespace Recrypt.LoadTest;

/// <summary>
/// How many methods the service instances' JIT has compiled so far, from their <c>/metrics</c>
/// (<c>dotnet_jit_compiled_methods_total</c>, the runtime's own meter). A service under load keeps recompiling its hot
/// paths (tier 0, then instrumented, then optimized, in the background) for minutes when its core is busy with
/// transforms; while it does, CPU per request measures the JIT, not the service. The warm-up runs until it grows slowly.
/// </summary>
public sealed class JitActivity(IReadOnlyList<Uri> instances) : IDisposable
{
    private const string Metric = "dotnet_jit_compiled_methods_total";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The methods compiled so far by every instance, together.</summary>
    public async Task<long> CompiledMethodsAsync()
    {
        long total = 0;
        foreach (var instance in instances)
        {
            var metrics = await _http.GetStringAsync(new Uri(instance, "/metrics")).ConfigureAwait(false);
            total += Parse(metrics) ?? throw new InvalidOperationException($"{instance}metrics has no {Metric}.");
        }
        return total;
    }

    /// <summary>The counter's value in a Prometheus text exposition, or null when it is absent.</summary>
    public static long? Parse(string metrics)
    {
        foreach (var line in metrics.AsSpan().EnumerateLines())
        {
            // dotnet_jit_compiled_methods_total{otel_scope_name="System.Runtime"} 3869
            if (line.StartsWith(Metric, StringComparison.Ordinal) && line.Length > Metric.Length && line[Metric.Length] is '{' or ' ')
            {
                var value = line[(line.LastIndexOf(' ') + 1)..];
                return (long)double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    public void Dispose() => _http.Dispose();
}
