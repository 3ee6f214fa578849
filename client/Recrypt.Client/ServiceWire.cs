using System.Net.Http.Json;
using System.Text.Json;
using Recrypt.Protocol;

namespace Recrypt.Client;

/// <summary>What every caller of the service shares: the JSON of its wire format and the reading of its errors.</summary>
internal static class ServiceWire
{
    /// <summary>The JSON options of the service's wire format.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The exception for a failed answer: its ProblemDetails when it has one, else its status code alone.</summary>
    public static async Task<RecryptServiceException> ProblemOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ProblemResponse? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<ProblemResponse>(JsonOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // Not a ProblemDetails: report the status code alone.
        }
        return new RecryptServiceException(response.StatusCode, problem?.Type, problem?.Title, problem?.Detail);
    }
}

/// <summary>The curves as <c>GET /service</c> names them (<see cref="ServiceInfoResponse.Curve"/>).</summary>
internal static class ServiceCurves
{
    /// <summary>The names this client knows, for messages.</summary>
    public static string Known => string.Join(", ", Enum.GetNames<RecryptCurve>());

    /// <summary>The curve a service names; a service that names none is Api256.</summary>
    public static bool TryParse(string? name, out RecryptCurve curve)
    {
        curve = default;
        if (string.IsNullOrEmpty(name))
        {
            curve = RecryptCurve.Api256;
            return true;
        }
        foreach (var known in Enum.GetValues<RecryptCurve>())
        {
            if (string.Equals(known.ToString(), name, StringComparison.Ordinal))
            {
                curve = known;
                return true;
            }
        }
        return false;
    }
}
