using Recrypt.Protocol;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Auth;

/// <summary>
/// Checks a request's signature against a signing key: the timestamp is fresh, the Ed25519 signature
/// verifies over this service's audience (its signing public key, so that a request signed for another
/// service is refused), the method, the path and query as sent, the timestamp, the nonce and the body's hash,
/// and only then is the nonce spent (so that a forged request cannot burn someone's nonces).
/// </summary>
internal sealed class RequestSignatureVerifier(TransformEncryption recrypt, INonceStore nonces, ServiceSigningKey serviceKey, TimeProvider time)
{
    private readonly string _audience = SignedRequest.Audience(serviceKey.PublicKey);

    /// <summary>Verifies <paramref name="signature"/>; returns <see langword="null"/> when it holds, else why not.</summary>
    public string? Verify(HttpContext context, RequestSignature signature, PublicSigningKey signingKey) =>
        CheckSignature(context, signature, signingKey) ?? SpendNonce(context, signature, nonces.TryUse);

    /// <summary>
    /// The timestamp and the signature of the request, checked with <paramref name="signingKey"/>: null when both are
    /// good, else why not. The nonce is left unspent: <see cref="SpendNonce"/> spends it.
    /// </summary>
    public string? CheckSignature(HttpContext context, RequestSignature signature, PublicSigningKey signingKey)
    {
        var now = time.GetUtcNow();
        var signedAt = SignedAt(signature);
        if ((now - signedAt).Duration() > RequestSignature.MaxClockSkew)
        {
            return $"{RequestSignature.TimestampHeader} is more than {RequestSignature.MaxClockSkew.TotalSeconds} seconds from the service's clock.";
        }

        var body = context.Features.Get<RequestBody>()
            ?? throw new InvalidOperationException("The request body was not captured: RequestBodyMiddleware must run first.");
        var message = RequestSignature.Message(
            _audience, context.Request.Method, RequestSignature.PathAndQueryOf(context), signature.Timestamp, signature.Nonce, body.Bytes.Span);
        if (!recrypt.Ed25519Verify(signingKey, message, signature.Signature))
        {
            return $"{RequestSignature.SignatureHeader} does not verify with the identity's signing key for this service "
                + "(the signed message names the service by its signing public key, from GET /service).";
        }
        return null;
    }

    /// <summary>
    /// Spends the nonce of a request whose signature <see cref="CheckSignature"/> accepted, with <paramref name="tryUse"/>
    /// (<see cref="INonceStore.TryUse"/> or a store call that does more in the same round trip): null when this request
    /// spent it (now, or already), else why it is refused.
    /// </summary>
    public static string? SpendNonce(HttpContext context, RequestSignature signature, Func<string, string, DateTimeOffset, bool> tryUse)
    {
        // The same request may be verified twice (by the scheme, then by a handler): its nonce is spent once.
        var spent = (signature.IdentityId, signature.Nonce);
        if (context.Items.TryGetValue(typeof(RequestSignatureVerifier), out var verified) && Equals(verified, spent))
        {
            return null;
        }
        var signedAt = SignedAt(signature);
        if (!tryUse(signature.IdentityId, signature.Nonce, signedAt + RequestSignature.MaxClockSkew))
        {
            return $"{RequestSignature.NonceHeader} has been used before: the request is a replay.";
        }
        context.Items[typeof(RequestSignatureVerifier)] = spent;
        return null;
    }

    private static DateTimeOffset SignedAt(RequestSignature signature) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(signature.Timestamp, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
}
