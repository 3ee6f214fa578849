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

    /// <summary>Whether the service is known to use <see cref="Curve"/>'s curve (checked before the first call).</summary>
    private bool _curveChecked;

    /// <summary>
    /// A session with <paramref name="server"/> as the identity of <paramref name="signingKeyPair"/>, whose keys are of
    /// <paramref name="curve"/>'s curve, each request limited to <paramref name="timeout"/>.
    /// </summary>
    public ServiceSession(Uri server, TransformEncryption recrypt, SigningKeyPair signingKeyPair, CliCurve curve, IKeyVersionMemory keyVersions, TimeSpan timeout)
        : this(server, curve, keyVersions, timeout, new RecryptRequestSigner(recrypt, signingKeyPair, server))
    {
    }

    /// <summary>An anonymous session (no identity signs), for what the service tells anyone (<c>GET /service</c>).</summary>
    public ServiceSession(Uri server, CliCurve curve, TimeSpan timeout)
        : this(server, curve, new InMemoryKeyVersionMemory(), timeout, signer: null)
    {
    }

    private ServiceSession(Uri server, CliCurve curve, IKeyVersionMemory keyVersions, TimeSpan timeout, DelegatingHandler? signer)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(curve);
        Server = server;
        Timeout = timeout;
        Curve = curve;
        HttpMessageHandler handler = new SocketsHttpHandler { ConnectTimeout = timeout < TimeSpan.FromSeconds(10) ? timeout : TimeSpan.FromSeconds(10) };
        if (signer is not null)
        {
            // Requests name the service by its signing key (asked for once, before the first signed request).
            signer.InnerHandler = handler;
            handler = signer;
        }
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = server, Timeout = timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(s_userAgent);
        Client = curve.CreateClient(_http, keyVersions);
    }

    /// <summary>The service's base URL (ending with a slash).</summary>
    public Uri Server { get; }

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The client of the identity's curve, for the calls that carry no keys; the ones that do go through <see cref="Curve"/>.</summary>
    public RecryptServiceClientBase Client { get; }

    /// <summary>The identity's curve: the operations that differ between curves.</summary>
    public CliCurve Curve { get; }

    /// <summary><c>GET /service</c>, with the CLI's messages for a service that cannot be reached or is no Recrypt service.</summary>
    public Task<ServiceInfo> GetServiceInfoAsync(CancellationToken cancellationToken) =>
        InvokeAsync((client, token) => client.GetServiceInfoAsync(token), explain: null, checkCurve: false, cancellationToken);

    /// <summary>
    /// Makes one call, turning transport failures into <see cref="ExitCodes.Unreachable"/> and service errors
    /// into their exit codes; <paramref name="explain"/> may give a service error a clearer message first. Before the
    /// session's first call, the service's curve is checked: a service of another curve than the identity's is refused
    /// (<see cref="ExitCodes.Usage"/>) before anything is sent.
    /// </summary>
    public Task<T> CallAsync<T>(
        Func<RecryptServiceClientBase, CancellationToken, Task<T>> call, CancellationToken cancellationToken,
        Func<RecryptServiceException, CliException?>? explain = null) =>
        InvokeAsync(call, explain, checkCurve: true, cancellationToken);

    private async Task<T> InvokeAsync<T>(
        Func<RecryptServiceClientBase, CancellationToken, Task<T>> call, Func<RecryptServiceException, CliException?>? explain, bool checkCurve,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            if (checkCurve && !_curveChecked)
            {
                await Client.RequireServiceCurveAsync(cancellationToken).ConfigureAwait(false);
                _curveChecked = true;
            }
            return await call(Client, cancellationToken).ConfigureAwait(false);
        }
        catch (CurveMismatchException e)
        {
            throw CurveMismatch(e);
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
        Func<RecryptServiceClientBase, CancellationToken, Task> call, CancellationToken cancellationToken,
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
        if (e is CurveMismatchException mismatch)
        {
            return CurveMismatch(mismatch);
        }
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

    /// <summary>A service of another curve than the identity's: a configuration conflict, said with both curves and what to do.</summary>
    private CliException CurveMismatch(CurveMismatchException e) => new(
        ExitCodes.Usage,
        $"The service at {Server} uses the {e.ServiceCurve} curve, but this identity's keys are {e.ClientCurve} (its key store records curve {e.ClientCurve}): "
        + $"none of them can be used there, and nothing was sent. Use an {e.ServiceCurve} identity with this service "
        + $"(`recrypt identity new <name>` in another key store, --home or ${GlobalOptions.HomeVariable}, follows the service's curve), "
        + $"or a service of {e.ClientCurve} (--server or ${GlobalOptions.ServerVariable}).",
        e);

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
