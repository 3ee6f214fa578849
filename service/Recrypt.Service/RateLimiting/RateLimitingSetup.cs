using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Recrypt.Protocol;
using Recrypt.Service.Audit;
using Recrypt.Service.Auth;
using Recrypt.Service.Errors;

namespace Recrypt.Service.RateLimiting;

/// <summary>Marks an endpoint whose requests count against the limits of one <see cref="RateLimitKind"/>.</summary>
internal sealed record RateLimitedMetadata(RateLimitKind Kind);

/// <summary>
/// Rate limits with ASP.NET Core's rate limiter: each limited endpoint counts against a fixed window per
/// signing identity and per client address (IPv6 addresses by their /64 network), for its kind of request
/// (<see cref="RateLimitOptions"/>). A refused request is a 429 ProblemDetails with <c>Retry-After</c>.
/// </summary>
/// <remarks>
/// The limiter runs after authentication and authorization, so the identity it counts is the one whose
/// signature verified, never a header anyone can send; requests refused before (401) cost one signature
/// check and are not counted.
/// </remarks>
internal static partial class RateLimitingSetup
{
    public static IServiceCollection AddRecryptRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new RateLimitOptions();
        configuration.GetSection(RateLimitOptions.SectionName).Bind(options);
        services.AddSingleton(options);
        services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = OnRejectedAsync;
            if (options.Enabled)
            {
                limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options, "address", AddressOf(context), limit => limit.PerAddress)),
                    PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options, "identity", IdentityOf(context), limit => limit.PerIdentity)));
            }
        });
        return services;
    }

    /// <summary>Counts the endpoint's requests against the limits of <paramref name="kind"/>.</summary>
    public static TBuilder WithRateLimit<TBuilder>(this TBuilder builder, RateLimitKind kind)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RateLimitedMetadata(kind)).ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static RateLimitPartition<string> Partition(
        HttpContext context, RateLimitOptions options, string dimension, string? key, Func<RateLimit, int> permits)
    {
        var kind = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedMetadata>()?.Kind;
        var limit = kind is null || key is null ? 0 : permits(options.For(kind.Value));
        if (limit <= 0)
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        return RateLimitPartition.GetFixedWindowLimiter($"{kind}:{dimension}:{key}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = options.Window,
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

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var what = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedMetadata>()?.Kind.ToString().ToLowerInvariant() ?? "requests";
        var detail = $"Too many {what} from this identity or address: try again later.";
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail = $"Too many {what} from this identity or address: try again in {seconds} s.";
        }
        var logger = context.RequestServices.GetRequiredService<ILogger<RateLimitOptions>>();
        Limited(logger, what);
        Observability.RecryptMetrics.RateLimitRejections.Add(1, new KeyValuePair<string, object?>("kind", what));
        var endpoint = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unknown";
        context.RequestServices.GetRequiredService<AuditRecorder>().Record(AuditEventTypes.RateLimited, [endpoint], [], AuditRecorder.Refused($"rate limit ({what})"));
        await Problems.TooManyRequests.WriteAsync(context, detail);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request over the rate limit: {Kind}")]
    private static partial void Limited(ILogger logger, string kind);
}
