using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Recrypt.Protocol;
using IdentityIds = Recrypt.Protocol.IdentityId;

namespace Recrypt.Service.Auth;

/// <summary>
/// The signature headers of a request, as sent. The scheme itself (headers, limits, the signed message) is
/// defined once, in <see cref="SignedRequest"/>, which clients compile too.
/// </summary>
internal sealed record RequestSignature(string IdentityId, long Timestamp, string Nonce, byte[] Signature)
{
    public const string Scheme = SignedRequest.Scheme;
    public const string IdentityHeader = SignedRequest.IdentityHeader;
    public const string TimestampHeader = SignedRequest.TimestampHeader;
    public const string NonceHeader = SignedRequest.NonceHeader;
    public const string SignatureHeader = SignedRequest.SignatureHeader;

    /// <summary>How far a request's timestamp may be from the service's clock.</summary>
    public static readonly TimeSpan MaxClockSkew = SignedRequest.MaxClockSkew;

    public const int MinNonceSize = SignedRequest.MinNonceSize;
    public const int MaxNonceSize = SignedRequest.MaxNonceSize;

    private static readonly SearchValues<char> s_base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly IReadOnlyList<string> s_headers = SignedRequest.Headers;

    /// <summary>Whether the request carries any of the signature headers.</summary>
    public static bool IsPresent(HttpRequest request) => s_headers.Any(request.Headers.ContainsKey);

    /// <summary>Reads the four headers; on failure <paramref name="error"/> says which one is missing or malformed.</summary>
    public static bool TryRead(HttpRequest request, out RequestSignature? signature, out string error)
    {
        signature = null;
        foreach (var header in s_headers)
        {
            if (request.Headers[header] is not [{ Length: > 0 }])
            {
                error = $"The request has no single {header} header; a signed request carries {string.Join(", ", s_headers)}.";
                return false;
            }
        }

        var identityId = request.Headers[IdentityHeader].ToString();
        if (!IdentityIds.IsWellFormed(identityId))
        {
            error = $"{IdentityHeader} must be {IdentityIds.Length} lowercase hex digits.";
            return false;
        }
        if (!long.TryParse(request.Headers[TimestampHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            error = $"{TimestampHeader} must be a Unix time in whole seconds.";
            return false;
        }
        var nonce = request.Headers[NonceHeader].ToString();
        if (!IsWellFormedNonce(nonce))
        {
            error = $"{NonceHeader} must be {MinNonceSize} to {MaxNonceSize} bytes in base64url without padding.";
            return false;
        }
        var signatureBytes = new byte[TransformEncryption.Ed25519SignatureSize];
        if (!Convert.TryFromBase64String(request.Headers[SignatureHeader].ToString(), signatureBytes, out var written)
            || written != signatureBytes.Length)
        {
            error = $"{SignatureHeader} must be a {TransformEncryption.Ed25519SignatureSize}-byte Ed25519 signature in base64.";
            return false;
        }

        signature = new RequestSignature(identityId, timestamp, nonce, signatureBytes);
        error = "";
        return true;
    }

    /// <summary>The signed message (<see cref="SignedRequest.Message"/>) of a request meant for <paramref name="audience"/>.</summary>
    public static byte[] Message(string audience, string method, string pathAndQuery, long timestamp, string nonce, ReadOnlySpan<byte> body) =>
        SignedRequest.Message(audience, method, pathAndQuery, timestamp, nonce, body);

    /// <summary>The request target exactly as the client sent it (the raw path and query).</summary>
    public static string PathAndQueryOf(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw))
        {
            return raw;
        }
        var request = context.Request;
        return request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
    }

    private static bool IsWellFormedNonce(string nonce)
    {
        // Unpadded base64url in its one canonical form. Base64Url.TryDecodeFromChars throws (rather than
        // returning false) on a length of 4k + 1 and on unused bits that are not zero, so decode with the
        // OperationStatus overload, which never throws, and refuse anything that is not fully consumed.
        if (nonce.Length > Base64Url.GetEncodedLength(MaxNonceSize)
            || nonce.AsSpan().IndexOfAnyExcept(s_base64UrlAlphabet) >= 0)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[MaxNonceSize];
        return Base64Url.DecodeFromChars(nonce, bytes, out var consumed, out var length) == OperationStatus.Done
            && consumed == nonce.Length
            && length >= MinNonceSize;
    }
}
