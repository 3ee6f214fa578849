using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recrypt.Service.Tests;

public sealed class OpenApiTests
{
    [Fact]
    public async Task TheServedDocumentIsTheCommittedOpenApiJson()
    {
        using var factory = new RecryptServiceFactory();
        using var http = factory.CreateClient();

        var served = JsonNode.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!.AsObject();
        var committed = await File.ReadAllTextAsync(RepositoryPaths.OpenApiDocument);

        // The served document names the address it was requested at; the committed one, made without a request, none.
        Assert.Equal("http://localhost", served["servers"]?[0]?["url"]?.GetValue<string>());
        served.Remove("servers");
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(committed), served),
            "service/Recrypt.Service/openapi.json differs from /openapi/v1.json: regenerate it with "
            + "`dotnet build service/Recrypt.Service -c Release` and commit it.");
    }

    [Fact]
    public async Task TheDocumentDescribesEveryRouteAndTheSignatureScheme()
    {
        using var factory = new RecryptServiceFactory();
        using var http = factory.CreateClient();

        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var root = document.RootElement;
        var paths = root.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToHashSet();
        Assert.Superset(
            new HashSet<string> { "/health", "/service", "/identities", "/identities/{id}", "/identities/{ownerId}/grants", "/identities/{ownerId}/grants/{granteeId}", "/documents", "/documents/{id}" },
            paths);
        Assert.DoesNotContain("/create_identity", paths);
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Recrypt-Ed25519");
        Assert.Contains("recrypt-request-v1", scheme.GetProperty("description").GetString(), StringComparison.Ordinal);
        var putGrant = root.GetProperty("paths").GetProperty("/identities/{ownerId}/grants/{granteeId}").GetProperty("put");
        Assert.Equal("PutGrant", putGrant.GetProperty("operationId").GetString());
        Assert.True(putGrant.GetProperty("responses").TryGetProperty("422", out _));
        Assert.True(putGrant.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task TheInteractiveApiPageIsServed()
    {
        using var factory = new RecryptServiceFactory();
        using var http = factory.CreateClient();

        using var response = await http.GetAsync(new Uri("/scalar", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
