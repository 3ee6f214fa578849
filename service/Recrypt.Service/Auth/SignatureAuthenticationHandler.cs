using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Recrypt.Service.Errors;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Auth;

/// <summary>
/// The <c>Recrypt-Ed25519</c> authentication scheme: a request acts as the registered identity whose
/// signing key signed it (see <see cref="RequestSignature"/>). Any failure is a 401 ProblemDetails
/// with <c>WWW-Authenticate: Recrypt-Ed25519</c>.
/// </summary>
internal sealed partial class SignatureAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IIdentityStore identities,
    INonceStore nonces,
    SigningKeyCache signingKeys,
    RequestSignatureVerifier verifier,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The claim that carries the signing identity's id.</summary>
    public const string IdentityIdClaim = "recrypt:identity";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(Authenticate());

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message
            ?? $"This request must be signed: send the {RequestSignature.IdentityHeader}, {RequestSignature.TimestampHeader}, "
             + $"{RequestSignature.NonceHeader} and {RequestSignature.SignatureHeader} headers.";
        await WriteUnauthorizedAsync(Context, problemDetails, detail);
    }

    /// <summary>Writes a 401 ProblemDetails with the scheme's <c>WWW-Authenticate</c> challenge.</summary>
    public static async Task WriteUnauthorizedAsync(HttpContext context, IProblemDetailsService problemDetails, string detail)
    {
        context.Response.StatusCode = Problems.Unauthorized.StatusCode;
        context.Response.Headers.WWWAuthenticate = RequestSignature.Scheme;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = Problems.Unauthorized.StatusCode,
                Type = Problems.Unauthorized.Type,
                Title = Problems.Unauthorized.Title,
                Detail = detail,
            },
        });
    }

    private AuthenticateResult Authenticate()
    {
        if (!RequestSignature.IsPresent(Request))
        {
            return AuthenticateResult.NoResult();
        }
        if (!RequestSignature.TryRead(Request, out var signature, out var error))
        {
            return Fail(AuthLog.Malformed, error);
        }

        var (identity, failure) = signingKeys.TryGet(signature!.IdentityId, out var knownKey)
            ? AuthenticateKnown(signature, knownKey)
            : AuthenticateFirst(signature);
        if (identity is null)
        {
            return AuthenticateResult.Fail(failure!);
        }

        var principal = new ClaimsPrincipal(new SignedIdentity(identity, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    /// <summary>
    /// An identity whose signing key is known: the signature is checked first, then the nonce is spent and the identity
    /// read in one round trip.
    /// </summary>
    private (IdentityRecord? Identity, string? Failure) AuthenticateKnown(RequestSignature signature, PublicSigningKey signingKey)
    {
        if (verifier.CheckSignature(Context, signature, signingKey) is { } badSignature)
        {
            AuthLog.Refused(Logger, signature.IdentityId, AuthLog.BadSignature);
            return (null, badSignature);
        }
        IdentityRecord? identity = null;
        var read = false;
        var replay = RequestSignatureVerifier.SpendNonce(Context, signature, (id, nonce, expiresAt) =>
        {
            (var fresh, identity) = nonces.TryUseAndFind(id, nonce, expiresAt, identities);
            read = true;
            return fresh;
        });
        // Only when this request had already spent its nonce (so the store was not asked) is the identity read on its own.
        if (!read)
        {
            identity = identities.Find(signature.IdentityId);
        }
        if (identity is null)
        {
            AuthLog.Refused(Logger, signature.IdentityId, AuthLog.UnknownIdentity);
            return (null, UnknownIdentity(signature));
        }
        if (replay is not null)
        {
            AuthLog.Refused(Logger, signature.IdentityId, AuthLog.BadSignature);
            return (null, replay);
        }
        return (identity, null);
    }

    /// <summary>An identity first seen by this instance: read, its signature checked, its nonce spent, its key remembered.</summary>
    private (IdentityRecord? Identity, string? Failure) AuthenticateFirst(RequestSignature signature)
    {
        var identity = identities.Find(signature.IdentityId);
        if (identity is null)
        {
            AuthLog.Refused(Logger, signature.IdentityId, AuthLog.UnknownIdentity);
            return (null, UnknownIdentity(signature));
        }
        var signingKey = PublicSigningKey.Import(identity.SigningPublicKey);
        if (verifier.Verify(Context, signature, signingKey) is { } failure)
        {
            AuthLog.Refused(Logger, signature.IdentityId, AuthLog.BadSignature);
            return (null, failure);
        }
        signingKeys.Remember(identity.Id, signingKey);
        return (identity, null);
    }

    private static string UnknownIdentity(RequestSignature signature) => $"No identity {signature.IdentityId} is registered.";

    private AuthenticateResult Fail(string reason, string detail)
    {
        AuthLog.RefusedUnidentified(Logger, reason);
        return AuthenticateResult.Fail(detail);
    }
}
