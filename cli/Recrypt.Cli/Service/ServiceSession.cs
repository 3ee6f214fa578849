using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Text.Json;
using Recrypt.Client;

namespace Recrypt.Cli.Service;

/// <summary>
/// A connection to the service as one identity: an <see cref="HttpClient"/> whose requests are all signed by
/// the client library's <see cref="RecryptRequestSigner"/>, the typed <see cref="RecryptServiceClient"/> over
/// it, and the translation of failures into messages that say what happened and what to check, with their
/// exit codes.
/// </summary>
internal sealed class ServiceSession : IDisposable
{
    /// <summary>The <c>type</c> prefix of every error a Recrypt service answers.</summary>
    private const string ProblemTypePrefix = "urn:recrypt:problem:";

    private static readonly string s_userAgent =
        "recrypt-cli/" + (typeof(ServiceSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    private readonly HttpClient _http;

    /// <summary>A session with <paramref name="server"/>, each request limited to <paramref name="timeout"/>.</summary>
    public ServiceSession(Uri server, TransformEncryption recrypt, SigningKeyPair signingKeyPair, IKeyVersionMemory keyVersions, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        Timeout = timeout;
        // Requests name the service by its signing key (asked for once, before the first signed request).
        var signer = new RecryptRequestSigner(recrypt, signingKeyPair, server)
        {
            InnerHandler = new SocketsHttpHandler { ConnectTimeout = timeout < TimeSpan.FromSeconds(10) ? timeout : TimeSpan.FromSeconds(10) },
        };
        _http = new HttpClient(signer, disposeHandler: true) { BaseAddress = server, Timeout = timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(s_userAgent);
        Client = new RecryptServiceClient(_http, recrypt, keyVersions);
    }

    /// <summary>The service's base URL (ending with a slash).</summary>
    public Uri Server { get; }

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; }

    public RecryptServiceClient Client { get; }

    /// <summary>
    /// Makes one call, turning transport failures into <see cref="ExitCodes.Unreachable"/> and service errors
    /// into their exit codes; <paramref name="explain"/> may give a service error a clearer message first.
    /// </summary>
    public async Task<T> CallAsync<T>(
        Func<RecryptServiceClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken,
        Func<RecryptServiceException, CliException?>? explain = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call(Client, cancellationToken).ConfigureAwait(false);
        }
        catch (RecryptServiceException e)
        {
            if (e.StatusCode != 0 && e.ProblemType?.StartsWith(ProblemTypePrefix, StringComparison.Ordinal) != true
                && !await IsRecryptServiceAsync(cancellationToken).ConfigureAwait(false))
            {
                throw NotRecrypt($"it answered {(int)e.StatusCode} {Reason(e.StatusCode)} without a Recrypt error", e);
            }
            throw explain?.Invoke(e) ?? Translate(e);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // A success status with a body that is not the JSON a Recrypt service answers (an HTML page, say).
            throw NotRecrypt("its answer is not the JSON a Recrypt service sends", e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(
                ExitCodes.Unreachable,
                $"The service at {Server} did not answer within {Seconds(Timeout)}. Check that it is running and that the URL is right, "
                + $"or wait longer with --timeout <seconds> (or ${GlobalOptions.TimeoutVariable}).",
                e);
        }
    }

    /// <summary>Makes one call that returns nothing.</summary>
    public Task CallAsync(
        Func<RecryptServiceClient, CancellationToken, Task> call, CancellationToken cancellationToken,
        Func<RecryptServiceException, CliException?>? explain = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        return CallAsync(
            async (client, token) =>
            {
                await call(client, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken,
            explain);
    }

    /// <summary>The exit code and message of a service error without a clearer explanation.</summary>
    public CliException Translate(RecryptServiceException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var detail = e.Detail ?? e.Title ?? e.Message;
        if (e is UntrustedKeyException)
        {
            return new CliException(ExitCodes.Integrity, $"{e.Message} (service: {Server})", e);
        }
        return (int)e.StatusCode switch
        {
            0 => new CliException(ExitCodes.Integrity, $"The service's answer failed a check: {e.Message}", e),
            (int)HttpStatusCode.BadRequest => new CliException(ExitCodes.Usage, $"The service rejected the request: {detail}", e),
            (int)HttpStatusCode.Unauthorized => new CliException(
                ExitCodes.Refused,
                $"The service at {Server} does not accept this identity's signature ({detail}). Register the identity with `recrypt identity register`, or check the clock.",
                e),
            (int)HttpStatusCode.Forbidden => new CliException(ExitCodes.Refused, $"The service refused: {detail}", e),
            (int)HttpStatusCode.NotFound => new CliException(ExitCodes.NotFound, $"Not found at the service: {detail}", e),
            (int)HttpStatusCode.Conflict => new CliException(ExitCodes.Conflict, $"Conflict at the service: {detail}", e),
            (int)HttpStatusCode.UnprocessableEntity => new CliException(ExitCodes.Integrity, $"The service's cryptographic check failed: {detail}", e),
            (int)HttpStatusCode.TooManyRequests => new CliException(ExitCodes.Unreachable, $"The service at {Server} is busy ({detail}): try again later.", e),
            >= 500 => new CliException(ExitCodes.Unreachable, $"The service at {Server} failed ({(int)e.StatusCode}): {detail}", e),
            _ => new CliException(ExitCodes.Internal, e.Message, e),
        };
    }

    /// <summary>What a transport failure means, and what to check.</summary>
    private CliException Unreachable(HttpRequestException e)
    {
        var host = Server.IdnHost;
        var message = e.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => $"Could not make a secure (TLS) connection to {Server}: {TlsReason(e)}. "
                + (Server.Scheme == Uri.UriSchemeHttps
                    ? "Check that the service speaks TLS on this port (if it does not, use http://), and that its certificate is valid for "
                        + $"{host} and trusted by this machine."
                    : "Check the URL's scheme."),
            HttpRequestError.NameResolutionError => $"Cannot find the host {host} of {Server}: check the URL's host name and this machine's network.",
            HttpRequestError.ConnectionError => $"Cannot connect to {Server} ({Innermost(e)}): check that the service is running and listens on "
                + $"{host} port {Server.Port}, and that the URL is right.",
            HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded =>
                $"The server at {Server} does not answer as an HTTP service does ({Innermost(e)}): it is not a Recrypt service"
                + (Server.Scheme == Uri.UriSchemeHttp ? ", or it speaks TLS (then use https://)" : "")
                + ". Check the URL.",
            _ => $"Cannot reach the service at {Server}: {Innermost(e)}. Check the URL and that the service is running.",
        };
        return new CliException(ExitCodes.Unreachable, message, e);
    }

    private CliException NotRecrypt(string what, Exception e) => new(
        ExitCodes.Unreachable,
        $"The server at {Server} is not a Recrypt service ({what}, and GET /service does not answer as a Recrypt service does). "
        + $"Check the URL given by --server, ${GlobalOptions.ServerVariable} or the key store (`recrypt identity show`).",
        e);

    /// <summary>Whether the server answers <c>GET /service</c> as a Recrypt service does (a signing key).</summary>
    private async Task<bool> IsRecryptServiceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.GetServiceInfoAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is RecryptServiceException or HttpRequestException or JsonException or NotSupportedException
            or TaskCanceledException or RecryptException or ArgumentException)
        {
            return false;
        }
    }

    private static string TlsReason(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException authentication)
            {
                var cause = authentication.InnerException?.Message;
                return (cause is null ? authentication.Message : $"{authentication.Message.TrimEnd('.')}: {cause}").TrimEnd('.');
            }
        }
        return Innermost(e);
    }

    private static string Innermost(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }
        return inner is SocketException socket ? $"{socket.SocketErrorCode}: {socket.Message}" : inner.Message.TrimEnd('.');
    }

    private static string Reason(HttpStatusCode status) =>
        System.Text.RegularExpressions.Regex.Replace(status.ToString(), "(?<=[a-z])(?=[A-Z])", " ");

    private static string Seconds(TimeSpan timeout) => string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.#} s");

    public void Dispose() => _http.Dispose();
}
