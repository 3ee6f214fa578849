using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recrypt.Client;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

public sealed class DocumentsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheOwnerStoresADocumentKeyAndGetsItBackAsStored(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;

        var created = await client.CreateDocumentKeyAsync(value);
        var fetched = await client.GetDocumentKeyAsync(created.Id);

        Assert.Matches("^[0-9a-f]{32}$", created.Id);
        Assert.Equal(alice.Id, created.OwnerId);
        Assert.Equal(created.Id, fetched.Id);
        Assert.Equal(alice.Id, fetched.OwnerId);
        Assert.Equal(value, fetched.EncryptedValue);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateReturnsCreatedWithLocation(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;

        using var response = await http.PostAsJsonAsync("/documents", new { encryptedValue = value.Export() });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"/documents/{body.RootElement.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        Assert.Equal(alice.Id, body.RootElement.GetProperty("ownerId").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AGranteeGetsTheKeyTransformedAndSignedByTheServiceAndDecryptsIt(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var aliceClient = await factory.RegisterAsync(alice);
        var bobClient = await factory.RegisterAsync(bob);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        var created = await aliceClient.CreateDocumentKeyAsync(value);

        var fetched = await bobClient.GetDocumentKeyAsync(created.Id);
        using var decrypted = TestIdentity.Recrypt.Decrypt(fetched.EncryptedValue, bob.PrivateKey);

        Assert.Equal(alice.Id, fetched.OwnerId);
        Assert.Single(fetched.EncryptedValue.TransformBlocks);
        Assert.Equal((await bobClient.GetServiceInfoAsync()).SigningPublicKey, fetched.EncryptedValue.PublicSigningKey);
        Assert.True(fetched.EncryptedValue.VerifySignature());
        Assert.Equal(plaintext.Export(), decrypted.Export());
        Assert.Throws<RecryptException>(() => TestIdentity.Recrypt.Decrypt(fetched.EncryptedValue, alice.PrivateKey).Dispose());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SomeoneWithoutAGrantIsForbidden(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var charlie = new TestIdentity();
        var aliceClient = await factory.RegisterAsync(alice);
        await factory.RegisterAsync(charlie);
        using var http = factory.CreateSignedHttpClient(charlie);
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        var created = await aliceClient.CreateDocumentKeyAsync(value);

        using var response = await http.GetAsync(new Uri($"/documents/{created.Id}", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AGranteeWhoseGrantWasRevokedIsForbidden(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var aliceClient = await factory.RegisterAsync(alice);
        var bobClient = await factory.RegisterAsync(bob);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        var created = await aliceClient.CreateDocumentKeyAsync(value);
        await bobClient.GetDocumentKeyAsync(created.Id);

        await aliceClient.RevokeGrantAsync(alice.Id, bob.Id);
        var error = await Assert.ThrowsAsync<RecryptServiceException>(() => bobClient.GetDocumentKeyAsync(created.Id));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("urn:recrypt:problem:forbidden", error.ProblemType);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AnUnknownDocumentKeyIsNotFound(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);

        using var get = await http.GetAsync(new Uri("/documents/00000000000000000000000000000000", UriKind.Relative));
        using var delete = await http.DeleteAsync(new Uri("/documents/00000000000000000000000000000000", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsProblemAsync(delete, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FetchingWithoutASignatureIsUnauthorized(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        var created = await client.CreateDocumentKeyAsync(value);

        using var response = await factory.CreateClient().GetAsync(new Uri($"/documents/{created.Id}", UriKind.Relative));

        await ProblemAssert.IsUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("empty")]
    [InlineData("offcurve")]
    [InlineData("transformKey")]
    public async Task CreateWithBytesThatAreNotAnEncryptedValueIsMalformedInput(string how)
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        var encoding = value.Export();
        byte[] bytes = how switch
        {
            "garbage" => [.. Enumerable.Range(0, 580).Select(i => (byte)i)],
            "truncated" => encoding[..^10],
            "offcurve" => OffCurveEphemeralKey(value),
            "transformKey" => alice.TransformKeyTo(bob).Export(),
            _ => [],
        };

        using var response = await http.PostAsJsonAsync("/documents", new { encryptedValue = bytes });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateWithATransformedValueFailsTheCryptographicCheck(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);
        using var plaintext = TestIdentity.Recrypt.GeneratePlaintext();
        var toBob = TestIdentity.Recrypt.Encrypt(plaintext, bob.PublicKey, bob.SigningKeyPair);
        var transformed = TestIdentity.Recrypt.Transform(toBob, bob.TransformKeyTo(alice), alice.SigningKeyPair);

        using var response = await http.PostAsJsonAsync("/documents", new { encryptedValue = transformed.Export() });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "cryptographic-check-failed");
        Assert.Contains("transformed", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateWithAValueWhoseSignatureDoesNotVerifyFailsTheCryptographicCheck(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        var encoding = value.Export();
        var signature = encoding.AsSpan().IndexOf(value.Signature);
        encoding[signature] ^= 0x80;

        using var response = await http.PostAsJsonAsync("/documents", new { encryptedValue = encoding });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "cryptographic-check-failed");
        Assert.Contains("signature", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateWithAValueSignedByAnotherKeyFailsTheCryptographicCheck(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var mallory = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);
        using var plaintext = TestIdentity.Recrypt.GeneratePlaintext();
        var value = TestIdentity.Recrypt.Encrypt(plaintext, alice.PublicKey, mallory.SigningKeyPair);

        using var response = await http.PostAsJsonAsync("/documents", new { encryptedValue = value.Export() });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "cryptographic-check-failed");
        Assert.Contains("caller's signing key", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheOwnerDeletesADocumentKeyOnce(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        var created = await client.CreateDocumentKeyAsync(value);
        var path = new Uri($"/documents/{created.Id}", UriKind.Relative);

        using var first = await http.DeleteAsync(path);
        using var second = await http.DeleteAsync(path);
        using var get = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeletingSomeoneElsesDocumentKeyIsForbidden(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var aliceClient = await factory.RegisterAsync(alice);
        var bobClient = await factory.RegisterAsync(bob);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        var created = await aliceClient.CreateDocumentKeyAsync(value);

        var error = await Assert.ThrowsAsync<RecryptServiceException>(() => bobClient.DeleteDocumentKeyAsync(created.Id));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(value, (await aliceClient.GetDocumentKeyAsync(created.Id)).EncryptedValue);
    }

    private static byte[] OffCurveEphemeralKey(EncryptedValue value)
    {
        var encoding = value.Export();
        var ephemeral = encoding.AsSpan().IndexOf(value.EphemeralPublicKey.Export());
        Assert.True(ephemeral > 0);
        encoding[ephemeral + PublicKey.Size - 1] ^= 0x01;
        return encoding;
    }
}
