using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Recrypt.Service.Observability;

/// <summary>
/// The service's own instruments, on the meter <see cref="MeterName"/> (exported at <c>/metrics</c> beside
/// ASP.NET Core's requests by route and status). Labels are fixed words (a reason, an operation, a kind):
/// never an id, a key, a value or a path.
/// </summary>
internal static class RecryptMetrics
{
    public const string MeterName = "Recrypt.Service";

    private static readonly Meter s_meter = new(MeterName);

    /// <summary>Document keys transformed for grantees.</summary>
    public static readonly Counter<long> Transforms = s_meter.CreateCounter<long>("recrypt.transforms", "{transform}", "Document keys transformed for a grantee.");

    /// <summary>How long a transform took.</summary>
    public static readonly Histogram<double> TransformDuration = s_meter.CreateHistogram<double>("recrypt.transform.duration", "s", "Time to transform a document key for a grantee.");

    /// <summary>Lookups of prepared transform keys (<see cref="Scheme.PreparedKeyCache"/>), by outcome (hit, miss).</summary>
    public static readonly Counter<long> PreparedKeyLookups = s_meter.CreateCounter<long>("recrypt.transform_key_cache.lookups", "{lookup}", "Lookups of decoded and checked transform keys, by outcome.");

    /// <summary>Requests refused, by event type and reason.</summary>
    public static readonly Counter<long> Refusals = s_meter.CreateCounter<long>("recrypt.refusals", "{refusal}", "Requests refused, by what was refused and why.");

    /// <summary>Requests refused over a rate limit, by kind.</summary>
    public static readonly Counter<long> RateLimitRejections = s_meter.CreateCounter<long>("recrypt.rate_limit.rejections", "{request}", "Requests refused over a rate limit.");

    /// <summary>How long a storage write (with its audit record) took, by provider.</summary>
    public static readonly Histogram<double> StorageDuration = s_meter.CreateHistogram<double>("recrypt.storage.duration", "s", "Time of one storage write transaction, its audit record included.");

    /// <summary>Records one refusal.</summary>
    public static void Refused(string what, string reason) =>
        Refusals.Add(1, new KeyValuePair<string, object?>("what", what), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Records how long a storage write took since <paramref name="started"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void StorageWrite(string provider, long started) =>
        StorageDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("provider", provider));
}
