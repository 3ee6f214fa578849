using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Recrypt.Protocol;

/// <summary>
/// The <c>Recrypt-Ed25519</c> request signing scheme, the one definition the service verifies and
/// clients sign with. A signed request carries four headers:
/// <list type="bullet">
/// <item><c>Recrypt-Identity</c>: the signer's id (32 lowercase hex digits);</item>
/// <item><c>Recrypt-Timestamp</c>: Unix time in seconds, within <see cref="MaxClockSkew"/> of the service's clock;</item>
/// <item><c>Recrypt-Nonce</c>: <see cref="MinNonceSize"/> to <see cref="MaxNonceSize"/> random bytes, base64url without padding, never reused by that identity;</item>
/// <item><c>Recrypt-Signature</c>: the Ed25519 signature (64 bytes, base64) over <see cref="Message"/>.</item>
/// </list>
/// </summary>
/// <remarks>
/// The signed message names the service it is meant for (its <see cref="Audience"/>), so a request
/// signed for one service is refused by every other.
/// </remarks>
public static class SignedRequest
{
    /// <summary>The scheme's name, as in <c>WWW-Authenticate</c>.</summary>
    public const string Scheme = "Recrypt-Ed25519";

    /// <summary>The first line of the signed message: the domain separation tag and version.</summary>
    public const string Tag = "recrypt-request-v2";

    /// <summary>The header that names the signing identity.</summary>
    public const string IdentityHeader = "Recrypt-Identity";

    /// <summary>The header that carries the Unix time of signing, in seconds.</summary>
    public const string TimestampHeader = "Recrypt-Timestamp";

    /// <summary>The header that carries the request's nonce, base64url without padding.</summary>
    public const string NonceHeader = "Recrypt-Nonce";

    /// <summary>The header that carries the Ed25519 signature, base64.</summary>
    public const string SignatureHeader = "Recrypt-Signature";

    /// <summary>The fewest random bytes in a nonce.</summary>
    public const int MinNonceSize = 16;

    /// <summary>The most random bytes in a nonce.</summary>
    public const int MaxNonceSize = 64;

    /// <summary>How far a request's timestamp may be from the service's clock.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(300);

    /// <summary>The four headers, in order.</summary>
    public static IReadOnlyList<string> Headers { get; } = [IdentityHeader, TimestampHeader, NonceHeader, SignatureHeader];

    /// <summary>
    /// The audience of requests meant for the service whose signing public key is
    /// <paramref name="serviceSigningKey"/> (<c>GET /service</c>): the key's lowercase hex, 64 digits.
    /// </summary>
    /// <param name="serviceSigningKey">The service's Ed25519 public key.</param>
    /// <returns>The audience line of the signed message.</returns>
    public static string Audience(PublicSigningKey serviceSigningKey)
    {
        ArgumentNullException.ThrowIfNull(serviceSigningKey);
        return Convert.ToHexStringLower(serviceSigningKey.Export());
    }

    /// <summary>
    /// The bytes an identity signs for a request, UTF-8, with <c>\n</c> between lines and no trailing newline:
    /// <code>
    /// recrypt-request-v2
    /// &lt;audience: lowercase hex of the service's signing public key&gt;
    /// &lt;METHOD&gt;
    /// &lt;path-and-query exactly as sent&gt;
    /// &lt;timestamp&gt;
    /// &lt;nonce&gt;
    /// &lt;lowercase hex SHA-256 of the body bytes&gt;
    /// </code>
    /// </summary>
    /// <param name="audience">The service's <see cref="Audience"/>.</param>
    /// <param name="method">The HTTP method, for example <c>PUT</c>.</param>
    /// <param name="pathAndQuery">The request target exactly as sent, for example <c>/documents/0a1b</c>.</param>
    /// <param name="timestamp">The Unix time of signing in seconds.</param>
    /// <param name="nonce">The nonce as sent in <c>Recrypt-Nonce</c>.</param>
    /// <param name="body">The request body's bytes; empty when there is none.</param>
    /// <returns>The message to sign.</returns>
    public static byte[] Message(string audience, string method, string pathAndQuery, long timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        ArgumentNullException.ThrowIfNull(nonce);
        return Encoding.UTF8.GetBytes(string.Join('\n',
            Tag,
            audience,
            method,
            pathAndQuery,
            timestamp.ToString(CultureInfo.InvariantCulture),
            nonce,
            Convert.ToHexStringLower(SHA256.HashData(body))));
    }
}
