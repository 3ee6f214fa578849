using Recrypt.Service.Errors;

namespace Recrypt.Service.Auth;

/// <summary>The bytes of the request body, read once by <see cref="RequestBodyMiddleware"/>.</summary>
internal sealed class RequestBody(byte[] bytes)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;
}

/// <summary>
/// Reads every request body into memory, up to <see cref="MaxSize"/> bytes, before anything else sees
/// it: request signatures cover a hash of the exact bytes, and a body over the limit is refused with
/// 413 however it is sent (with a Content-Length or chunked). Handlers then bind from the copy.
/// </summary>
internal sealed class RequestBodyMiddleware(RequestDelegate next)
{
    /// <summary>The largest request body the service reads: 1 MiB.</summary>
    public const int MaxSize = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > MaxSize)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream(capacity: (int)(request.ContentLength ?? 0));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxSize)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        context.Features.Set(new RequestBody(bytes));
        request.Body = new MemoryStream(bytes, writable: false);
        await next(context);
    }

    private static BadHttpRequestException TooLarge() =>
        new($"The request body is larger than {MaxSize} bytes.", Problems.PayloadTooLarge.StatusCode);
}
