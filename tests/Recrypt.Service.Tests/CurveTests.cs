using System.Net;
using System.Net.Http.Json;
using Recrypt.Protocol;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 13: a deployment's curve (<c>Scheme:Curve</c>). An Api480 service runs the whole user story on Api480
/// keys and values, refuses Api256 ones with a 400, says Api480 at <c>GET /service</c>, and its database, which
/// records the curve, refuses a service of the other curve.
/// </summary>
public sealed class CurveTests
{
    private static readonly TransformEncryption480 s_recrypt = new();

    /// <summary>An identity on Api480 as a client holds it: its key pairs, made locally.</summary>
    private sealed class Identity480 : IDisposable
    {
        public Identity480()
        {
            (PrivateKey, PublicKey) = s_recrypt.GenerateKeyPair();
            SigningKeyPair = s_recrypt.GenerateSigningKeyPair();
            Id = IdentityId.FromSigningKey(SigningKeyPair.PublicKey);
        }

        public string Id { get; }

        public PrivateKey480 PrivateKey { get; }

        public PublicKey480 PublicKey { get; }

        public SigningKeyPair SigningKeyPair { get; }

        public RegisterIdentityRequest Registration => new(
            PublicKey.Export(), SigningKeyPair.PublicKey.Export(),
            KeyCertificate.Sign(TestIdentity.Recrypt, SigningKeyPair, KeyCertificate.FirstVersion, PublicKey));

