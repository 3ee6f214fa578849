using System.Net;
using System.Reflection;
using Recrypt.Client;

namespace Recrypt.Cli.Service;

/// <summary>
/// A connection to the service as one identity: an <see cref="HttpClient"/> whose requests are all signed by
/// the client library's <see cref="RecryptRequestSigner"/>, the typed <see cref="RecryptServiceClient"/> over
/// it, and the translation of failures into messages and exit codes.
/// </summary>
internal sealed class ServiceSession : IDisposable
{
    private static readonly string s_userAgent =
        "recrypt-cli/" + (typeof(ServiceSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    private readonly HttpClient _http;

    public ServiceSession(Uri server, TransformEncryption recrypt, SigningKeyPair signingKeyPair, IKeyVersionMemory keyVersions)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        // Requests name the service by its signing key (asked for once, before the first signed request).
        var signer = new RecryptRequestSigner(recrypt, signingKeyPair, server)
        {
            InnerHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) },
        };
        _http = new HttpClient(signer, disposeHandler: true) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(s_userAgent);
        Client = new RecryptServiceClient(_http, recrypt, keyVersions);
    }

    /// <summary>The service's base URL (ending with a slash).</summary>
    public Uri Server { get; }

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
            throw explain?.Invoke(e) ?? Translate(e);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach the Recrypt service at {Server}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"The Recrypt service at {Server} did not answer in time.", e);
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
            >= 500 => new CliException(ExitCodes.Unreachable, $"The service at {Server} failed ({(int)e.StatusCode}): {detail}", e),
            _ => new CliException(ExitCodes.Internal, e.Message, e),
        };
    }

    public void Dispose() => _http.Dispose();
}
