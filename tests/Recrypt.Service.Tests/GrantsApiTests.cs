using System.Net;
using System.Net.Http.Json;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Recrypt.Client;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

public sealed class GrantsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PutGrantCreatesThenReplaces(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        using var http = factory.CreateSignedHttpClient(alice);
        var path = $"/identities/{alice.Id}/grants/{bob.Id}";

        using var created = await http.PutAsJsonAsync(path, new { transformKey = alice.TransformKeyTo(bob).Export() });
        using var replaced = await http.PutAsJsonAsync(path, new { transformKey = alice.TransformKeyTo(bob).Export() });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(path, created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var grant = await replaced.Content.ReadFromJsonAsync<GrantInfoJson>();
        Assert.Equal(bob.Id, grant?.GranteeId);
        Assert.Equal(bob.Id, Assert.Single(await factory.CreateClient(alice).ListGrantsAsync(alice.Id)).GranteeId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ListGrantsReturnsEveryGrantee(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        using var charlie = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        await factory.RegisterAsync(charlie);

        await client.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        await client.PutGrantAsync(alice.Id, charlie.Id, alice.TransformKeyTo(charlie));
        var grants = await client.ListGrantsAsync(alice.Id);

        Assert.Equal(
            new[] { bob.Id, charlie.Id }.Order(StringComparer.Ordinal),
            grants.Select(grant => grant.GranteeId).Order(StringComparer.Ordinal));
        Assert.Empty(await factory.CreateClient(bob).ListGrantsAsync(bob.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RevokeGrantAnswersItsReceiptThenNotFound(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        await client.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        using var http = factory.CreateSignedHttpClient(alice);
        var path = new Uri($"/identities/{alice.Id}/grants/{bob.Id}", UriKind.Relative);

        using var first = await http.DeleteAsync(path);
        using var second = await http.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var revoked = await first.Content.ReadFromJsonAsync<Protocol.RevokeResponse>(SignedRequests.Json);
        Assert.Equal(bob.Id, revoked!.GranteeId);
        Assert.Equal((Protocol.Receipts.Revoke, alice.Id, bob.Id), (revoked.Receipt.Action, revoked.Receipt.OwnerId, revoked.Receipt.GranteeId));
        Assert.True(Protocol.Receipts.Verify(TestIdentity.Recrypt, revoked.Receipt, (await client.GetServiceInfoAsync()).SigningPublicKey));
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.NotFound, "not-found");
        Assert.Empty(await client.ListGrantsAsync(alice.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RevokeAGrantThatNeverExistedIsNotFoundThroughTheClient(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);

        var error = await Assert.ThrowsAsync<RecryptServiceException>(() => client.RevokeGrantAsync(alice.Id, bob.Id));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("urn:recrypt:problem:not-found", error.ProblemType);
        Assert.False(string.IsNullOrEmpty(error.Title));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PutGrantToAnUnknownGranteeIsNotFound(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PutAsJsonAsync($"/identities/{alice.Id}/grants/{bob.Id}", new { transformKey = alice.TransformKeyTo(bob).Export() });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PutGrantToItselfIsMalformedInput(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PutAsJsonAsync($"/identities/{alice.Id}/grants/{alice.Id}", new { transformKey = alice.TransformKeyTo(alice).Export() });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
    }

    public static TheoryData<string> MalformedTransformKeys => new()
    {
        "short",
        "truncated",
        "longer",
        "version",
        "offcurve",
        "empty",
    };

    [Theory]
    [MemberData(nameof(MalformedTransformKeys))]
    public async Task PutGrantWithBytesThatAreNotATransformKeyIsMalformedInput(string how)
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        using var http = factory.CreateSignedHttpClient(alice);
        var key = alice.TransformKeyTo(bob).Export();
        byte[] bytes = how switch
        {
            "short" => [1, 2, 3],
            "truncated" => key[..^1],
            "longer" => [.. key, 0],
            "version" => [0xFF, .. key[1..]],
            "offcurve" => OffCurveToPublicKey(alice, bob),
            _ => [],
        };

        using var response = await http.PutAsJsonAsync($"/identities/{alice.Id}/grants/{bob.Id}", new { transformKey = bytes });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
        Assert.Empty(await factory.CreateClient(alice).ListGrantsAsync(alice.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PutGrantWithBadBase64IsMalformedInput(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PutAsync($"/identities/{alice.Id}/grants/{bob.Id}",
            new StringContent("""{"transformKey":"%%%not-base64%%%"}""", System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PutGrantWhoseSignatureDoesNotVerifyFailsTheCryptographicCheck(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        using var http = factory.CreateSignedHttpClient(alice);
        var key = alice.TransformKeyTo(bob).Export();
        key[^1] ^= 0x01; // the last byte is the signature's

        using var response = await http.PutAsJsonAsync($"/identities/{alice.Id}/grants/{bob.Id}", new { transformKey = key });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "cryptographic-check-failed");
        Assert.Contains("signature", detail, StringComparison.Ordinal);
        Assert.Empty(await factory.CreateClient(alice).ListGrantsAsync(alice.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PutGrantSignedWithAnotherSigningKeyFailsTheCryptographicCheck(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        using var mallory = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        using var http = factory.CreateSignedHttpClient(alice);
        var key = TestIdentity.Recrypt.GenerateTransformKey(alice.PrivateKey, bob.PublicKey, mallory.SigningKeyPair);

        using var response = await http.PutAsJsonAsync($"/identities/{alice.Id}/grants/{bob.Id}", new { transformKey = key.Export() });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "cryptographic-check-failed");
        Assert.Contains("owner's signing key", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PutGrantThatTransformsToAnotherPublicKeyFailsTheCryptographicCheck(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        using var charlie = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        await factory.RegisterAsync(charlie);
        using var http = factory.CreateSignedHttpClient(alice);

        using var response = await http.PutAsJsonAsync($"/identities/{alice.Id}/grants/{bob.Id}", new { transformKey = alice.TransformKeyTo(charlie).Export() });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "cryptographic-check-failed");
        Assert.Contains("grantee's public key", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ManagingAnotherOwnersGrantsIsForbidden(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        using var mallory = new TestIdentity();
        var aliceClient = await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        await factory.RegisterAsync(mallory);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        using var http = factory.CreateSignedHttpClient(mallory);
        var grantPath = $"/identities/{alice.Id}/grants/{bob.Id}";

        using var put = await http.PutAsJsonAsync($"/identities/{alice.Id}/grants/{mallory.Id}", new { transformKey = alice.TransformKeyTo(mallory).Export() });
        using var list = await http.GetAsync(new Uri($"/identities/{alice.Id}/grants", UriKind.Relative));
        using var delete = await http.DeleteAsync(new Uri(grantPath, UriKind.Relative));

        await ProblemAssert.IsProblemAsync(put, HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsProblemAsync(list, HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsProblemAsync(delete, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(bob.Id, Assert.Single(await aliceClient.ListGrantsAsync(alice.Id)).GranteeId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConcurrentPutsOfTheSameGrantLeaveExactlyOneWellFormedRecord(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        var keys = Enumerable.Range(0, 16).Select(_ => alice.TransformKeyTo(bob)).ToArray();
        using var http = factory.CreateSignedHttpClient(alice);
        var path = $"/identities/{alice.Id}/grants/{bob.Id}";

        var responses = await Task.WhenAll(keys.Select(key => Task.Run(() => http.PutAsJsonAsync(path, new { transformKey = key.Export() }))));

        Assert.Equal(1, responses.Count(response => response.StatusCode == HttpStatusCode.Created));
        Assert.Equal(keys.Length - 1, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        foreach (var response in responses)
        {
            response.Dispose();
        }
        if (provider == TestDatabase.LiteDB)
        {
            var records = factory.Services.GetRequiredService<ILiteDatabase>().GetCollection("grants").FindAll().ToList();
            var record = Assert.Single(records);
            Assert.Equal($"{alice.Id}:{bob.Id}", record["_id"].AsString);
            Assert.Equal(alice.Id, record["OwnerId"].AsString);
            Assert.Equal(bob.Id, record["GranteeId"].AsString);
            Assert.NotEmpty(record["TransformKey"].AsBinary);
        }
        else
        {
            Assert.Equal($"{alice.Id}|{bob.Id}|t", factory.Database.Query("SELECT owner_id, grantee_id, length(transform_key) > 0 FROM grants"));
        }
        // The record holds the transform key sealed under the key-encryption key: show it is one of the keys sent,
        // whole, by using it. Bob's fetch is transformed with it and decrypts to the document's plaintext.
        var (plaintext, value) = alice.NewDocumentKey();
        using (plaintext)
        {
            var stored = await factory.CreateClient(alice).CreateDocumentKeyAsync(value);
            var fetched = await factory.CreateClient(bob).GetDocumentKeyAsync(stored.Id);
            using var decrypted = TestIdentity.Recrypt.Decrypt(fetched.EncryptedValue, bob.PrivateKey);
            Assert.Equal(plaintext.Export(), decrypted.Export());
        }
    }

    private static byte[] OffCurveToPublicKey(TestIdentity alice, TestIdentity bob)
    {
        // The toPublicKey field (after version, tag and the ephemeral public key) with its y changed.
        var key = alice.TransformKeyTo(bob).Export();
        var toPublicKey = key.AsSpan().IndexOf(bob.PublicKey.Export());
        Assert.True(toPublicKey > 0);
        key[toPublicKey + PublicKey.Size - 1] ^= 0x01;
        return key;
    }

    private sealed record GrantInfoJson(string GranteeId, DateTimeOffset CreatedAt);
}
