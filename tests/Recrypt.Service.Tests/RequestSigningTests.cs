using System.Net;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>The Recrypt-Ed25519 scheme, on a signed endpoint (an owner listing its grants, or granting).</summary>
public sealed class RequestSigningTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARequestSignedByARegisteredIdentityIsAccepted(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();

        using var request = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARequestWithoutASignatureIsUnauthorized(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();

        using var response = await http.GetAsync(new Uri($"/identities/{alice.Id}/grants", UriKind.Relative));

        await ProblemAssert.IsUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("Recrypt-Identity")]
    [InlineData("Recrypt-Timestamp")]
    [InlineData("Recrypt-Nonce")]
    [InlineData("Recrypt-Signature")]
    public async Task ARequestMissingOneSignatureHeaderIsUnauthorized(string header)
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();

        using var request = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
        request.Headers.Remove(header);
        using var response = await http.SendAsync(request);

        var detail = await ProblemAssert.IsUnauthorizedAsync(response);
        Assert.Contains(header, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Recrypt-Identity", "ALICE")]
    [InlineData("Recrypt-Identity", "0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("Recrypt-Timestamp", "yesterday")]
    [InlineData("Recrypt-Timestamp", "-5")]
    [InlineData("Recrypt-Timestamp", "99999999999999999999999")]
    [InlineData("Recrypt-Nonce", "short")]
    [InlineData("Recrypt-Nonce", "AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("Recrypt-Nonce", "not/base64url+at/all+not/base64url+at/all")]
    [InlineData("Recrypt-Signature", "AAAA")]
    [InlineData("Recrypt-Signature", "not base64")]
    public async Task ARequestWithAMalformedSignatureHeaderIsUnauthorized(string header, string value)
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();

        using var request = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await http.SendAsync(request);

        await ProblemAssert.IsUnauthorizedAsync(response);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARequestSignedByAnotherKeyIsUnauthorized(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var mallory = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();

        using var request = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", signer: mallory.SigningKeyPair);
        using var response = await http.SendAsync(request);

        var detail = await ProblemAssert.IsUnauthorizedAsync(response);
        Assert.Contains("does not verify", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARequestFromAnUnknownIdentityIsUnauthorized(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var stranger = new TestIdentity();
        using var http = factory.CreateClient();

        using var request = SignedRequests.Create(await factory.AudienceAsync(), stranger, HttpMethod.Get, $"/identities/{stranger.Id}/grants");
        using var response = await http.SendAsync(request);

        var detail = await ProblemAssert.IsUnauthorizedAsync(response);
        Assert.Contains(stranger.Id, detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARequestWhoseBodyDiffersFromTheSignedBodyIsUnauthorized(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        using var http = factory.CreateClient();
        var signed = SignedRequests.JsonBody(new { transformKey = alice.TransformKeyTo(bob).Export() });
        var sent = SignedRequests.JsonBody(new { transformKey = alice.TransformKeyTo(bob).Export() });

        using var request = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Put, $"/identities/{alice.Id}/grants/{bob.Id}", sent, signedBody: signed);
        using var response = await http.SendAsync(request);

        await ProblemAssert.IsUnauthorizedAsync(response);
        Assert.Empty(await factory.CreateClient(alice).ListGrantsAsync(alice.Id));
    }

    [Theory]
    [InlineData("/identities/{0}/grants?all=true")]
    [InlineData("/identities/{0}/grants/")]
    [InlineData("/IDENTITIES/{0}/grants")]
    public async Task ARequestWhosePathDiffersFromTheSignedPathIsUnauthorized(string signedPathFormat)
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();
        var signedPath = string.Format(System.Globalization.CultureInfo.InvariantCulture, signedPathFormat, alice.Id);

        using var request = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", signedPath: signedPath);
        using var response = await http.SendAsync(request);

        await ProblemAssert.IsUnauthorizedAsync(response);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARequestSignedForAnotherMethodIsUnauthorized(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        await factory.CreateClient(alice).PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        using var http = factory.CreateClient();
        var path = $"/identities/{alice.Id}/grants/{bob.Id}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var nonce = SignedRequests.NewNonce();
        var getSignature = Convert.ToBase64String(TestIdentity.Recrypt.Ed25519Sign(
            alice.SigningKeyPair, Protocol.SignedRequest.Message(await factory.AudienceAsync(), "GET", path, timestamp, nonce, [])));

        using var request = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Delete, path, timestamp: timestamp, nonce: nonce);
        request.Headers.Remove("Recrypt-Signature");
        request.Headers.Add("Recrypt-Signature", getSignature);
        using var response = await http.SendAsync(request);

        await ProblemAssert.IsUnauthorizedAsync(response);
        Assert.Single(await factory.CreateClient(alice).ListGrantsAsync(alice.Id));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86400)]
    public Task ARequestWhoseTimestampIsOutsideTheWindowIsUnauthorized(int offsetSeconds) =>
        SendSignedAtOffsetAsync(offsetSeconds, async response =>
        {
            var detail = await ProblemAssert.IsUnauthorizedAsync(response);
            Assert.Contains("Recrypt-Timestamp", detail, StringComparison.Ordinal);
        });

    [Theory]
    [InlineData(-300)]
    [InlineData(-290)]
    [InlineData(290)]
    [InlineData(300)]
    public Task ARequestWhoseTimestampIsWithinTheWindowIsAccepted(int offsetSeconds) =>
        SendSignedAtOffsetAsync(offsetSeconds, response =>
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Task.CompletedTask;
        });

    /// <summary>
    /// Sends a registered identity's request signed <paramref name="offsetSeconds"/> from the service's clock, and
    /// <paramref name="check"/>s the response. The clock stands still: with a moving one, a second boundary crossed
    /// between signing and checking made 301 s look like 300 now and then on a loaded machine.
    /// </summary>
    private static async Task SendSignedAtOffsetAsync(int offsetSeconds, Func<HttpResponseMessage, Task> check)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        using var factory = new RecryptServiceFactory { Clock = new StoppedClock(now) };
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();

        using var request = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants",
            timestamp: now.ToUnixTimeSeconds() + offsetSeconds);
        using var response = await http.SendAsync(request);

        await check(response);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AReplayedRequestIsUnauthorized(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();
        using var original = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
        using var replay = await SignedRequests.CloneAsync(original);

        using var first = await http.SendAsync(original);
        using var second = await http.SendAsync(replay);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var detail = await ProblemAssert.IsUnauthorizedAsync(second);
        Assert.Contains("replay", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AReplayIsRefusedAfterARestart(string provider)
    {
        using var alice = new TestIdentity();
        using var factory = new RecryptServiceFactory(provider);
        await factory.RegisterAsync(alice);
        using var original = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
        using var replay = await SignedRequests.CloneAsync(original);
        using var first = await factory.CreateClient().SendAsync(original);

        using var restarted = factory.Restart();
        using var second = await restarted.CreateClient().SendAsync(replay);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var detail = await ProblemAssert.IsUnauthorizedAsync(second);
        Assert.Contains("replay", detail, StringComparison.Ordinal);
    }

    /// <summary>Each provider, with an identity the service has not yet authenticated and with one it has (whose key it knows).</summary>
    public static TheoryData<string, bool> ProvidersAndKnownKeys => new()
    {
        { TestDatabase.LiteDB, false }, { TestDatabase.LiteDB, true }, { TestDatabase.PostgreSQL, false }, { TestDatabase.PostgreSQL, true },
    };

    [Theory]
    [MemberData(nameof(ProvidersAndKnownKeys))]
    public async Task AForgedRequestDoesNotSpendTheNonce(string provider, bool keyKnown)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var mallory = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();
        if (keyKnown)
        {
            // A request the service authenticates: from then on it checks alice's signatures before reading anything.
            using var earlier = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
            using var accepted = await http.SendAsync(earlier);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        var nonce = SignedRequests.NewNonce();

        using var forged = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", nonce: nonce, signer: mallory.SigningKeyPair);
        using var forgedResponse = await http.SendAsync(forged);
        using var genuine = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", nonce: nonce);
        using var genuineResponse = await http.SendAsync(genuine);

        await ProblemAssert.IsUnauthorizedAsync(forgedResponse);
        Assert.Equal(HttpStatusCode.OK, genuineResponse.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheSameNonceFromTwoIdentitiesIsAcceptedForEach(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        using var http = factory.CreateClient();
        var nonce = SignedRequests.NewNonce(64);

        using var fromAlice = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", nonce: nonce);
        using var fromBob = SignedRequests.Create(await factory.AudienceAsync(), bob, HttpMethod.Get, $"/identities/{bob.Id}/grants", nonce: nonce);
        using var aliceResponse = await http.SendAsync(fromAlice);
        using var bobResponse = await http.SendAsync(fromBob);

        Assert.Equal(HttpStatusCode.OK, aliceResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bobResponse.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheClientSignerSignsEveryRequestWithAFreshNonce(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        var client = await factory.RegisterAsync(alice);

        for (var i = 0; i < 5; i++)
        {
            Assert.Empty(await client.ListGrantsAsync(alice.Id));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task APublicReadIgnoresSignaturesAndSpendsNoNonce(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();
        var nonce = SignedRequests.NewNonce();

        using var publicRead = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}", nonce: nonce);
        using var publicResponse = await http.SendAsync(publicRead);
        using var signedRead = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", nonce: nonce);
        using var signedResponse = await http.SendAsync(signedRead);

        Assert.Equal(HttpStatusCode.OK, publicResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedResponse.StatusCode);
    }
}
