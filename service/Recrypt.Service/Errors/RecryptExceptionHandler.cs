using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Recrypt.Service.Errors;

/// <summary>
/// Turns the exceptions a client's input can cause into ProblemDetails: a request the framework could
/// not read (<see cref="BadHttpRequestException"/>: bad JSON or base64, no body, wrong content type, a
/// body over the size limit) and a <see cref="RecryptException"/> that escaped a handler (bytes that do
/// not decode: 400; a check that failed: 422). Anything else is left to the default handler: 500.
/// </summary>
internal sealed partial class RecryptExceptionHandler(IProblemDetailsService problemDetails, ILogger<RecryptExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (kind, detail) = exception switch
        {
            BadHttpRequestException bad => (Problems.ForStatus(bad.StatusCode), Describe(bad)),
            RecryptException recrypt => (KindOf(recrypt.Error), recrypt.Message),
            _ => (null, null),
        };
        if (kind is null)
        {
            return false;
        }

        ClientError(logger, kind.StatusCode, kind.Slug);
        httpContext.Response.StatusCode = kind.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = kind.StatusCode,
                Type = kind.Type,
                Title = kind.Title,
                Detail = detail,
            },
        });
    }

    /// <summary>Which kind of error a failed cryptographic operation on a client's input is.</summary>
    public static ProblemKind KindOf(RecryptError error) => error switch
    {
        RecryptError.MalformedEncoding
            or RecryptError.UnsupportedEncodingVersion
            or RecryptError.InvalidPublicKey
            or RecryptError.DecodeFailed => Problems.MalformedInput,
        RecryptError.InvalidEncryptedValueSignature
            or RecryptError.InvalidTransformKeySignature
            or RecryptError.DecryptFailed
            or RecryptError.InvalidSigningKeyPair => Problems.CryptographicCheckFailed,
        _ => Problems.Internal,
    };

    // The framework's message names the parameter; the JSON reader's says where in the body it failed
    // (a path and position, never the content).
    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json ? $"{exception.Message} {json.Message}" : exception.Message;

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request: {StatusCode} {Problem}")]
    private static partial void ClientError(ILogger logger, int statusCode, string problem);
}
