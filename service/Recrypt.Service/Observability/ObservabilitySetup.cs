using OpenTelemetry.Metrics;

namespace Recrypt.Service.Observability;

internal static class ObservabilitySetup
{
    /// <summary>The response header that carries the request's id (also in its log lines, ProblemDetails and audit records).</summary>
    public const string RequestIdHeader = "Recrypt-Request-Id";

    /// <summary>
    /// OpenTelemetry metrics for Prometheus (requests by route and status and their duration from ASP.NET Core,
    /// rate-limit rejections, and <see cref="RecryptMetrics"/>), and log lines that each carry their request's
    /// id (console scopes, one line per entry).
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(RecryptMetrics.MeterName)
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.IncludeScopes = true;
            console.SingleLine = true;
        });
        return builder;
    }

    /// <summary>Sends every answer's request id in <see cref="RequestIdHeader"/>.</summary>
    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.Headers[RequestIdHeader] = context.TraceIdentifier;
        return next(context);
    });

    /// <summary><c>GET /metrics</c>: the Prometheus text format.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
        return endpoints;
    }
}
