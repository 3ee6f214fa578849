using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Net.Http.Headers;
using Recrypt.Service.Errors;

namespace Recrypt.Service.Auth;

/// <summary>
/// The bytes of the request body, read once by <see cref="RequestBodyMiddleware"/> into a buffer rented
/// from the shared pool, which grows with the bytes that actually arrive (never with the declared
/// <c>Content-Length</c>) and goes back to the pool, cleared, when the request ends.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    /// <summary>The first buffer rented once a byte has arrived; each later one is twice as large.</summary>
    public const int InitialCapacity = 4 * 1024;

    private readonly ArrayPool<byte> _pool;
    private byte[]? _buffer;
    private int _length;

    public RequestBody(ArrayPool<byte> pool)
    {
        _pool = pool;
    }

    /// <summary>The body as received so far (all of it once the middleware has read it).</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, _length);

    public int Length => _length;

    /// <summary>Appends <paramref name="bytes"/>, growing the buffer by doubling.</summary>
    public void Append(in ReadOnlySequence<byte> bytes)
    {
        var needed = checked(_length + (int)bytes.Length);
        if (_buffer is null || needed > _buffer.Length)
        {
            var grown = _pool.Rent(Math.Max(needed, Math.Max(InitialCapacity, (_buffer?.Length ?? 0) * 2)));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _length).CopyTo(grown);
                _pool.Return(_buffer, clearArray: true);
            }
            _buffer = grown;
        }
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
    }

    /// <summary>A read-only stream over the bytes, for the handlers' model binding.</summary>
    public Stream AsStream() =>
        _buffer is null ? new MemoryStream([], writable: false) : new MemoryStream(_buffer, 0, _length, writable: false);

    public void Dispose()
    {
        // Bodies can hold secrets (the seed compatibility mode's private keys): clear before returning.
        if (_buffer is not null)
        {
            _pool.Return(_buffer, clearArray: true);
            _buffer = null;
            _length = 0;
        }
    }
}

/// <summary>
/// Reads every request body into memory before anything else sees it: request signatures cover a hash of
/// the exact bytes. The body is taken from the connection's own pipe as it arrives, so nothing is
/// allocated for a body before its bytes are there, and a body over <see cref="MaxSize"/> is refused with
/// 413 however it is sent (with a Content-Length or chunked). A <c>Content-Type</c> that is not parseable,
/// or that names a charset other than UTF-8, is refused with 415 before any byte is read: JSON is UTF-8
/// (a UTF-8 charset parameter, quoted or not, is dropped before the handlers see the header). Handlers
/// then bind from the copy.
/// </summary>
internal sealed class RequestBodyMiddleware(RequestDelegate next)
{
    /// <summary>The largest request body the service reads: 1 MiB.</summary>
    public const int MaxSize = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (MediaTypeProblem(request) is { } mediaTypeProblem)
        {
            await Problems.UnsupportedMediaType.WriteAsync(context, mediaTypeProblem);
            return;
        }
        if (request.ContentLength > MaxSize)
        {
            await WriteTooLargeAsync(context);
            return;
        }

        using var body = new RequestBody(ArrayPool<byte>.Shared);
        bool complete;
        try
        {
            complete = await TryReadAsync(request.BodyReader, body, context.RequestAborted);
        }
        catch (IOException exception) when (exception is not BadHttpRequestException)
        {
            // Kestrel reports some malformed framing this way rather than as a bad request (a chunk size
            // that overflows: "Bad chunk size data."). A client that went away gets no answer anyway.
            await Problems.MalformedInput.WriteAsync(context, $"The request body could not be read: {exception.Message}");
            return;
        }
        if (!complete)
        {
            await WriteTooLargeAsync(context);
            return;
        }

        context.Features.Set(body);
        request.Body = body.AsStream();
        await next(context);
    }

    private static async Task<bool> TryReadAsync(PipeReader reader, RequestBody body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var bytes = result.Buffer;
            if (body.Length + bytes.Length > MaxSize)
            {
                reader.AdvanceTo(bytes.End);
                return false;
            }
            if (!bytes.IsEmpty)
            {
                body.Append(bytes);
            }
            reader.AdvanceTo(bytes.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return true;
            }
        }
    }

    /// <summary>Why the request's <c>Content-Type</c> is refused, or <see langword="null"/> when it is absent or acceptable.</summary>
    private static string? MediaTypeProblem(HttpRequest request)
    {
        var contentType = request.Headers.ContentType;
        if (contentType.Count == 0)
        {
            return null;
        }
        if (contentType.Count > 1 || !MediaTypeHeaderValue.TryParse(contentType.ToString(), out var mediaType))
        {
            return "The Content-Type header is not a single well-formed media type.";
        }
        var charset = mediaType.Charset;
        if (charset.HasValue)
        {
            if (!string.Equals(HeaderUtilities.RemoveQuotes(charset).Value, "utf-8", StringComparison.OrdinalIgnoreCase))
            {
                return "Request bodies are JSON in UTF-8: send no charset, or charset=utf-8.";
            }
            // JSON is UTF-8 whatever the parameter says; without it the JSON reader cannot trip on its
            // spelling (it took a quoted "utf-8" for an unknown encoding: a 500).
            mediaType.Charset = null;
            request.ContentType = mediaType.ToString();
        }
        return null;
    }

    private static Task WriteTooLargeAsync(HttpContext context) =>
        Problems.PayloadTooLarge.WriteAsync(context, $"The request body is larger than {MaxSize} bytes.");
}
