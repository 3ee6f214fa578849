using System.Net;
using System.Text.Json.Nodes;

namespace Recrypt.Cli.Tests;

/// <summary>
/// A malicious service: a proxy in front of the real one that forwards every request byte for byte (so
/// signatures still verify), except that it may rewrite the JSON of <c>GET /identities/{id}</c> answers.
/// It records every request that would change something at the service.
/// </summary>
public sealed class TamperingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> s_skippedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Connection", "Transfer-Encoding", "Keep-Alive", "Expect",
    };

    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream;
    private readonly Task _loop;
    private readonly List<string> _writes = [];

    public TamperingProxy(Uri upstream)
    {
        _upstream = new HttpClient { BaseAddress = upstream };
        var port = Recrypt.Testing.ServiceProcess.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>Rewrites the answer to <c>GET /identities/{id}</c> for the id given; <see langword="null"/> passes answers through.</summary>
    public Func<string, JsonObject, JsonObject>? RewriteIdentity { get; set; }

    /// <summary>Every POST, PUT and DELETE that reached the real service, as "METHOD path".</summary>
    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var incoming = context.Request;
        var path = incoming.RawUrl ?? "/";
        using var request = new HttpRequestMessage(new HttpMethod(incoming.HttpMethod), new Uri(path.TrimStart('/'), UriKind.Relative));
        if (incoming.HasEntityBody)
        {
            using var body = new MemoryStream();
            await incoming.InputStream.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
            if (incoming.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        foreach (var name in incoming.Headers.AllKeys)
        {
            if (name is not null && !s_skippedHeaders.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, incoming.Headers.GetValues(name) ?? []);
            }
        }
        if (incoming.HttpMethod is "POST" or "PUT" or "DELETE")
        {
            lock (_writes)
            {
                _writes.Add($"{incoming.HttpMethod} {path}");
            }
        }

        using var response = await _upstream.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var segments = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (incoming.HttpMethod == "GET" && segments is ["identities", var id] && response.IsSuccessStatusCode && RewriteIdentity is { } rewrite)
        {
            var json = JsonNode.Parse(bytes)!.AsObject();
            bytes = System.Text.Encoding.UTF8.GetBytes(rewrite(id, json).ToJsonString());
        }

        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            outgoing.ContentType = type.ToString();
        }
        foreach (var header in response.Headers.Where(header => header.Key == "WWW-Authenticate" || header.Key == "Location"))
        {
            outgoing.Headers[header.Key] = string.Join(", ", header.Value);
        }
        outgoing.ContentLength64 = bytes.Length;
        await outgoing.OutputStream.WriteAsync(bytes);
        outgoing.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        _upstream.Dispose();
    }
}
