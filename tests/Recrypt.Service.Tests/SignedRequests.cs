using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Recrypt.Client;
using Recrypt.Protocol;

namespace Recrypt.Service.Tests;

/// <summary>Requests signed by hand, so that a test can get any part of a signature wrong on purpose.</summary>
public static class SignedRequests
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A request from <paramref name="identity"/> to the service whose audience is <paramref name="audience"/>, signed over <paramref name="signedPath"/> and
    /// <paramref name="signedBody"/> (by default what is sent), at <paramref name="timestamp"/> (by default
    /// now), with <paramref name="nonce"/> (by default fresh), by <paramref name="signer"/> (by default the
    /// identity's own key).
    /// </summary>
    public static HttpRequestMessage Create(
        string audience,
        TestIdentity identity,
        HttpMethod method,
        string path,
        byte[]? body = null,
        string contentType = "application/json",
        string? signedPath = null,
        byte[]? signedBody = null,
        long? timestamp = null,
        string? nonce = null,
        SigningKeyPair? signer = null,
        string? identityHeader = null)
    {
        var ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        nonce ??= NewNonce();
        var message = SignedRequest.Message(audience, method.Method, signedPath ?? path, ts, nonce, signedBody ?? body ?? []);
        var signature = TestIdentity.Recrypt.Ed25519Sign(signer ?? identity.SigningKeyPair, message);

        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        request.Headers.Add(RecryptRequestSigner.IdentityHeader, identityHeader ?? identity.Id);
        request.Headers.Add(RecryptRequestSigner.TimestampHeader, ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(RecryptRequestSigner.NonceHeader, nonce);
        request.Headers.Add(RecryptRequestSigner.SignatureHeader, Convert.ToBase64String(signature));
        return request;
    }

    /// <summary>A copy of <paramref name="request"/>, byte for byte (to replay it).</summary>
    public static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (request.Content is not null)
        {
            clone.Content = new ByteArrayContent(await request.Content.ReadAsByteArrayAsync());
            foreach (var header in request.Content.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return clone;
    }

    public static string NewNonce(int size = 16) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(size));

    public static byte[] JsonBody(object value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
