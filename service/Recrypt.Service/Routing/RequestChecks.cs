using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Recrypt.Service.Auth;
using Recrypt.Service.RateLimiting;

namespace Recrypt.Service.Routing;

/// <summary>Marks an endpoint anyone may call unsigned (see <see cref="RequestChecks.Public{TBuilder}"/>).</summary>
internal sealed class PublicEndpointMetadata
{
    public static PublicEndpointMetadata Instance { get; } = new();
}

/// <summary>
/// The checks every request passes, decided for every endpoint in one place: the service's endpoints are
/// mapped on one group (<see cref="MapRecryptEndpoints"/>) whose convention, run once every endpoint is built,
/// makes each of them <b>signed by a registered identity</b> (the <c>Recrypt-Ed25519</c> scheme: signature,
/// timestamp, one-time nonce; <c>401</c> otherwise) unless it declares itself <see cref="Public{TBuilder}"/>, and
/// counts each signed request that is not a read against the <see cref="RateLimitKind.Writes"/> limits unless
/// it declares its own kind (<see cref="RateLimitingSetup.WithRateLimit{TBuilder}"/>). A new route is therefore
/// signed and limited by default; nothing per route can forget it. The checks themselves run once each, in the
/// authentication handler (<see cref="SignatureAuthenticationHandler"/>, with <see cref="RequestSignatureVerifier"/>)
/// and the rate limiter (<see cref="RequestLimiter"/>).
/// </summary>
internal static class RequestChecks
{
    /// <summary>The group every endpoint of the service is mapped on, with the checks above.</summary>
    public static RouteGroupBuilder MapRecryptEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("");
        ((IEndpointConventionBuilder)group).Finally(Classify);
        return group;
    }

    /// <summary>Anyone may call the endpoint unsigned (public reads, health, registration, the seed mode).</summary>
    public static TBuilder Public<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PublicEndpointMetadata.Instance);

    /// <summary>Whether the endpoint the convention built requires a signed request.</summary>
    public static bool IsSigned(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<PublicEndpointMetadata>() is null;

    private static void Classify(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<PublicEndpointMetadata>().Any())
        {
            return;
        }
        endpoint.Metadata.Add(new AuthorizeAttribute());
        endpoint.Metadata.Add(new SignedRequestMetadata());
        endpoint.Metadata.Add(ProblemOf(StatusCodes.Status401Unauthorized));
        var isRead = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(methods => methods.HttpMethods).All(HttpMethods.IsGet);
        if (!isRead && !endpoint.Metadata.OfType<RateLimitedMetadata>().Any())
        {
            endpoint.Metadata.Add(new RateLimitedMetadata(RateLimitKind.Writes));
            endpoint.Metadata.Add(ProblemOf(StatusCodes.Status429TooManyRequests));
        }
    }

    private static ProducesResponseTypeMetadata ProblemOf(int statusCode) =>
        new(statusCode, typeof(ProblemDetails), ["application/problem+json"]);
}
