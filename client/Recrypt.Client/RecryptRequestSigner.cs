using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Recrypt.Protocol;

namespace Recrypt.Client;

/// <summary>
/// Signs every request it sends as one identity, for one service, with the <c>Recrypt-Ed25519</c> scheme
/// (<see cref="SignedRequest"/>): the headers <c>Recrypt-Identity</c>, <c>Recrypt-Timestamp</c>,
/// <c>Recrypt-Nonce</c> (fresh for each request) and <c>Recrypt-Signature</c>, an Ed25519 signature over a
/// message that names the service by its signing public key, so that no other service accepts it.
/// </summary>
/// <remarks>
/// Put it in an <see cref="HttpClient"/>'s handler chain. The signing key pair stays owned by the caller,
/// who must keep it undisposed while the handler is in use. Thread-safe.
/// </remarks>
public sealed class RecryptRequestSigner : DelegatingHandler
{
    /// <summary>The header that names the signing identity.</summary>
    public const string IdentityHeader = SignedRequest.IdentityHeader;

    /// <summary>The header that carries the Unix time of signing, in seconds.</summary>
    public const string TimestampHeader = SignedRequest.TimestampHeader;

    /// <summary>The header that carries the request's nonce, base64url without padding.</summary>
    public const string NonceHeader = SignedRequest.NonceHeader;

    /// <summary>The header that carries the Ed25519 signature, base64.</summary>
    public const string SignatureHeader = SignedRequest.SignatureHeader;

    private const int NonceSize = 24;

    private readonly TransformEncryption _recrypt;
    private readonly SigningKeyPair _signingKeyPair;
    private readonly TimeProvider _time;
    private readonly Uri? _serviceBaseAddress;
    private readonly SemaphoreSlim _audienceLock = new(1, 1);
    private string? _audience;

    /// <summary>
    /// Creates a handler that signs as the identity of <paramref name="signingKeyPair"/> for the service whose
    /// signing public key is <paramref name="serviceSigningKey"/>.
    /// </summary>
    /// <param name="recrypt">The process's <see cref="TransformEncryption"/>, which makes the signatures.</param>
    /// <param name="signingKeyPair">The identity's Ed25519 signing key pair.</param>
    /// <param name="serviceSigningKey">The service's signing public key (<c>GET /service</c>): the audience of every request.</param>
    /// <param name="timeProvider">The clock for timestamps; the system clock when <see langword="null"/>.</param>
    public RecryptRequestSigner(TransformEncryption recrypt, SigningKeyPair signingKeyPair, PublicSigningKey serviceSigningKey, TimeProvider? timeProvider = null)
        : this(recrypt, signingKeyPair, timeProvider)
    {
        _audience = SignedRequest.Audience(serviceSigningKey);
    }

    /// <summary>
    /// Creates a handler that signs as the identity of <paramref name="signingKeyPair"/> for the service at
    /// <paramref name="serviceBaseAddress"/>, whose signing public key it asks for (<c>GET service</c>) before
    /// the first request it signs.
    /// </summary>
    /// <param name="recrypt">The process's <see cref="TransformEncryption"/>, which makes the signatures.</param>
    /// <param name="signingKeyPair">The identity's Ed25519 signing key pair.</param>
    /// <param name="serviceBaseAddress">The service's base address (ending with a slash).</param>
    /// <param name="timeProvider">The clock for timestamps; the system clock when <see langword="null"/>.</param>
    public RecryptRequestSigner(TransformEncryption recrypt, SigningKeyPair signingKeyPair, Uri serviceBaseAddress, TimeProvider? timeProvider = null)
        : this(recrypt, signingKeyPair, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(serviceBaseAddress);
        _serviceBaseAddress = serviceBaseAddress;
    }

    private RecryptRequestSigner(TransformEncryption recrypt, SigningKeyPair signingKeyPair, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        _recrypt = recrypt;
        _signingKeyPair = signingKeyPair;
        _time = timeProvider ?? TimeProvider.System;
        IdentityId = Protocol.IdentityId.FromSigningKey(signingKeyPair.PublicKey);
    }

    /// <summary>The id of the identity the requests are signed as.</summary>
    public string IdentityId { get; }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new InvalidOperationException("The request URI must be absolute by the time it is signed.");
        var audience = _audience ?? await FetchAudienceAsync(cancellationToken).ConfigureAwait(false);

        // Reading the content buffers it, so the bytes hashed are the bytes sent.
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(NonceSize));
        var signature = _recrypt.Ed25519Sign(
            _signingKeyPair, SignedRequest.Message(audience, request.Method.Method, uri.PathAndQuery, timestamp, nonce, body));

        var headers = request.Headers;
        headers.Remove(IdentityHeader);
        headers.Remove(TimestampHeader);
        headers.Remove(NonceHeader);
        headers.Remove(SignatureHeader);
        headers.Add(IdentityHeader, IdentityId);
        headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        headers.Add(NonceHeader, nonce);
        headers.Add(SignatureHeader, Convert.ToBase64String(signature));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> FetchAudienceAsync(CancellationToken cancellationToken)
    {
        await _audienceLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_audience is not null)
            {
                return _audience;
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_serviceBaseAddress!, "service"));
            using var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // The service's own problem, if it gave one (the caller shows it); without the service's signing key
                // (the audience of signed requests) no request can be signed.
                throw await ServiceWire.ProblemOfAsync(response, cancellationToken).ConfigureAwait(false);
            }
            var info = await response.Content.ReadFromJsonAsync<ServiceInfoResponse>(ServiceWire.JsonOptions, cancellationToken).ConfigureAwait(false);
            if (info?.SigningPublicKey is not { Length: PublicSigningKey.Size } key)
            {
                throw new RecryptServiceException($"GET {request.RequestUri} did not answer a {PublicSigningKey.Size}-byte signing public key.");
            }
            return _audience = SignedRequest.Audience(PublicSigningKey.Import(key));
        }
        finally
        {
            _audienceLock.Release();
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _audienceLock.Dispose();
        }
        base.Dispose(disposing);
    }
}
