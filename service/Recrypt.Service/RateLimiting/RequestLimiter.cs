using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Recrypt.Protocol;
using Recrypt.Service.Audit;
using Recrypt.Service.Auth;

namespace Recrypt.Service.RateLimiting;

/// <summary>
/// The one rate limiter of the service: a fixed window per signing identity and per client address (IPv6
/// addresses by their /64 network), for each <see cref="RateLimitKind"/> (<see cref="RateLimitOptions"/>). The
/// rate limiter middleware counts one request of each limited endpoint through <see cref="ForRequests"/>; an
/// endpoint that does the work of several requests in one (a batch fetch, <see cref="RateLimitedMetadata.PerItem"/>)
/// counts each item itself with <see cref="AcquireItem"/>, so a batch of N costs N. Every refusal, of a request or
/// of an item, is logged, counted and recorded in the audit trail by <see cref="Refused"/>.
/// </summary>
/// <remarks>
/// The middleware runs after authentication and authorization, so the identity counted is the one whose
/// signature verified, never a header anyone can send; requests refused before (401) cost one signature
/// check and are not counted.
/// </remarks>
internal sealed partial class RequestLimiter : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<LimitedRequest> _limiter;

    public RequestLimiter(RateLimitOptions options)
    {
        _options = options;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<LimitedRequest, string>(request => Partition(request, "address", AddressOf(request.Context), limit => limit.PerAddress)),
            PartitionedRateLimiter.Create<LimitedRequest, string>(request => Partition(request, "identity", IdentityOf(request.Context), limit => limit.PerIdentity)));
        ForRequests = _limiter.WithTranslatedKey<HttpContext>(
            context => new LimitedRequest(context, context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedMetadata>() is { PerItem: false } limited ? limited.Kind : null),
            leaveOpen: true);
    }

    /// <summary>What the rate limiter middleware counts: one permit per request of an endpoint limited per request.</summary>
    public PartitionedRateLimiter<HttpContext> ForRequests { get; }

    /// <summary>One permit of <paramref name="kind"/> for one item of the current request (dispose the lease).</summary>
    public RateLimitLease AcquireItem(HttpContext context, RateLimitKind kind) => _limiter.AttemptAcquire(new LimitedRequest(context, kind));

    /// <summary>
    /// A refusal over the rate limit of the current request's endpoint, or of its item <paramref name="item"/>: logged,
    /// counted, recorded in the audit trail (about the endpoint, and the item); returns the detail to answer, and the
    /// seconds to wait (the <c>Retry-After</c>) when the limiter knows them.
    /// </summary>
    public static (string Detail, int? RetryAfter) Refused(HttpContext context, RateLimitLease lease, string? item = null)
    {
        var what = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedMetadata>()?.Kind.ToString().ToLowerInvariant() ?? "requests";
        int? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : null;
        var detail = retryAfter is { } seconds
            ? $"Too many {what} from this identity or address: try again in {seconds.ToString(CultureInfo.InvariantCulture)} s."
            : $"Too many {what} from this identity or address: try again later.";
        var logger = context.RequestServices.GetRequiredService<ILogger<RequestLimiter>>();
        Limited(logger, what);
        Observability.RecryptMetrics.RateLimitRejections.Add(1, new KeyValuePair<string, object?>("kind", what));
        var endpoint = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unknown";
        context.RequestServices.GetRequiredService<AuditRecorder>().Record(
            AuditEventTypes.RateLimited, item is null ? [endpoint] : [endpoint, item], [], AuditRecorder.Refused($"rate limit ({what})"));
        return (detail, retryAfter);
    }

    public void Dispose()
    {
        ForRequests.Dispose();
        _limiter.Dispose();
    }

    private RateLimitPartition<string> Partition(LimitedRequest request, string dimension, string? key, Func<RateLimit, int> permits)
    {
        var limit = !_options.Enabled || request.Kind is null || key is null ? 0 : permits(_options.For(request.Kind.Value));
        if (limit <= 0)
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        return RateLimitPartition.GetFixedWindowLimiter($"{request.Kind}:{dimension}:{key}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = _options.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static string? IdentityOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.IdentityId() : null;

    /// <summary>The client's address; an IPv6 address by its /64 network, which one client usually holds whole.</summary>
    private static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }
        return address.ToString();
    }

    /// <summary>What a permit is asked for: a request, and the kind it counts against (none: not limited).</summary>
    private readonly record struct LimitedRequest(HttpContext Context, RateLimitKind? Kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request over the rate limit: {Kind}")]
    private static partial void Limited(ILogger logger, string kind);
}
