using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

using Recrypt.Service.Identities;

namespace Recrypt.Service.Auth;

/// <summary>Marks an endpoint whose requests are signed (for the OpenAPI document).</summary>
internal sealed class SignedRequestMetadata;

internal static class AuthenticationSetup
{
    /// <summary>
    /// Registers the <c>Recrypt-Ed25519</c> scheme and makes it the default authorization policy, so
    /// that signed endpoints (every endpoint not declared public, <see cref="Routing.RequestChecks"/>) accept
    /// only requests signed by a registered identity. Only those endpoints authenticate: a public endpoint
    /// ignores signatures.
    /// </summary>
    public static IServiceCollection AddRequestSigning(this IServiceCollection services)
    {
        // With a single scheme registered, ASP.NET Core would make it the default and authenticate every
        // request with it; only the endpoints that require a signature should look at one.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", isEnabled: true);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RequestSignatureVerifier>();
        services.AddSingleton<SigningKeyCache>();
        // The core of authentication without AddAuthentication()'s data protection, which the scheme does not
        // use and which would write a key ring outside the service's database.
        services.AddAuthenticationCore();
        services.AddWebEncoders();
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, SignatureAuthenticationHandler>(RequestSignature.Scheme, configureOptions: null);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(RequestSignature.Scheme).RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>
    /// The identity that signed the request, as authentication read it at the start of the request: its keys, so
    /// that what the request goes on to do need not read them again.
    /// </summary>
    public static IdentityRecord Caller(this ClaimsPrincipal user) =>
        (user.Identity as SignedIdentity)?.Record
        ?? throw new InvalidOperationException("The request was not authenticated with the Recrypt-Ed25519 scheme.");

    /// <summary>The id of the identity that signed the request.</summary>
    public static string IdentityId(this ClaimsPrincipal user) =>
        user.FindFirstValue(SignatureAuthenticationHandler.IdentityIdClaim)
        ?? throw new InvalidOperationException("The request was not authenticated with the Recrypt-Ed25519 scheme.");
}
