using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Recrypt.Service.Auth;
using Recrypt.Service.RateLimiting;
using Recrypt.Service.Routing;

namespace Recrypt.Service.Tests;

/// <summary>
/// The request checks are decided for every endpoint in one place (<see cref="RequestChecks"/>): every endpoint
/// is either declared public or signed, every signed one refuses an unsigned request, and every signed write
/// counts against a rate limit, including one whose route declares none.
/// </summary>
public sealed class RequestChecksTests
{
    private static List<RouteEndpoint> Endpoints(RecryptServiceFactory factory) =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static bool IsPublic(Endpoint endpoint) => endpoint.Metadata.GetMetadata<PublicEndpointMetadata>() is not null;

    [Fact]
    public async Task EveryEndpointIsDeclaredPublicOrSignedAndEverySignedOneRefusesAnUnsignedRequest()
    {
        using var factory = new RecryptServiceFactory(seedCompatibility: true);
        await factory.StartedAsync();
        var endpoints = Endpoints(factory);
        Assert.Contains(endpoints, endpoint => endpoint.RoutePattern.RawText == "/documents/{id}");

        foreach (var endpoint in endpoints)
        {
            var signed = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<SignedRequestMetadata>() is not null;
            Assert.True(IsPublic(endpoint) != signed, $"{endpoint.DisplayName} must be either public or signed by a registered identity.");
        }

        using var http = factory.CreateClient();
        var signedEndpoints = endpoints.Where(endpoint => !IsPublic(endpoint)).ToList();
        Assert.True(signedEndpoints.Count >= 20, $"only {signedEndpoints.Count} signed endpoints");
        foreach (var endpoint in signedEndpoints)
        {
            var path = string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment =>
                string.Concat(segment.Parts.Select(part => part is Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal ? literal.Content : new string('0', 32)))));
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("/" + path, UriKind.Relative));
                if (method != HttpMethods.Get)
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }
                using var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} /{path}: {response.StatusCode}");
            }
        }
    }

    [Fact]
    public void EverySignedWriteCountsAgainstARateLimit()
    {
        using var factory = new RecryptServiceFactory();
        foreach (var endpoint in Endpoints(factory).Where(endpoint => !IsPublic(endpoint)))
        {
            var isRead = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.All(HttpMethods.IsGet);
            Assert.True(isRead || endpoint.Metadata.GetMetadata<RateLimitedMetadata>() is not null, $"{endpoint.DisplayName} is a write with no rate limit.");
        }
    }

    [Fact]
    public async Task AKeyRotationWhoseRouteDeclaresNoLimitCountsAsAWrite()
    {
        using var factory = new RecryptServiceFactory();
        using var service = factory.WithWebHostBuilder(host => host.UseSetting("RateLimits:Writes:PerIdentity", "1"));
        using var alice = new TestIdentity();
        var client = new Recrypt.Client.RecryptServiceClient(
            service.CreateDefaultClient(new Recrypt.Client.RecryptRequestSigner(TestIdentity.Recrypt, alice.SigningKeyPair, new Uri("http://localhost/"))), TestIdentity.Recrypt);
        await client.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, null);
        var (plaintext, value) = alice.NewDocumentKey();
        plaintext.Dispose();
        await client.CreateDocumentKeyAsync(value);
        using var http = service.CreateClient();

        using var rotation = await http.SendAsync(SignedRequests.Create(
            await SignedRequests.AudienceAsync(http), alice, HttpMethod.Post, $"/identities/{alice.Id}/keys", SignedRequests.JsonBody(new { keyVersion = 2 })));

        await ProblemAssert.IsProblemAsync(rotation, HttpStatusCode.TooManyRequests, "too-many-requests");
    }
}
