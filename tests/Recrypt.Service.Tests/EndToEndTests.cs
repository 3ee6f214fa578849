using System.Net;
using System.Security.Cryptography;
using System.Text;
using Recrypt.Client;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// The real service process on a loopback port, played through Recrypt.Client with every key made and
/// used on the client side; a restart in the middle on the same database; and canary secrets that must
/// never reach the database file, the service's logs or any response.
/// </summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "recrypt-e2e", Guid.NewGuid().ToString("N"));

    public EndToEndTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TheUserStoryWorksAcrossARestartAndNoClientSecretReachesTheService()
    {
        var databasePath = Path.Combine(_directory, "data", "recrypt.db");
        var port = ServiceProcess.FreePort();
        var recrypt = TestIdentity.Recrypt;
        var canaries = new Canaries();
        // Key material the service may hold, but never in its audit trail (nor any client secret).
        var keyMaterial = new Canaries();
        var recorder = new RecordingHandler(new SocketsHttpHandler());
        var logs = new StringBuilder();

        using var alice = new TestIdentity("Alice");
        using var bob = new TestIdentity("Bob");
        using var charlie = new TestIdentity("Charlie");
        foreach (var identity in new[] { alice, bob, charlie })
        {
            canaries.Add($"{identity.Name}'s private key", identity.PrivateKey.Export());
            canaries.Add($"{identity.Name}'s signing seed", identity.SigningKeyPair.Export().AsSpan(0, 32));
        }

        // The document, and the key that encrypts it, exist only on Alice's client (and Bob's, later).
        var document = Encoding.UTF8.GetBytes($"Alice's medical record, canary {Guid.NewGuid():N}{Guid.NewGuid():N}");
        canaries.Add("the document", document);
        using var plaintext = recrypt.GeneratePlaintext();
        using var symmetricKey = recrypt.DeriveSymmetricKey(plaintext);
        canaries.Add("the document key's plaintext", plaintext.Export());
        canaries.Add("the symmetric key", symmetricKey.Export());
        var (nonce, ciphertext, tag) = AesGcmEncrypt(symmetricKey.Export(), document);

        string documentId;
        byte[] serviceKey;
        HttpRequestMessage replay;

        var service = await ServiceProcess.StartAsync(databasePath, port, "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug");
        try
        {
            var aliceClient = Client(service, alice, recorder);
            var bobClient = Client(service, bob, recorder);
            var charlieClient = Client(service, charlie, recorder);

            // Alice, Bob and Charlie register keys made on their own machines.
            await aliceClient.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, "Alice");
            await bobClient.RegisterIdentityAsync(bob.PublicKey, bob.SigningKeyPair, "Bob");
            await charlieClient.RegisterIdentityAsync(charlie.PublicKey, charlie.SigningKeyPair, "Charlie");
            serviceKey = (await aliceClient.GetServiceInfoAsync()).SigningPublicKey.Export();

            // Alice grants Bob: she makes the transform key to the public key the service lists for Bob.
            var bobAsListed = await aliceClient.GetIdentityAsync(bob.Id);
            var transformKey = recrypt.GenerateTransformKey(alice.PrivateKey, bobAsListed.PublicKey, alice.SigningKeyPair);
            keyMaterial.Add("the transform key", transformKey.Export());
            foreach (var identity in new[] { alice, bob, charlie })
            {
                keyMaterial.Add($"{identity.Name}'s public key", identity.PublicKey.Export());
                keyMaterial.Add($"{identity.Name}'s signing public key", identity.SigningPublicKey.Export());
            }
            await aliceClient.PutGrantAsync(alice.Id, bob.Id, transformKey);

            // Alice stores the document key, encrypted to herself; the document goes elsewhere, encrypted.
            var encryptedDocumentKey = recrypt.Encrypt(plaintext, alice.PublicKey, alice.SigningKeyPair);
            keyMaterial.Add("the encrypted document key", encryptedDocumentKey.Export());
            var stored = await aliceClient.CreateDocumentKeyAsync(encryptedDocumentKey);
            documentId = stored.Id;

            // A signed request, kept to be replayed after the restart.
            using var original = SignedRequests.Create(
                Protocol.SignedRequest.Audience(PublicSigningKey.Import(serviceKey)), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
            replay = await SignedRequests.CloneAsync(original);
            using var plain = new HttpClient { BaseAddress = service.BaseAddress };
            using var first = await plain.SendAsync(original);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

            // The operator restarts the service.
            await service.StopAsync();
            logs.Append(service.Output);
        }
        finally
        {
            await service.DisposeAsync();
        }

        service = await ServiceProcess.StartAsync(databasePath, port, "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug");
        try
        {
            var aliceClient = Client(service, alice, recorder);
            var bobClient = Client(service, bob, recorder);
            var charlieClient = Client(service, charlie, recorder);

            // Everything survived: identities, the grant, the document key, the service's key, the spent nonce.
            Assert.Equal(serviceKey, (await bobClient.GetServiceInfoAsync()).SigningPublicKey.Export());
            Assert.Equal("Alice", (await bobClient.GetIdentityAsync(alice.Id)).Name);
            Assert.Equal(bob.Id, Assert.Single(await aliceClient.ListGrantsAsync(alice.Id)).GranteeId);
            using (var plain = new HttpClient { BaseAddress = service.BaseAddress })
            using (replay)
            using (var replayed = await plain.SendAsync(replay))
            {
                await ProblemAssert.IsUnauthorizedAsync(replayed);
            }

            // Bob fetches the document key, transformed to him and signed by the service, and decrypts
            // the key and then the document on his own machine.
            var forBob = await bobClient.GetDocumentKeyAsync(documentId);
            Assert.Equal(serviceKey, forBob.EncryptedValue.PublicSigningKey.Export());
            using (var bobsPlaintext = recrypt.Decrypt(forBob.EncryptedValue, bob.PrivateKey))
            using (var bobsKey = recrypt.DeriveSymmetricKey(bobsPlaintext))
            {
                Assert.Equal(document, AesGcmDecrypt(bobsKey.Export(), nonce, ciphertext, tag));
            }

            // Charlie was never granted.
            var charlieRefused = await Assert.ThrowsAsync<RecryptServiceException>(() => charlieClient.GetDocumentKeyAsync(documentId));
            Assert.Equal(HttpStatusCode.Forbidden, charlieRefused.StatusCode);
            Assert.Equal("urn:recrypt:problem:forbidden", charlieRefused.ProblemType);

            // Alice revokes Bob, who is then refused.
            await aliceClient.RevokeGrantAsync(alice.Id, bob.Id);
            Assert.Empty(await aliceClient.ListGrantsAsync(alice.Id));
            var bobRefused = await Assert.ThrowsAsync<RecryptServiceException>(() => bobClient.GetDocumentKeyAsync(documentId));
            Assert.Equal(HttpStatusCode.Forbidden, bobRefused.StatusCode);

            // Alice still reads her own.
            using var alicesPlaintext = recrypt.Decrypt((await aliceClient.GetDocumentKeyAsync(documentId)).EncryptedValue, alice.PrivateKey);
            Assert.Equal(plaintext.Export(), alicesPlaintext.Export());

            await service.StopAsync();
            logs.Append(service.Output);
        }
        finally
        {
            await service.DisposeAsync();
        }

        // The canaries: nothing secret was sent, answered, logged or stored.
        Assert.Equal(9, canaries.Count);
        Assert.Contains("Registered identity", logs.ToString(), StringComparison.Ordinal);
        canaries.AssertAbsentFromText("the requests", recorder.Requests);
        canaries.AssertAbsentFromText("the responses", recorder.Responses);
        canaries.AssertAbsentFromText("the service's logs", logs.ToString());
        var files = Directory.GetFiles(Path.GetDirectoryName(databasePath)!);
        Assert.Contains(databasePath, files);
        foreach (var file in files)
        {
            canaries.AssertAbsentFromBytes(file, await File.ReadAllBytesAsync(file));
        }

        // The audit trail (exported by the operator's command) is intact, records Bob's fetch, and holds neither
        // a client secret nor any key material: ids, types and outcomes only.
        var (verified, verifyOutput) = await StorageFiles.RunCommandAsync(databasePath, "audit", "verify");
        Assert.True(verified == 0, verifyOutput);
        var export = Path.Combine(_directory, "audit.jsonl");
        var (exported, exportOutput) = await StorageFiles.RunCommandAsync(databasePath, "audit", "export", export);
        Assert.True(exported == 0, exportOutput);
        var audit = await File.ReadAllTextAsync(export);
        Assert.Contains($"\"type\":\"document.fetched\",\"actor\":\"{bob.Id}\",\"subjects\":[\"{documentId}\"", audit, StringComparison.Ordinal);
        canaries.AssertAbsentFromText("the audit trail", audit);
        canaries.AssertAbsentFromBytes("the audit trail", await File.ReadAllBytesAsync(export));
        keyMaterial.AssertAbsentFromText("the audit trail", audit);
        keyMaterial.AssertAbsentFromBytes("the audit trail", await File.ReadAllBytesAsync(export));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AcknowledgedWritesSurviveAProcessKilledRightAfterThem(string provider)
    {
        var storage = TestDatabase.For(provider);
        var databasePath = Path.Combine(_directory, "killed", "recrypt.db");
        var port = ServiceProcess.FreePort();
        var recorder = new RecordingHandler(new SocketsHttpHandler());
        using var alice = new TestIdentity("Alice");
        using var bob = new TestIdentity("Bob");
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        string documentId;

        var service = await ServiceProcess.StartAsync(databasePath, port, storage.Arguments);
        try
        {
            var aliceClient = Client(service, alice, recorder);
            await aliceClient.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, "Alice");
            await Client(service, bob, recorder).RegisterIdentityAsync(bob.PublicKey, bob.SigningKeyPair, "Bob");
            await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
            documentId = (await aliceClient.CreateDocumentKeyAsync(value)).Id;

            // No graceful shutdown: the process dies the moment the last write was acknowledged.
            await service.KillAsync();
        }
        finally
        {
            await service.DisposeAsync();
        }

        service = await ServiceProcess.StartAsync(databasePath, port, storage.Arguments);
        try
        {
            var bobClient = Client(service, bob, recorder);
            Assert.Equal("Alice", (await bobClient.GetIdentityAsync(alice.Id)).Name);
            var fetched = await bobClient.GetDocumentKeyAsync(documentId);
            using var decrypted = TestIdentity.Recrypt.Decrypt(fetched.EncryptedValue, bob.PrivateKey);
            Assert.Equal(plaintext.Export(), decrypted.Export());
            await service.StopAsync();
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ThePrototypesCurlWalkthroughWorksInCompatibilityMode(string provider)
    {
        var service = await ServiceProcess.StartAsync(
            Path.Combine(_directory, "seed.db"), ServiceProcess.FreePort(), ["--SeedCompatibility:Enabled=true", .. TestDatabase.For(provider).Arguments]);
        try
        {
            using var http = new HttpClient { BaseAddress = service.BaseAddress };

            await new SeedWalkthrough(http).PlayAsync();

            await service.StopAsync();
            Assert.Contains("Seed compatibility mode is ON", service.Output, StringComparison.Ordinal);
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task CompatibilityModeIsOffByDefault()
    {
        var service = await ServiceProcess.StartAsync(Path.Combine(_directory, "default.db"), ServiceProcess.FreePort());
        try
        {
            using var http = new HttpClient { BaseAddress = service.BaseAddress };

            using var response = await http.GetAsync(new Uri("/create_identity", UriKind.Relative));

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found");
            await service.StopAsync();
            Assert.DoesNotContain("Seed compatibility mode", service.Output, StringComparison.Ordinal);
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    private static RecryptServiceClient Client(ServiceProcess service, TestIdentity identity, RecordingHandler recorder)
    {
        // Each identity's requests are signed by its own signer; every one of them passes the recorder.
        var signer = new RecryptRequestSigner(TestIdentity.Recrypt, identity.SigningKeyPair, service.BaseAddress) { InnerHandler = new PassThrough(recorder) };
        return new RecryptServiceClient(new HttpClient(signer) { BaseAddress = service.BaseAddress }, TestIdentity.Recrypt);
    }

    private static (byte[] Nonce, byte[] Ciphertext, byte[] Tag) AesGcmEncrypt(byte[] key, byte[] data)
    {
        using var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[data.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        aes.Encrypt(nonce, data, ciphertext, tag);
        return (nonce, ciphertext, tag);
    }

    private static byte[] AesGcmDecrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] tag)
    {
        using var aes = new AesGcm(key, tag.Length);
        var data = new byte[ciphertext.Length];
        aes.Decrypt(nonce, ciphertext, tag, data);
        return data;
    }

    /// <summary>Hands requests to a shared handler without letting this chain dispose it.</summary>
    private sealed class PassThrough(HttpMessageHandler shared) : DelegatingHandler
    {
        private readonly HttpMessageInvoker _invoker = new(shared, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }
}
