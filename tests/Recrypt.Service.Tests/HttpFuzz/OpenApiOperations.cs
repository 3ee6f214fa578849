using System.Text.Json.Nodes;

namespace Recrypt.Service.Tests.HttpFuzz;

/// <summary>One route and method of the service, as its OpenAPI document describes it.</summary>
internal sealed record Operation(
    string Method,
    string PathTemplate,
    IReadOnlyList<string> PathParameters,
    IReadOnlyList<BodyProperty> BodyProperties,
    bool HasBody,
    bool Signed)
{
    public override string ToString() => $"{Method} {PathTemplate}";
}

/// <summary>A property of a request body's schema.</summary>
internal sealed record BodyProperty(string Name, string? Type, string? Format, bool Required);

/// <summary>Reads every operation from the service's own OpenAPI document.</summary>
internal static class OpenApiOperations
{
    public static IReadOnlyList<Operation> Read(string document)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        var schemas = root["components"]?["schemas"]?.AsObject();
        var operations = new List<Operation>();
        foreach (var (path, item) in root["paths"]!.AsObject())
        {
            foreach (var (method, operationNode) in item!.AsObject())
            {
                var operation = operationNode!.AsObject();
                var parameters = operation["parameters"]?.AsArray()
                    .Where(parameter => (string?)parameter!["in"] == "path")
                    .Select(parameter => (string)parameter!["name"]!)
                    .ToList() ?? [];
                var schema = Resolve(operation["requestBody"]?["content"]?["application/json"]?["schema"], schemas);
                var required = schema?["required"]?.AsArray().Select(name => (string)name!).ToHashSet(StringComparer.Ordinal) ?? [];
                var properties = schema?["properties"]?.AsObject()
                    .Select(property => new BodyProperty(
                        property.Key,
                        Resolve(property.Value, schemas)?["type"] is JsonNode type ? TypeName(type) : null,
                        (string?)property.Value?["format"],
                        required.Contains(property.Key)))
                    .ToList() ?? [];
                operations.Add(new Operation(
                    method.ToUpperInvariant(),
                    path,
                    parameters,
                    properties,
                    operation["requestBody"] is not null,
                    operation["security"] is JsonArray { Count: > 0 }));
            }
        }
        return operations;
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonObject? schemas) =>
        schema?["$ref"] is JsonNode reference && ((string)reference!).Split('/')[^1] is var name
            ? schemas?[name]
            : schema;

    // "type" is a string, or an array such as ["null", "string"].
    private static string? TypeName(JsonNode type) => type is JsonArray array
        ? array.Select(item => (string?)item).FirstOrDefault(item => item != "null")
        : (string?)type;
}
