using System.Globalization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Recrypt.Service.Errors;

namespace Recrypt.Service.RateLimiting;

/// <summary>
/// Marks an endpoint whose requests count against the limits of one <see cref="RateLimitKind"/>: each request one
/// permit, or, when <paramref name="PerItem"/>, each item of the request one (counted by the endpoint, with
/// <see cref="RequestLimiter.AcquireItem"/>).
/// </summary>
internal sealed record RateLimitedMetadata(RateLimitKind Kind, bool PerItem = false);

/// <summary>
/// Rate limits with ASP.NET Core's rate limiter middleware over the service's one <see cref="RequestLimiter"/>.
/// A refused request is a 429 ProblemDetails with <c>Retry-After</c>.
/// </summary>
internal static class RateLimitingSetup
{
    public static IServiceCollection AddRecryptRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new RateLimitOptions();
        configuration.GetSection(RateLimitOptions.SectionName).Bind(options);
        services.AddSingleton(options);
        services.AddSingleton<RequestLimiter>();
        services.AddRateLimiter(limiter => limiter.OnRejected = OnRejectedAsync);
        services.AddOptions<RateLimiterOptions>().Configure<RequestLimiter>((limiter, requests) => limiter.GlobalLimiter = requests.ForRequests);
        return services;
    }

    /// <summary>Counts each of the endpoint's requests against the limits of <paramref name="kind"/>.</summary>
    public static TBuilder WithRateLimit<TBuilder>(this TBuilder builder, RateLimitKind kind)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RateLimitedMetadata(kind)).ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>
    /// Counts each item of the endpoint's requests against the limits of <paramref name="kind"/>: the endpoint asks
    /// <see cref="RequestLimiter.AcquireItem"/> for each, and answers with <see cref="TooManyRequests"/> when none is allowed.
    /// </summary>
    public static TBuilder WithRateLimitPerItem<TBuilder>(this TBuilder builder, RateLimitKind kind)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RateLimitedMetadata(kind, PerItem: true)).ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>The 429 answer to a refusal (<see cref="RequestLimiter.Refused"/>): its <c>Retry-After</c> set on the response.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooManyRequests(HttpContext context, (string Detail, int? RetryAfter) refusal)
    {
        SetRetryAfter(context, refusal.RetryAfter);
        return Problems.TooManyRequests.Result(refusal.Detail);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var (detail, retryAfter) = RequestLimiter.Refused(rejected.HttpContext, rejected.Lease);
        SetRetryAfter(rejected.HttpContext, retryAfter);
        await Problems.TooManyRequests.WriteAsync(rejected.HttpContext, detail);
    }

    private static void SetRetryAfter(HttpContext context, int? seconds)
    {
        if (seconds is { } wait)
        {
            context.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        }
    }
}
