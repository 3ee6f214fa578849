namespace Recrypt.Service.Health;

internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", GetHealth)
            .WithName("GetHealth")
            .WithSummary("Reports that the service is up and which native ABI it has loaded.")
            .WithTags("Health");
        return endpoints;
    }

    private static HealthResponse GetHealth() =>
        new("ok", new NativeLibraryHealth(RecryptLibrary.AbiVersion));
}

/// <summary>Body of <c>GET /health</c>.</summary>
public sealed record HealthResponse(string Status, NativeLibraryHealth Native);

/// <summary>The native library as seen by the running service.</summary>
public sealed record NativeLibraryHealth(uint AbiVersion);
