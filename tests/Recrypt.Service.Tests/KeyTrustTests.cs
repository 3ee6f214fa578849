using System.Net;
using System.Net.Http.Json;
using Recrypt.Client;
using Recrypt.Protocol;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// Keys bound to identities (key certificates), key versions and rotation through the client library, and
/// requests bound to one service.
/// </summary>
public sealed class KeyTrustTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegistrationRefusesACertificateThatIsNotTheIdentitysOfThisKeyAsVersion1(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var mallory = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(alice);
        var recrypt = TestIdentity.Recrypt;

        var wrong = new Dictionary<string, byte[]>
        {
            ["someone else's certificate of the key"] = KeyCertificate.Sign(recrypt, mallory.SigningKeyPair, 1, alice.PublicKey),
            ["a certificate of another key"] = KeyCertificate.Sign(recrypt, alice.SigningKeyPair, 1, mallory.PublicKey),
            ["a certificate of version 2"] = KeyCertificate.Sign(recrypt, alice.SigningKeyPair, 2, alice.PublicKey),
            ["zeros"] = new byte[KeyCertificate.Size],
        };
        foreach (var (why, certificate) in wrong)
        {
            using var response = await http.PostAsJsonAsync(
                "/identities", new { publicKey = alice.PublicKey.Export(), signingPublicKey = alice.SigningPublicKey.Export(), keyCertificate = certificate });
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "cryptographic-check-failed");
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, why);
        }
        using var missing = await http.GetAsync(new Uri($"/identities/{alice.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AnIdentityRotatedElsewhereRegistersItsCurrentKeyVersion(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(alice);
        var recrypt = TestIdentity.Recrypt;

        using var zero = await http.PostAsJsonAsync("/identities", new
        {
            publicKey = alice.PublicKey.Export(),
            signingPublicKey = alice.SigningPublicKey.Export(),
            keyCertificate = KeyCertificate.Sign(recrypt, alice.SigningKeyPair, 1, alice.PublicKey),
            keyVersion = 0,
        });
        await ProblemAssert.IsProblemAsync(zero, HttpStatusCode.BadRequest, "malformed-input");

        var registered = await new RecryptServiceClient(http, recrypt).RegisterIdentityAsync(alice.PublicKey, 3, alice.SigningKeyPair, "alice");
        Assert.Equal(3, registered.KeyVersion);
        var fetched = await new RecryptServiceClient(factory.CreateSignedHttpClient(new TestIdentity()), recrypt).GetIdentityAsync(alice.Id);
        Assert.Equal(3, fetched.KeyVersion);
        Assert.Equal(alice.PublicKey, fetched.PublicKey);
    }

    public static TheoryData<string> WeakSigningKeys =>
    [
        "0100000000000000000000000000000000000000000000000000000000000000", // the neutral point (small order)
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // a point of order 8
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1: a non-canonical neutral point
        "0200000000000000000000000000000000000000000000000000000000000000", // y = 2: not the y of any point
    ];

    [Theory]
    [MemberData(nameof(WeakSigningKeys))]
    public async Task AWeakOrMalformedSigningKeyIsRefusedAtRegistration(string keyHex)
    {
        // 01 00..00 encodes the neutral point: the signature R = neutral, S = 0 "verifies" every message under
        // it under a lax verifier, so whoever registered it would let anyone act as it. The key is refused as
        // malformed (400) before any signature is looked at. (The rule is RFC 8032's strict one; docs/security.md.)
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        using var http = factory.CreateClient();
        var weakKey = Convert.FromHexString(keyHex);
        var constantSignature = new byte[64];
        constantSignature[0] = 1; // R = the neutral point, S = 0
        var id = IdentityId.FromSigningKey(weakKey);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/identities")
        {
            Content = JsonContent.Create(new { publicKey = alice.PublicKey.Export(), signingPublicKey = weakKey, keyCertificate = constantSignature }),
        };
        request.Headers.Add(SignedRequest.IdentityHeader, id);
        request.Headers.Add(SignedRequest.TimestampHeader, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SignedRequest.NonceHeader, SignedRequests.NewNonce());
        request.Headers.Add(SignedRequest.SignatureHeader, Convert.ToBase64String(constantSignature));
        using var response = await http.SendAsync(request);

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
        Assert.Contains("signingPublicKey", detail, StringComparison.Ordinal);
        using var lookup = await http.GetAsync($"/identities/{id}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARequestSignedForOneServiceIsRefusedByAnother(string provider)
    {
        using var first = new RecryptServiceFactory(provider);
        using var second = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        foreach (var service in new[] { first, second })
        {
            await service.RegisterAsync(alice);
            await service.RegisterAsync(bob);
            await service.CreateClient(alice).PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        }
        Assert.NotEqual(await first.AudienceAsync(), await second.AudienceAsync());

        // A DELETE of the grant, signed for the first service, replayed byte for byte to the second.
        using var original = SignedRequests.Create(await first.AudienceAsync(), alice, HttpMethod.Delete, $"/identities/{alice.Id}/grants/{bob.Id}");
        using var replay = await SignedRequests.CloneAsync(original);
        using var atSecond = await second.CreateClient().SendAsync(replay);

        var detail = await ProblemAssert.IsUnauthorizedAsync(atSecond);
        Assert.Contains("for this service", detail, StringComparison.Ordinal);
        Assert.Single(await second.CreateClient(alice).ListGrantsAsync(alice.Id));

        // The service it was signed for accepts it.
        using var atFirst = await first.CreateClient().SendAsync(original);
        Assert.Equal(HttpStatusCode.OK, atFirst.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task KeyVersionsAreAddedOneAtATimeByTheIdentityWithItsCertificate(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var mallory = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        var malloryClient = await factory.RegisterAsync(mallory);
        var recrypt = TestIdentity.Recrypt;
        var (newPrivate, newPublic) = recrypt.GenerateKeyPair();
        using (newPrivate)
        {
            async Task<HttpResponseMessage> Add(HttpClient http, int version, byte[] certificate) =>
                await http.PostAsJsonAsync($"/identities/{alice.Id}/keys", new { keyVersion = version, publicKey = newPublic.Export(), keyCertificate = certificate });

            using var asMallory = factory.CreateSignedHttpClient(mallory);
            await ProblemAssert.IsProblemAsync(
                await Add(asMallory, 2, KeyCertificate.Sign(recrypt, mallory.SigningKeyPair, 2, newPublic)), HttpStatusCode.Forbidden, "forbidden");
            using var asAlice = factory.CreateSignedHttpClient(alice);
            await ProblemAssert.IsProblemAsync(
                await Add(asAlice, 3, KeyCertificate.Sign(recrypt, alice.SigningKeyPair, 3, newPublic)), HttpStatusCode.Conflict, "conflict");
            await ProblemAssert.IsProblemAsync(
                await Add(asAlice, 2, KeyCertificate.Sign(recrypt, alice.SigningKeyPair, 3, newPublic)), HttpStatusCode.UnprocessableEntity, "cryptographic-check-failed");
            Assert.Equal(1, (await malloryClient.GetIdentityAsync(alice.Id)).KeyVersion);

            var rotated = await client.AddKeyVersionAsync(2, newPublic, alice.SigningKeyPair);
            Assert.Equal(2, rotated.KeyVersion);
            var seenByMallory = await malloryClient.GetIdentityAsync(alice.Id);
            Assert.Equal((2, newPublic), (seenByMallory.KeyVersion, seenByMallory.PublicKey));
            var versions = await malloryClient.ListKeyVersionsAsync(alice.Id);
            Assert.Equal([(1, alice.PublicKey), (2, newPublic)], versions.Select(key => (key.KeyVersion, key.PublicKey)));

            // A transform key to Alice's superseded key is refused, with the reason.
            var toOldKey = recrypt.GenerateTransformKey(mallory.PrivateKey, alice.PublicKey, mallory.SigningKeyPair);
            var refused = await Assert.ThrowsAsync<RecryptServiceException>(() => malloryClient.PutGrantAsync(mallory.Id, alice.Id, toOldKey));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("superseded", refused.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RotationKeepsGranteesAndDocumentsAndLeavesNothingForTheOldKey(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        using var carol = new TestIdentity();
        var recrypt = TestIdentity.Recrypt;
        var aliceClient = await factory.RegisterAsync(alice);
        var bobClient = await factory.RegisterAsync(bob);
        var carolClient = await factory.RegisterAsync(carol);
        var toBob = alice.TransformKeyTo(bob);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, toBob);
        await aliceClient.PutGrantAsync(alice.Id, carol.Id, alice.TransformKeyTo(carol));
        var documents = new List<(string Id, byte[] Plaintext)>();
        for (var i = 0; i < 3; i++)
        {
            var (plaintext, value) = alice.NewDocumentKey();
            using (plaintext)
            {
                documents.Add(((await aliceClient.CreateDocumentKeyAsync(value, 1)).Id, plaintext.Export()));
            }
        }

        var (newPrivate, newPublic) = recrypt.GenerateKeyPair();
        using (newPrivate)
        {
            var keys = new KeyRotationKeys(alice.SigningKeyPair, alice.PrivateKey, 1, newPrivate, newPublic);
            var result = await KeyRotation.RotateAsync(aliceClient, keys, revoke: [bob.Id]);

            Assert.Equal(2, result.KeyVersion);
            Assert.Equal([carol.Id], result.Regranted);
            Assert.Equal(3, result.DocumentKeysReencrypted);
            Assert.Empty(result.DocumentKeysSkipped);
            var grant = Assert.Single(await aliceClient.ListGrantsAsync(alice.Id));
            Assert.Equal((carol.Id, 2, 1), (grant.GranteeId, grant.OwnerKeyVersion, grant.GranteeKeyVersion));

            foreach (var (id, expected) in documents)
            {
                // Carol and Alice (with her new key) get the same plaintext as before; Bob is refused.
                var forCarol = await carolClient.GetDocumentKeyAsync(id);
                using (var plaintext = recrypt.Decrypt(forCarol.EncryptedValue, carol.PrivateKey))
                {
                    Assert.Equal(expected, plaintext.Export());
                }
                var forAlice = await aliceClient.GetDocumentKeyAsync(id);
                Assert.Equal(2, forAlice.KeyVersion);
                using (var plaintext = recrypt.Decrypt(forAlice.EncryptedValue, newPrivate))
                {
                    Assert.Equal(expected, plaintext.Export());
                }
                var refused = await Assert.ThrowsAsync<RecryptServiceException>(() => bobClient.GetDocumentKeyAsync(id));
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

                // Bob's old transform key turns the value the service now holds into nothing he can use.
                var transformed = recrypt.Transform(forAlice.EncryptedValue, toBob, bob.SigningKeyPair);
                byte[]? obtained = null;
                try
                {
                    using var attempt = recrypt.Decrypt(transformed, bob.PrivateKey);
                    obtained = attempt.Export();
                }
                catch (RecryptException)
                {
                    // Refused outright: also fine.
                }
                Assert.NotEqual(expected, obtained);
            }

            // Running it again changes nothing (it resumes a finished rotation).
            var again = await KeyRotation.RotateAsync(aliceClient, keys);
            Assert.Equal(0, again.DocumentKeysReencrypted);

            // Values for the old version are refused from now on.
            var (stale, staleValue) = alice.NewDocumentKey();
            stale.Dispose();
            var conflict = await Assert.ThrowsAsync<RecryptServiceException>(() => aliceClient.CreateDocumentKeyAsync(staleValue, 1));
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AGranteeWhoRotatedIsRefusedTheOldGrantUntilTheOwnerGrantsAgain(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var recrypt = TestIdentity.Recrypt;
        var aliceClient = await factory.RegisterAsync(alice);
        var bobClient = await factory.RegisterAsync(bob);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        var (plaintext, value) = alice.NewDocumentKey();
        using (plaintext)
        {
            var id = (await aliceClient.CreateDocumentKeyAsync(value)).Id;
            var (bobNewPrivate, bobNewPublic) = recrypt.GenerateKeyPair();
            using (bobNewPrivate)
            {
                await KeyRotation.RotateAsync(bobClient, new KeyRotationKeys(bob.SigningKeyPair, bob.PrivateKey, 1, bobNewPrivate, bobNewPublic));

                var refused = await Assert.ThrowsAsync<RecryptServiceException>(() => bobClient.GetDocumentKeyAsync(id));
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                Assert.Contains("superseded", refused.Detail, StringComparison.Ordinal);

                var bobNow = await aliceClient.GetIdentityAsync(bob.Id);
                await aliceClient.PutGrantAsync(alice.Id, bob.Id, recrypt.GenerateTransformKey(alice.PrivateKey, bobNow.PublicKey, alice.SigningKeyPair));
                var document = await bobClient.GetDocumentKeyAsync(id);
                Assert.Equal(2, document.KeyVersion);
                using var decrypted = recrypt.Decrypt(document.EncryptedValue, bobNewPrivate);
                Assert.Equal(plaintext.Export(), decrypted.Export());
            }
        }
    }
}
