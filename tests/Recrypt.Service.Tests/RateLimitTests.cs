using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Recrypt.Client;

namespace Recrypt.Service.Tests;

/// <summary>Rate limits per identity and per client address (RateLimits:*), with low limits.</summary>
public sealed class RateLimitTests
{
    private static WebApplicationFactory<Program> WithSettings(RecryptServiceFactory factory, params (string Key, string Value)[] settings) =>
        factory.WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings)
            {
                host.UseSetting(key, value);
            }
        });

    private static RecryptServiceClient ClientOf(WebApplicationFactory<Program> service, TestIdentity identity) =>
        new(service.CreateDefaultClient(new RecryptRequestSigner(TestIdentity.Recrypt, identity.SigningKeyPair, new Uri("http://localhost/"))), TestIdentity.Recrypt);

    private static async Task<RecryptServiceClient> RegisterAsync(WebApplicationFactory<Program> service, TestIdentity identity)
    {
        var client = ClientOf(service, identity);
        await client.RegisterIdentityAsync(identity.PublicKey, identity.SigningKeyPair, null);
        return client;
    }

    private static async Task<HttpResponseMessage> PostDocumentAsync(WebApplicationFactory<Program> service, TestIdentity identity)
    {
        var (plaintext, value) = identity.NewDocumentKey();
        plaintext.Dispose();
        using var http = service.CreateClient();
        return await http.SendAsync(SignedRequests.Create(await SignedRequests.AudienceAsync(http), identity, HttpMethod.Post, "/documents", SignedRequests.JsonBody(new { encryptedValue = value.Export() })));
    }

    private static async Task AssertTooManyRequestsAsync(HttpResponseMessage response)
    {
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests, "too-many-requests");
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, CultureInfo.InvariantCulture), 1, 3600);
    }

    [Fact]
    public async Task WritesAreLimitedPerIdentity()
    {
        using var factory = new RecryptServiceFactory();
        using var service = WithSettings(factory, ("RateLimits:Writes:PerIdentity", "2"), ("RateLimits:Writes:PerAddress", "0"));
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await RegisterAsync(service, alice);
        await RegisterAsync(service, bob);
        var before = DatabaseSnapshot.Take(service);

        using var first = await PostDocumentAsync(service, alice);
        using var second = await PostDocumentAsync(service, alice);
        var afterTwo = DatabaseSnapshot.Take(service);
        using var third = await PostDocumentAsync(service, alice);
        using var bobsFirst = await PostDocumentAsync(service, bob);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(before, afterTwo);
        await AssertTooManyRequestsAsync(third);
        Assert.Equal(HttpStatusCode.Created, bobsFirst.StatusCode);
    }

    [Fact]
    public async Task WritesAreLimitedPerAddressAcrossIdentities()
    {
        using var factory = new RecryptServiceFactory();
        using var service = WithSettings(factory, ("RateLimits:Writes:PerIdentity", "0"), ("RateLimits:Writes:PerAddress", "3"));
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await RegisterAsync(service, alice);
        await RegisterAsync(service, bob);

        using var one = await PostDocumentAsync(service, alice);
        using var two = await PostDocumentAsync(service, bob);
        using var three = await PostDocumentAsync(service, alice);
        var before = DatabaseSnapshot.Take(service);
        using var four = await PostDocumentAsync(service, bob);

        Assert.All(new[] { one, two, three }, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        await AssertTooManyRequestsAsync(four);
        Assert.Equal(before, DatabaseSnapshot.Take(service));
    }

    [Fact]
    public async Task RegistrationIsLimitedPerAddress()
    {
        using var factory = new RecryptServiceFactory();
        using var service = WithSettings(factory, ("RateLimits:Registration:PerAddress", "2"));
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        using var charlie = new TestIdentity();
        await RegisterAsync(service, alice);
        await RegisterAsync(service, bob);
        var before = DatabaseSnapshot.Take(service);
        using var http = service.CreateClient();

        using var response = await http.SendAsync(SignedRequests.Create(await SignedRequests.AudienceAsync(http), charlie, HttpMethod.Post, "/identities", SignedRequests.JsonBody(charlie.RegistrationBody)));

        await AssertTooManyRequestsAsync(response);
        Assert.Equal(before, DatabaseSnapshot.Take(service));
    }

    [Fact]
    public async Task TransformsAreLimitedPerIdentityAndPublicReadsAreNot()
    {
        using var factory = new RecryptServiceFactory();
        using var service = WithSettings(factory, ("RateLimits:Transforms:PerIdentity", "1"));
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var aliceClient = await RegisterAsync(service, alice);
        var bobClient = await RegisterAsync(service, bob);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        var (plaintext, value) = alice.NewDocumentKey();
        plaintext.Dispose();
        var stored = await aliceClient.CreateDocumentKeyAsync(value);

        await bobClient.GetDocumentKeyAsync(stored.Id);
        using var http = service.CreateClient();
        using var second = await http.SendAsync(SignedRequests.Create(await SignedRequests.AudienceAsync(http), bob, HttpMethod.Get, $"/documents/{stored.Id}"));

        await AssertTooManyRequestsAsync(second);
        for (var i = 0; i < 5; i++)
        {
            using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            await bobClient.GetIdentityAsync(alice.Id);
        }
    }

    [Fact]
    public async Task ABatchOfNIdsCountsNFetchesAndEachIdOverTheLimitIsRefusedAndRecorded()
    {
        using var factory = new RecryptServiceFactory();
        using var service = WithSettings(factory, ("RateLimits:Transforms:PerIdentity", "3"));
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var aliceClient = await RegisterAsync(service, alice);
        var bobClient = await RegisterAsync(service, bob);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (plaintext, value) = alice.NewDocumentKey();
            plaintext.Dispose();
            ids.Add((await aliceClient.CreateDocumentKeyAsync(value)).Id);
        }

        // Five ids and a malformed one (answered 400, costing nothing): three within the limit, two over it.
        var items = await bobClient.GetDocumentKeysAsync([.. ids, "not-an-id"]);

        Assert.Equal([200, 200, 200, 429, 429, 400], items.Select(item => item.StatusCode));
        Assert.Equal("urn:recrypt:problem:too-many-requests", items[3].ProblemType);
        var limited = (await bobClient.GetAuditEventsAsync(bob.Id, type: Protocol.AuditEventTypes.RateLimited)).ToList();
        Assert.Equal([["GetDocuments", ids[3]], ["GetDocuments", ids[4]]], limited.Select(e => e.Subjects.ToArray()));
        Assert.All(limited, e => Assert.Equal((bob.Id, "refused: rate limit (transforms)"), (e.Actor, e.Outcome)));
        Assert.Equal(3, (await aliceClient.GetAuditEventsAsync(alice.Id, type: Protocol.AuditEventTypes.DocumentFetched)).Count);

        // The batch spent the window: a single fetch is refused, and so is a batch none of whose ids is within it.
        using var http = service.CreateClient();
        var audience = await SignedRequests.AudienceAsync(http);
        using var single = await http.SendAsync(SignedRequests.Create(audience, bob, HttpMethod.Get, $"/documents/{ids[0]}"));
        await AssertTooManyRequestsAsync(single);
        using var batch = await http.SendAsync(SignedRequests.Create(audience, bob, HttpMethod.Post, "/documents/batch", SignedRequests.JsonBody(new { ids = ids.Take(2).ToArray() })));
        await AssertTooManyRequestsAsync(batch);
        Assert.Equal(5, (await bobClient.GetAuditEventsAsync(bob.Id, type: Protocol.AuditEventTypes.RateLimited)).Count);
    }

    [Fact]
    public async Task LimitsCanBeTurnedOff()
    {
        using var factory = new RecryptServiceFactory();
        using var service = WithSettings(factory, ("RateLimits:Enabled", "false"), ("RateLimits:Writes:PerIdentity", "1"), ("RateLimits:Writes:PerAddress", "1"));
        using var alice = new TestIdentity();
        await RegisterAsync(service, alice);

        for (var i = 0; i < 3; i++)
        {
            using var response = await PostDocumentAsync(service, alice);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }
}
