using OpenTelemetry.Metrics;

namespace Recrypt.Service.Observability;

internal static class ObservabilitySetup
{
    /// <summary>The response header that carries the request's id (also in its log lines, ProblemDetails and audit records).</summary>
    public const string RequestIdHeader = "Recrypt-Request-Id";

    /// <summary>The meter the .NET runtime publishes its own metrics on (<c>dotnet.gc.*</c>, <c>dotnet.jit.*</c>, <c>dotnet.thread_pool.*</c>).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// OpenTelemetry metrics for Prometheus (requests by route and status and their duration from ASP.NET Core,
    /// rate-limit rejections, <see cref="RecryptMetrics"/>, and the runtime's own <c>System.Runtime</c> meter: garbage
    /// collections, heap size, JIT-compiled methods, thread-pool threads and queue length, lock contention), and log lines that each carry their request's
    /// id (console scopes, one line per entry).
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(RecryptMetrics.MeterName, RuntimeMeterName)
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
