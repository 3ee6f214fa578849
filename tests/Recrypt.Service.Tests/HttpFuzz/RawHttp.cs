using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Recrypt.Service.Tests.HttpFuzz;

/// <summary>
/// HTTP/1.1 over a plain socket, byte for byte as written: duplicated and non-ASCII headers, bodies
/// that do not match their Content-Length, broken chunking. One request per connection
/// (<c>Connection: close</c>); the client then half-closes, so a body that promised more than it sent
/// ends there, and reads every response until the service closes.
/// </summary>
internal static partial class RawHttp
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The status codes of every response the service wrote (more than one when a body overran into a
    /// second request). With <paramref name="giveUp"/> the client stops sending (half-closes) once the
    /// service has had a moment to answer: for bodies that promise more than they send. Kestrel takes a
    /// half-close for the client going away, so such a request may get no answer at all.
    /// </summary>
    public static async Task<int[]> SendAsync(IPEndPoint endpoint, byte[] request, bool giveUp = false)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(s_timeout);
        await socket.ConnectAsync(endpoint, timeout.Token);
        try
        {
            await socket.SendAsync(request, SocketFlags.None, timeout.Token);
            if (giveUp)
            {
                await Task.Delay(50, timeout.Token);
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The service may answer and close before it has read everything (a body over the limit).
        }

        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // A reset after the response: what was received is kept.
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No end of response within {s_timeout.TotalSeconds} s; received: {Encoding.Latin1.GetString(received.ToArray())}");
        }

        var text = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length);
        return [.. StatusLine().Matches(text).Select(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
    }

    [GeneratedRegex(@"HTTP/1\.[01] (\d{3}) ")]
    private static partial Regex StatusLine();
}

/// <summary>One request to send, built field by field so that any field can be wrong.</summary>
internal sealed class RawRequest
{
    public required string Method { get; set; }

    /// <summary>The request target as sent (already percent-encoded where it should be).</summary>
    public required string Target { get; set; }

    public List<(string Name, string Value)> Headers { get; } = [];

    public byte[]? Body { get; set; }

    /// <summary>The Content-Length to declare; <see langword="null"/> declares the body's real length (or none without a body).</summary>
    public string? DeclaredLength { get; set; }

    /// <summary>Sends the body with <c>Transfer-Encoding: chunked</c>, these bytes as the chunked stream when given.</summary>
    public bool Chunked { get; set; }

    public byte[]? RawChunkedBody { get; set; }

    public byte[] ToBytes()
    {
        var head = new StringBuilder();
        head.Append(Method).Append(' ').Append(Target).Append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var (name, value) in Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        byte[] payload;
        if (Chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n");
            payload = RawChunkedBody ?? Chunk(Body ?? []);
        }
        else
        {
            payload = Body ?? [];
            var length = DeclaredLength ?? (Body is null ? null : Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (length is not null)
            {
                head.Append("Content-Length: ").Append(length).Append("\r\n");
            }
        }
        head.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. payload];
    }

    private static byte[] Chunk(byte[] body)
    {
        using var stream = new MemoryStream();
        for (var offset = 0; offset < body.Length; offset += 4096)
        {
            var size = Math.Min(4096, body.Length - offset);
            stream.Write(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            stream.Write(body, offset, size);
            stream.Write("\r\n"u8);
        }
        stream.Write("0\r\n\r\n"u8);
        return stream.ToArray();
    }
}
