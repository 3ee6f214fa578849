using Microsoft.AspNetCore.Http.HttpResults;
using Recrypt.Service.Audit;
using Recrypt.Service.Errors;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Health;

internal static partial class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", GetHealth)
            .WithName("GetHealth")
            .WithSummary("Reports that the service is up and which native ABI it has loaded.")
            .WithDescription("Liveness: the process answers. See /health/ready for whether it can serve from its storage.")
            .WithTags("Health");
        endpoints.MapGet("/health/ready", GetReadiness)
            .WithName("GetReadiness")
            .WithSummary("Reports whether the service can serve: its storage answers a read.")
            .WithDescription("Readiness: 200 when a read of the database (the audit trail's head) succeeds, 503 when it fails.")
            .WithTags("Health")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static HealthResponse GetHealth() =>
        new("ok", new NativeLibraryHealth(RecryptLibrary.AbiVersion));

    private static Results<Ok<ReadinessResponse>, ProblemHttpResult> GetReadiness(IAuditStore audit, StorageOptions storage, ILogger<ReadinessResponse> logger)
    {
        try
        {
            _ = audit.Head();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            NotReady(logger, exception.GetType().Name);
            return Problems.ForStatus(StatusCodes.Status503ServiceUnavailable).Result($"The {storage.Provider} storage does not answer.");
        }
        return TypedResults.Ok(new ReadinessResponse("ready", storage.Provider.ToString()));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: the storage does not answer ({Error})")]
    private static partial void NotReady(ILogger logger, string error);
}

/// <summary>Body of <c>GET /health</c>.</summary>
public sealed record HealthResponse(string Status, NativeLibraryHealth Native);

/// <summary>The native library as seen by the running service.</summary>
public sealed record NativeLibraryHealth(uint AbiVersion);

/// <summary>Body of <c>GET /health/ready</c>.</summary>
/// <param name="Status"><c>ready</c>.</param>
/// <param name="Storage">The storage provider that answered.</param>
public sealed record ReadinessResponse(string Status, string Storage);
