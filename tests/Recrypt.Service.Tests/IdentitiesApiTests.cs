using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recrypt.Client;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

public sealed class IdentitiesApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterReturnsCreatedWithLocationAndTheIdOfTheSigningKey(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("Alice");
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PostAsJsonAsync("/identities", alice.RegistrationBody);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/identities/{alice.Id}", response.Headers.Location?.OriginalString);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(alice.Id, root.GetProperty("id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", alice.Id);
        Assert.Equal("Alice", root.GetProperty("name").GetString());
        Assert.Equal(alice.PublicKey.Export(), root.GetProperty("publicKey").GetBytesFromBase64());
        Assert.Equal(alice.SigningPublicKey.Export(), root.GetProperty("signingPublicKey").GetBytesFromBase64());
        Assert.InRange(root.GetProperty("createdAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheRegistrationAnswerReadsBackUnchanged(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("Alice");
        using var http = factory.CreateSignedHttpClient(alice);

        using var created = await http.PostAsJsonAsync("/identities", alice.RegistrationBody);
        var read = await http.GetStringAsync(new Uri($"/identities/{alice.Id}", UriKind.Relative));

        Assert.Equal(await created.Content.ReadAsStringAsync(), read);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetIdentityReturnsThePublicKeysWithoutASignature(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("Alice");
        await factory.RegisterAsync(alice);
        var anonymous = new RecryptServiceClient(factory.CreateClient(), TestIdentity.Recrypt);

        var identity = await anonymous.GetIdentityAsync(alice.Id);

        Assert.Equal(alice.Id, identity.Id);
        Assert.Equal("Alice", identity.Name);
        Assert.Equal(alice.PublicKey, identity.PublicKey);
        Assert.Equal(alice.SigningPublicKey, identity.SigningPublicKey);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterWithoutANameStoresNoName(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PostAsJsonAsync("/identities", new { publicKey = alice.PublicKey.Export(), signingPublicKey = alice.SigningPublicKey.Export(), keyCertificate = alice.KeyCertificate });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null((await factory.CreateClient(alice).GetIdentityAsync(alice.Id)).Name);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetUnknownIdentityIsNotFound(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var http = factory.CreateClient();

        using var response = await http.GetAsync(new Uri("/identities/00000000000000000000000000000000", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterTwiceIsAConflict(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("Alice");
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PostAsJsonAsync("/identities", new { name = "Mallory", publicKey = alice.PublicKey.Export(), signingPublicKey = alice.SigningPublicKey.Export(), keyCertificate = alice.KeyCertificate });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "conflict");
        Assert.Equal("Alice", (await factory.CreateClient(alice).GetIdentityAsync(alice.Id)).Name);
    }

    [Theory]
    [InlineData("publicKey", 63)]
    [InlineData("publicKey", 65)]
    [InlineData("publicKey", 0)]
    [InlineData("signingPublicKey", 31)]
    [InlineData("signingPublicKey", 33)]
    public async Task RegisterWithAKeyOfTheWrongLengthIsMalformedInput(string field, int length)
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(alice);
        var publicKey = field == "publicKey" ? new byte[length] : alice.PublicKey.Export();
        var signingKey = field == "signingPublicKey" ? new byte[length] : alice.SigningPublicKey.Export();

        using var response = await http.PostAsJsonAsync("/identities", new { publicKey, signingPublicKey = signingKey, keyCertificate = alice.KeyCertificate });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
        Assert.Contains(field, detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterAPublicKeyOffTheCurveIsMalformedInput(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(alice);
        var offCurve = alice.PublicKey.Export();
        offCurve[^1] ^= 1; // y changed: (x, y') is not on y² = x³ + 3

        using var response = await http.PostAsJsonAsync("/identities", new { publicKey = offCurve, signingPublicKey = alice.SigningPublicKey.Export(), keyCertificate = alice.KeyCertificate });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
        Assert.Contains("curve", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"publicKey":"not base64!","signingPublicKey":"AAAA"}""")]
    [InlineData("""{"publicKey":"AAAA","signingPublicKey":"****"}""")]
    [InlineData("""{"publicKey":"AAAA"}""")]
    [InlineData("""{"publicKey":null,"signingPublicKey":"AAAA"}""")]
    [InlineData("""{"publicKey":12,"signingPublicKey":"AAAA"}""")]
    [InlineData("""{"publicKey":""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("")]
    public async Task RegisterWithABodyThatIsNotTheRequestIsMalformedInput(string json)
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PostAsync("/identities", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterWithAnotherContentTypeIsUnsupportedMediaType(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PostAsync("/identities", new StringContent(JsonSerializer.Serialize(alice.RegistrationBody), System.Text.Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterWithATooLongNameIsMalformedInput(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PostAsJsonAsync("/identities", new { name = new string('a', 201), publicKey = alice.PublicKey.Export(), signingPublicKey = alice.SigningPublicKey.Export(), keyCertificate = alice.KeyCertificate });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterWithoutASignatureIsUnauthorizedAndStoresNothing(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var http = factory.CreateClient();

        using var response = await http.PostAsJsonAsync("/identities", alice.RegistrationBody);

        await ProblemAssert.IsUnauthorizedAsync(response);
        using var lookup = await http.GetAsync(new Uri($"/identities/{alice.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterSomeoneElsesSigningKeyIsUnauthorized(string provider)
    {
        // Mallory signs with her own key a registration of Alice's signing key: no proof of possession.
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var mallory = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(mallory);

        using var response = await http.PostAsJsonAsync("/identities", new { publicKey = mallory.PublicKey.Export(), signingPublicKey = alice.SigningPublicKey.Export(), keyCertificate = alice.KeyCertificate });

        var detail = await ProblemAssert.IsUnauthorizedAsync(response);
        Assert.Contains(alice.Id, detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterNamedAsTheKeyButSignedByAnotherIsUnauthorized(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var mallory = new TestIdentity();
        using var http = factory.CreateClient();
        var body = SignedRequests.JsonBody(alice.RegistrationBody);

        using var request = SignedRequests.Create(await factory.AudienceAsync(), alice, HttpMethod.Post, "/identities", body, signer: mallory.SigningKeyPair);
        using var response = await http.SendAsync(request);

        await ProblemAssert.IsUnauthorizedAsync(response);
    }
}
