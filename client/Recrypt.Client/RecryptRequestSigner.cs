using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Recrypt.Client;

/// <summary>
/// Signs every request it sends as one identity, with the service's <c>Recrypt-Ed25519</c> scheme: the
/// headers <c>Recrypt-Identity</c>, <c>Recrypt-Timestamp</c>, <c>Recrypt-Nonce</c> (fresh for each
/// request) and <c>Recrypt-Signature</c>, an Ed25519 signature over
/// <c>"recrypt-request-v1\n" + METHOD + "\n" + path-and-query + "\n" + timestamp + "\n" + nonce + "\n" + hex(SHA-256(body))</c>.
/// </summary>
/// <remarks>
/// Put it in an <see cref="HttpClient"/>'s handler chain. The signing key pair stays owned by the caller,
/// who must keep it undisposed while the handler is in use. Thread-safe.
/// </remarks>
public sealed class RecryptRequestSigner : DelegatingHandler
{
    /// <summary>The header that names the signing identity.</summary>
    public const string IdentityHeader = "Recrypt-Identity";

    /// <summary>The header that carries the Unix time of signing, in seconds.</summary>
    public const string TimestampHeader = "Recrypt-Timestamp";

    /// <summary>The header that carries the request's nonce, base64url without padding.</summary>
    public const string NonceHeader = "Recrypt-Nonce";

    /// <summary>The header that carries the Ed25519 signature, base64.</summary>
    public const string SignatureHeader = "Recrypt-Signature";

    private const int NonceSize = 24;

    private readonly TransformEncryption _recrypt;
    private readonly SigningKeyPair _signingKeyPair;
    private readonly TimeProvider _time;

    /// <summary>Creates a handler that signs as the identity of <paramref name="signingKeyPair"/>.</summary>
    /// <param name="recrypt">The process's <see cref="TransformEncryption"/>, which makes the signatures.</param>
    /// <param name="signingKeyPair">The identity's Ed25519 signing key pair.</param>
    /// <param name="timeProvider">The clock for timestamps; the system clock when <see langword="null"/>.</param>
    public RecryptRequestSigner(TransformEncryption recrypt, SigningKeyPair signingKeyPair, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        _recrypt = recrypt;
        _signingKeyPair = signingKeyPair;
        _time = timeProvider ?? TimeProvider.System;
        IdentityId = RecryptIdentity.ComputeId(signingKeyPair.PublicKey);
    }

    /// <summary>The id of the identity the requests are signed as.</summary>
    public string IdentityId { get; }

    /// <summary>
    /// The bytes an identity signs for a request (UTF-8):
    /// <c>"recrypt-request-v1\n" + method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n" + lowercase hex SHA-256(body)</c>.
    /// </summary>
    /// <param name="method">The HTTP method, for example <c>PUT</c>.</param>
    /// <param name="pathAndQuery">The request target exactly as sent, for example <c>/documents/0a1b</c>.</param>
    /// <param name="timestamp">The Unix time of signing in seconds.</param>
    /// <param name="nonce">The nonce as sent in <c>Recrypt-Nonce</c>.</param>
    /// <param name="body">The request body's bytes; empty when there is none.</param>
    /// <returns>The message to sign.</returns>
    public static byte[] CreateMessage(string method, string pathAndQuery, long timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        ArgumentNullException.ThrowIfNull(nonce);
        return Encoding.UTF8.GetBytes(string.Join('\n',
            "recrypt-request-v1",
            method,
            pathAndQuery,
            timestamp.ToString(CultureInfo.InvariantCulture),
            nonce,
            Convert.ToHexStringLower(SHA256.HashData(body))));
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new InvalidOperationException("The request URI must be absolute by the time it is signed.");

        // Reading the content buffers it, so the bytes hashed are the bytes sent.
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(NonceSize));
        var signature = _recrypt.Ed25519Sign(_signingKeyPair, CreateMessage(request.Method.Method, uri.PathAndQuery, timestamp, nonce, body));

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
}
