using System.Net;
using System.Text.Json;

namespace Recrypt.Service.Tests;

/// <summary>Asserts on ProblemDetails answers.</summary>
public static class ProblemAssert
{
    /// <summary>
    /// Asserts that <paramref name="response"/> is a ProblemDetails with <paramref name="status"/> and the
    /// type <c>urn:recrypt:problem:<paramref name="slug"/></c>; returns its detail.
    /// </summary>
    public static async Task<string?> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string slug)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal($"urn:recrypt:problem:{slug}", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
    }

    /// <summary>Asserts a 401 ProblemDetails with the <c>WWW-Authenticate: Recrypt-Ed25519</c> challenge; returns its detail.</summary>
    public static async Task<string?> IsUnauthorizedAsync(HttpResponseMessage response)
    {
        var detail = await IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Recrypt-Ed25519", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        return detail;
    }
}
