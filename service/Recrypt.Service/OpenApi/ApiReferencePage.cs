using Scalar.AspNetCore;

namespace Recrypt.Service.OpenApi;

/// <summary>
/// The interactive API page at <c>/scalar</c>, built on the OpenAPI document. It is self-contained: Scalar's
/// script is served by the service itself, the default fonts (fetched from Scalar's CDN) are off, and so are
/// the features that talk to other hosts or sell other products (the AI agent, MCP, telemetry, the
/// developer-tools toolbar with its deploy and SDK-generation buttons).
/// </summary>
internal static class ApiReferencePage
{
    public const string Path = "/scalar";

    public const string Title = ServiceDescription.Title + " API";

    public static IEndpointConventionBuilder MapApiReferencePage(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapScalarApiReference(Path, options => options
            .WithTitle(Title)
            .DisableDefaultFonts()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .HideDeveloperTools()
            .HideClientButton()
            .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl));
}
