using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Recrypt.Service.Errors;

/// <summary>
/// The service's ProblemDetails: one stable <c>type</c> per kind of error,
/// <c>urn:recrypt:problem:&lt;slug&gt;</c>, each with a fixed status code and title. Clients switch on
/// <c>type</c>; <c>detail</c> is for people and may change.
/// </summary>
internal static class Problems
{
    public const string TypePrefix = "urn:recrypt:problem:";

    public static readonly ProblemKind MalformedInput = new("malformed-input", StatusCodes.Status400BadRequest, "The request is malformed.");
    public static readonly ProblemKind Unauthorized = new("unauthorized", StatusCodes.Status401Unauthorized, "The request is not signed by a known identity.");
    public static readonly ProblemKind Forbidden = new("forbidden", StatusCodes.Status403Forbidden, "The caller may not do this.");
    public static readonly ProblemKind NotFound = new("not-found", StatusCodes.Status404NotFound, "Nothing exists at this address.");
    public static readonly ProblemKind MethodNotAllowed = new("method-not-allowed", StatusCodes.Status405MethodNotAllowed, "The method is not allowed here.");
    public static readonly ProblemKind Conflict = new("conflict", StatusCodes.Status409Conflict, "The resource already exists.");
    public static readonly ProblemKind PayloadTooLarge = new("payload-too-large", StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
    public static readonly ProblemKind UnsupportedMediaType = new("unsupported-media-type", StatusCodes.Status415UnsupportedMediaType, "The request body must be application/json.");
    public static readonly ProblemKind CryptographicCheckFailed = new("cryptographic-check-failed", StatusCodes.Status422UnprocessableEntity, "A cryptographic check failed.");
    public static readonly ProblemKind TransformHopLimit = new("transform-hop-limit", StatusCodes.Status422UnprocessableEntity, "The value would have more transform hops than the service allows.");
    public static readonly ProblemKind TooManyRequests = new("too-many-requests", StatusCodes.Status429TooManyRequests, "Too many requests.");
    public static readonly ProblemKind Internal = new("internal", StatusCodes.Status500InternalServerError, "The service failed.");

    private static readonly ProblemKind[] s_all =
    [
        MalformedInput, Unauthorized, Forbidden, NotFound, MethodNotAllowed, Conflict, PayloadTooLarge,
        UnsupportedMediaType, CryptographicCheckFailed, TransformHopLimit, TooManyRequests, Internal,
    ];

    /// <summary>
    /// The kind of error for a status code, for answers the framework writes (status code pages, bad
    /// requests); a status with no kind of its own gets <c>urn:recrypt:problem:http-&lt;status&gt;</c>.
    /// </summary>
    public static ProblemKind ForStatus(int statusCode) =>
        Array.Find(s_all, kind => kind.StatusCode == statusCode)
        ?? new ProblemKind($"http-{statusCode}", statusCode, ReasonPhrases.GetReasonPhrase(statusCode));
}

/// <summary>One kind of error: a stable type URN, its status code and its title.</summary>
internal sealed record ProblemKind(string Slug, int StatusCode, string Title)
{
    public string Type => Problems.TypePrefix + Slug;

    /// <summary>A ProblemDetails result of this kind, with <paramref name="detail"/> saying what exactly went wrong.</summary>
    public ProblemHttpResult Result(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCode, title: Title, type: Type);

    /// <summary>Writes a ProblemDetails of this kind as the response, from middleware that answers before any endpoint runs.</summary>
    public async Task WriteAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCode;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCode, Type = Type, Title = Title, Detail = detail },
        });
    }
}