        public void Dispose()
        {
            PrivateKey.Dispose();
            SigningKeyPair.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheUserStoryRunsOnAnApi480Service(string provider)
    {
        using var factory = new RecryptServiceFactory(provider) { Curve = RecryptCurve.Api480 };
        using var alice = new Identity480();
        using var bob = new Identity480();
        using var charlie = new Identity480();
        using var aliceHttp = factory.CreateSignedHttpClient(alice.SigningKeyPair);
        using var bobHttp = factory.CreateSignedHttpClient(bob.SigningKeyPair);
        using var charlieHttp = factory.CreateSignedHttpClient(charlie.SigningKeyPair);

        using var anonymous = factory.CreateClient();
        var info = await anonymous.GetFromJsonAsync<ServiceInfoResponse>("/service", SignedRequests.Json);
        Assert.Equal("Api480", info!.Curve);
        Assert.Contains("recrypt Api480: a 480-bit", await anonymous.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);

        foreach (var (http, identity) in new[] { (aliceHttp, alice), (bobHttp, bob), (charlieHttp, charlie) })
        {
            using var registered = await http.PostAsJsonAsync("/identities", identity.Registration, SignedRequests.Json);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }
        var transformKey = s_recrypt.GenerateTransformKey(alice.PrivateKey, bob.PublicKey, alice.SigningKeyPair);
        using (var granted = await aliceHttp.PutAsJsonAsync($"/identities/{alice.Id}/grants/{bob.Id}", new PutGrantRequest(transformKey.Export()), SignedRequests.Json))
        {
            Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        }
        using var plaintext = s_recrypt.GeneratePlaintext();
        var value = s_recrypt.Encrypt(plaintext, alice.PublicKey, alice.SigningKeyPair);
        using var posted = await aliceHttp.PostAsJsonAsync("/documents", new CreateDocumentRequest(value.Export()), SignedRequests.Json);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var documentId = (await posted.Content.ReadFromJsonAsync<DocumentCreatedResponse>(SignedRequests.Json))!.Id;

        var fetched = await bobHttp.GetFromJsonAsync<DocumentResponse>($"/documents/{documentId}", SignedRequests.Json);
        var transformed = EncryptedValue480.Import(fetched!.EncryptedValue);
        Assert.Single(transformed.TransformBlocks);
        using (var decrypted = s_recrypt.Decrypt(transformed, bob.PrivateKey))
        {
            Assert.Equal(plaintext, decrypted);
        }

        using (var refused = await charlieHttp.GetAsync(new Uri($"/documents/{documentId}", UriKind.Relative)))
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden");
        }
        using (var revoked = await aliceHttp.DeleteAsync(new Uri($"/identities/{alice.Id}/grants/{bob.Id}", UriKind.Relative)))
        {
            Assert.True(revoked.IsSuccessStatusCode, revoked.StatusCode.ToString());
        }
        using (var refused = await bobHttp.GetAsync(new Uri($"/documents/{documentId}", UriKind.Relative)))
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Fact]
    public async Task AnApi480ServiceRefusesApi256KeysAndValuesWithA400()
    {
        using var factory = new RecryptServiceFactory { Curve = RecryptCurve.Api480 };
        using var alice = new TestIdentity();
        using var alice480 = new Identity480();

        // An Api256 identity: its 64-byte key is not an Api480 key.
        using (var http = factory.CreateSignedHttpClient(alice))
        using (var response = await http.PostAsync(new Uri("/identities", UriKind.Relative), JsonContent.Create(alice.RegistrationBody, options: SignedRequests.Json)))
        {
            var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
            Assert.Equal($"publicKey must be {PublicKey480.Size} bytes (x ‖ y) in base64, a point on the Api480 curve (this service's Scheme:Curve).", detail);
        }

        // An Api480 identity that stores an Api256 value, and grants with an Api256 transform key.
        using var http480 = factory.CreateSignedHttpClient(alice480.SigningKeyPair);
        using (var registered = await http480.PostAsJsonAsync("/identities", alice480.Registration, SignedRequests.Json))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }
        using (var response = await http480.PostAsJsonAsync("/documents", new CreateDocumentRequest(alice.NewDocumentKey().Value.Export()), SignedRequests.Json))
        {
            var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
            Assert.Equal("encryptedValue is not the canonical encoding of an Api480 encrypted value (this service's Scheme:Curve).", detail);
        }
        using (var response = await http480.PutAsJsonAsync($"/identities/{alice480.Id}/grants/{alice480.Id}", new PutGrantRequest(alice.TransformKeyTo(alice).Export()), SignedRequests.Json))
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
        }
    }

    [Fact]
    public async Task AnApi256ServiceSaysApi256()
    {
        using var factory = new RecryptServiceFactory();
        using var anonymous = factory.CreateClient();
        var info = await anonymous.GetFromJsonAsync<ServiceInfoResponse>("/service", SignedRequests.Json);
        Assert.Equal("Api256", info!.Curve);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ADatabaseRefusesAServiceOfTheOtherCurve(string provider)
    {
        var first = new RecryptServiceFactory(provider) { Curve = RecryptCurve.Api480 };
        await first.StartedAsync();
        using var stopped = first.Restart();

        var (exitCode, output) = await StorageProviderTests.RunServiceAsync(
            [.. stopped.Database.Arguments, $"--Storage:DatabasePath={stopped.DatabasePath}", "--Scheme:Curve=Api256"]);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            "recrypt-service: The database is for Api480, but this service is configured for Api256 (Scheme:Curve): a database's keys and values "
            + "work on one curve only. Set Scheme:Curve=Api480, or use a new database for Api256.",
            output.Trim());
    }

    [Fact]
    public async Task ADatabaseWithIdentitiesAndNoRecordIsApi256()
    {
        var database = TestDatabase.For(TestDatabase.PostgreSQL);
        using var alice = new TestIdentity();
        using (var before = RecryptServiceFactory.On(database))
        {
            await before.RegisterAsync(alice);
        }
        // As a database made before the curve was recorded.
        database.Query("DELETE FROM scheme");

        var (exitCode, output) = await StorageProviderTests.RunServiceAsync([.. database.Arguments, "--Scheme:Curve=Api480"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("The database is for Api256, but this service is configured for Api480", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Scheme:Curve=Api999", "recrypt-service: Scheme:Curve is \"Api999\": it must be Api256 or Api480.")]
    [InlineData("--Scheme:Curve=2", "recrypt-service: Scheme:Curve is \"2\": it must be Api256 or Api480.")]
    [InlineData("--Scheme:Curve=Api480 --SeedCompatibility:Enabled=true",
        "recrypt-service: SeedCompatibility:Enabled=true needs Scheme:Curve=Api256: the 2020 prototype's routes are Api256 only, and this service is Api480.")]
    public async Task AServiceWithAnUnusableCurveSettingStopsWithOneLine(string arguments, string expected)
    {
        var (exitCode, output) = await StorageProviderTests.RunServiceAsync(arguments.Split(' '));

        Assert.Equal(1, exitCode);
        Assert.Equal(expected, output.Trim());
    }
}
