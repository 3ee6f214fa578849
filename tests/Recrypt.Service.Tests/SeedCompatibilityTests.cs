using System.Net;
using System.Text.Json;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

public sealed class SeedCompatibilityTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ThePrototypesWalkthroughWorks(string provider)
    {
        using var factory = new RecryptServiceFactory(seedCompatibility: true, provider);

        await new SeedWalkthrough(factory.CreateClient()).PlayAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheRoutesAreAbsentUnlessEnabled(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        var curl = new SeedWalkthrough(factory.CreateClient());

        var (status, _) = await curl.CurlGetAsync("/create_identity");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetSymKeyReturnsTheKeyAsPlainText(string provider)
    {
        using var factory = new RecryptServiceFactory(seedCompatibility: true, provider);
        var curl = new SeedWalkthrough(factory.CreateClient());
        var (alice, alicePk) = await curl.CreateIdentityAsync();
        var (_, body) = await curl.CurlGetAsync($"/create_sym_key/{alice}");
        var keyId = JsonDocument.Parse(body).RootElement.GetProperty("uuid").GetString();

        using var http = factory.CreateClient();
        using var response = await http.PostAsync($"/get_sym_key/{alice}/{alice}/{keyId}", new StringContent(alicePk, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("^[0-9a-f]{64}$", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("[256,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]")]
    [InlineData("[-1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]")]
    [InlineData("[1.5,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]")]
    [InlineData("\"[1,2,3]\"")]
    [InlineData("{}")]
    [InlineData("[")]
    public async Task APrivateKeyThatIsNot32NumbersIsMalformedInput(string data)
    {
        using var factory = new RecryptServiceFactory(seedCompatibility: true);
        var curl = new SeedWalkthrough(factory.CreateClient());
        var (alice, _) = await curl.CreateIdentityAsync();
        var (bob, _) = await curl.CreateIdentityAsync();
        using var http = factory.CreateClient();

        using var response = await http.PostAsync($"/grant_access/{alice}/{bob}", new StringContent(data, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ASignatureThatIsNot64NumbersIsMalformedInputAndRevokesNothing(string provider)
    {
        using var factory = new RecryptServiceFactory(seedCompatibility: true, provider);
        var curl = new SeedWalkthrough(factory.CreateClient());
        var (alice, alicePk) = await curl.CreateIdentityAsync();
        var (bob, bobPk) = await curl.CreateIdentityAsync();
        await curl.CurlPostAsync($"/grant_access/{alice}/{bob}", alicePk);
        var (_, body) = await curl.CurlGetAsync($"/create_sym_key/{alice}");
        var keyId = JsonDocument.Parse(body).RootElement.GetProperty("uuid").GetString();

        var (status, _) = await curl.CurlPostAsync($"/revoke_access/{alice}/{bob}", "[1,2,3]");
        var (fetchStatus, _) = await curl.CurlPostAsync($"/get_sym_key/{bob}/{alice}/{keyId}", bobPk);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(HttpStatusCode.OK, fetchStatus);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GrantingWithSomeoneElsesPrivateKeyIsForbiddenAndGrantsNothing(string provider)
    {
        using var factory = new RecryptServiceFactory(seedCompatibility: true, provider);
        var curl = new SeedWalkthrough(factory.CreateClient());
        var (alice, _) = await curl.CreateIdentityAsync();
        var (bob, bobPk) = await curl.CreateIdentityAsync();
        var (mallory, malloryPk) = await curl.CreateIdentityAsync();
        var (_, body) = await curl.CurlGetAsync($"/create_sym_key/{alice}");
        var keyId = JsonDocument.Parse(body).RootElement.GetProperty("uuid").GetString();

        var (status, _) = await curl.CurlPostAsync($"/grant_access/{alice}/{mallory}", malloryPk);
        var (fetchStatus, _) = await curl.CurlPostAsync($"/get_sym_key/{mallory}/{alice}/{keyId}", malloryPk);
        var (bobStatus, _) = await curl.CurlPostAsync($"/get_sym_key/{bob}/{alice}/{keyId}", bobPk);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.Forbidden, fetchStatus);
        Assert.Equal(HttpStatusCode.Forbidden, bobStatus);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UnknownIdentitiesAndKeysAreNotFound(string provider)
    {
        using var factory = new RecryptServiceFactory(seedCompatibility: true, provider);
        var curl = new SeedWalkthrough(factory.CreateClient());
        var (alice, alicePk) = await curl.CreateIdentityAsync();
        var nobody = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.NotFound, (await curl.CurlGetAsync($"/create_sym_key/{nobody}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await curl.CurlPostAsync($"/grant_access/{alice}/{nobody}", alicePk)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await curl.CurlPostAsync($"/get_sym_key/{alice}/{alice}/{nobody}", alicePk)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await curl.CurlPostAsync($"/revoke_access/{alice}/{nobody}", "[" + string.Join(',', new int[64]) + "]")).Status);
    }
}
