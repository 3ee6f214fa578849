using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Recrypt.Protocol;
using Recrypt.Service.Audit;
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
    public async Task EveryEventOfTheWalkthroughIsInTheOwnersAndGranteesAuditTrailAndNoSecretIs(string provider)
    {
        using var factory = new RecryptServiceFactory(seedCompatibility: true, provider);
        var curl = new SeedWalkthrough(factory.CreateClient());
        var (alice, alicePk) = await curl.CreateIdentityAsync();
        var (bob, bobPk) = await curl.CreateIdentityAsync();
        var (charlie, charliePk) = await curl.CreateIdentityAsync();
        var (_, grantBody) = await curl.CurlPostAsync($"/grant_access/{alice}/{bob}", alicePk);
        var signature = JsonDocument.Parse(grantBody).RootElement.GetProperty("signature").GetRawText();
        var (_, body) = await curl.CurlGetAsync($"/create_sym_key/{alice}");
        var created = JsonDocument.Parse(body).RootElement;
        var (keyId, sk) = (created.GetProperty("uuid").GetString()!, created.GetProperty("sk").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await curl.CurlPostAsync($"/get_sym_key/{bob}/{alice}/{keyId}", bobPk)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await curl.CurlPostAsync($"/get_sym_key/{charlie}/{alice}/{keyId}", charliePk)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await curl.CurlPostAsync($"/get_sym_key/{bob}/{alice}/{keyId}", charliePk)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await curl.CurlPostAsync($"/grant_access/{alice}/{charlie}", charliePk)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await curl.CurlPostAsync($"/revoke_access/{alice}/{bob}", "[" + string.Join(',', Enumerable.Repeat(7, 64)) + "]")).Status);
        Assert.Equal(HttpStatusCode.OK, (await curl.CurlPostAsync($"/revoke_access/{alice}/{bob}", signature)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await curl.CurlPostAsync($"/get_sym_key/{bob}/{alice}/{keyId}", bobPk)).Status);

        var store = factory.Services.GetRequiredService<IAuditStore>();
        var alices = store.ListConcerning(alice, 0, null, null, 100);
        Assert.Equal(
            [
                (AuditEventTypes.IdentityRegistered, alice, alice, "ok"),
                (AuditEventTypes.GrantMade, alice, bob, "ok"),
                (AuditEventTypes.DocumentStored, null, keyId, "ok"),
                (AuditEventTypes.DocumentFetched, bob, keyId, "ok"),
                (AuditEventTypes.DocumentRefused, charlie, keyId, "refused: no grant from the owner"),
                (AuditEventTypes.DocumentRefused, null, keyId, "refused: private key does not match"),
                (AuditEventTypes.GrantRefused, null, charlie, "refused: private key does not match"),
                (AuditEventTypes.GrantRefused, null, bob, "refused: signature does not match"),
                (AuditEventTypes.GrantRevoked, alice, bob, "ok"),
                (AuditEventTypes.DocumentRefused, bob, keyId, "refused: no grant from the owner"),
            ],
            alices.Select(record => (record.Type, record.Actor, record.Subjects[0], record.Outcome)));
        Assert.Equal(
            [AuditEventTypes.IdentityRegistered, AuditEventTypes.GrantMade, AuditEventTypes.DocumentFetched, AuditEventTypes.GrantRevoked, AuditEventTypes.DocumentRefused],
            store.ListConcerning(bob, 0, null, null, 100).Select(record => record.Type));
        Assert.Equal(
            [AuditEventTypes.IdentityRegistered, AuditEventTypes.DocumentRefused],
            store.ListConcerning(charlie, 0, null, null, 100).Select(record => record.Type));
        Assert.All(alices, record => Assert.False(string.IsNullOrEmpty(record.RequestId)));

        // One unbroken chain, and no private key, symmetric key or grant signature in any record.
        var all = new[] { alice, bob, charlie }.SelectMany(id => store.ListConcerning(id, 0, null, null, 100)).DistinctBy(record => record.Id).OrderBy(record => record.Id).ToList();
        var verified = AuditVerifier.Verify(all, store.Head());
        Assert.True(verified.Ok, verified.Message);
        var secrets = new[] { alicePk, bobPk, charliePk, signature }.Select(array => Convert.ToHexStringLower(Bytes(array))).Append(sk);
        var exported = string.Join('\n', all.Select(record => System.Text.Encoding.UTF8.GetString(record.ExportLine())));
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, exported, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ARequestWhoseRecordCannotBeWrittenFailsAndChangesNothing()
    {
        using var factory = new RecryptServiceFactory(seedCompatibility: true, TestDatabase.PostgreSQL);
        var curl = new SeedWalkthrough(factory.CreateClient());
        var (alice, _) = await curl.CreateIdentityAsync();
        // The chain's head row is gone: no record can be appended.
        factory.Database.Query("DELETE FROM audit_head");

        var (identityStatus, _) = await curl.CurlGetAsync("/create_identity");
        var (keyStatus, _) = await curl.CurlGetAsync($"/create_sym_key/{alice}");

        Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError), (identityStatus, keyStatus));
        Assert.Equal(("1", "0"), (factory.Database.Query("SELECT count(*) FROM seed_identities"), factory.Database.Query("SELECT count(*) FROM seed_keys")));
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

    /// <summary>The bytes of a JSON array of numbers 0-255, as the prototype writes keys and signatures.</summary>
    private static byte[] Bytes(string jsonArray) => [.. JsonSerializer.Deserialize<int[]>(jsonArray)!.Select(value => (byte)value)];
}
