using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LiteDB;
using Recrypt.Client;
using Recrypt.Testing;
using Xunit.Abstractions;

namespace Recrypt.Cli.Tests;

/// <summary>
/// The client trusts the service with nothing it can check: a malicious service (a proxy in front of the
/// real one) that hands out a substituted key, another identity's certificate or a superseded key version
/// is refused by <c>recrypt grant</c> and by the client library, and nothing is uploaded. And revocation
/// with a key rotation holds against a revoked grantee who kept an old transform key and a copy of the
/// service's database.
/// </summary>
public sealed class TrustTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TransformEncryption s_recrypt = new();

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AMaliciousServiceCannotMakeAnOwnerGrantToAKeyThatIsNotTheGrantees()
    {
        await using var service = await ServiceProcess.StartAsync(_directory.File("service.db"), ServiceProcess.FreePort());
        await using var proxy = new TamperingProxy(service.BaseAddress);
        var alice = Person("alice", service.BaseAddress);
        var bob = Person("bob", service.BaseAddress);
        var carol = Person("carol", service.BaseAddress);
        var mallory = Person("mallory", service.BaseAddress);
        foreach (var (person, name) in new[] { (alice, "alice"), (bob, "bob"), (carol, "carol"), (mallory, "mallory") })
        {
            Expect(0, await person.RunAsync("identity", "new", name));
            Expect(0, await person.RunAsync("identity", "register"));
        }
        var bobId = IdOf(bob);
        var aliceThroughProxy = new CliProcess(alice.Home, proxy.BaseAddress);
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        var realBob = await http.GetFromJsonAsync<JsonObject>($"identities/{bobId}");
        var realCarol = await http.GetFromJsonAsync<JsonObject>($"identities/{IdOf(carol)}");
        var realMallory = await http.GetFromJsonAsync<JsonObject>($"identities/{IdOf(mallory)}");

        var attacks = new (string Name, Func<JsonObject, JsonObject> Rewrite, string Reason)[]
        {
            ("Bob's id and signing key with Mallory's recrypt public key", bobAsServed => With(bobAsServed, ("publicKey", realMallory!["publicKey"])), "does not verify"),
            ("Bob's id and signing key with Carol's key and Carol's certificate", bobAsServed =>
                With(bobAsServed, ("publicKey", realCarol!["publicKey"]), ("keyCertificate", realCarol["keyCertificate"])), "does not verify"),
        };
        foreach (var (name, rewrite, reason) in attacks)
        {
            proxy.RewriteIdentity = (id, json) => id == bobId ? rewrite(json) : json;
            var refused = Expect(4, await aliceThroughProxy.RunAsync("grant", bobId));
            output.WriteLine($"[{name}] recrypt grant: exit {refused.ExitCode}\n{refused.Stderr}");
            Assert.Contains("does not belong to it", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains(bobId, refused.Stderr, StringComparison.Ordinal);
            Assert.Contains(reason, refused.Stderr, StringComparison.Ordinal);
            Assert.Empty(proxy.Writes);

            var library = await Assert.ThrowsAsync<UntrustedKeyException>(() => LibraryClient(proxy.BaseAddress).GetIdentityAsync(bobId));
            output.WriteLine($"[{name}] Recrypt.Client: {library.GetType().Name}: {library.Message}");
            Assert.Equal(bobId, library.IdentityId);
        }

        // Bob rotates his key; Alice sees version 2 (directly) and grants him. A service that later serves
        // Bob's superseded version 1, with its genuine certificate, is refused: Alice has seen version 2.
        Expect(0, await bob.RunAsync("identity", "rotate"));
        Expect(0, await alice.RunAsync("grant", bobId));
        proxy.RewriteIdentity = (id, json) => id == bobId ? JsonNode.Parse(realBob!.ToJsonString())!.AsObject() : json;
        var rolledBack = Expect(4, await aliceThroughProxy.RunAsync("grant", bobId));
        output.WriteLine($"[Bob's superseded key version 1] recrypt grant: exit {rolledBack.ExitCode}\n{rolledBack.Stderr}");
        Assert.Contains("does not belong to it", rolledBack.Stderr, StringComparison.Ordinal);
        Assert.Contains("superseded", rolledBack.Stderr, StringComparison.Ordinal);
        Assert.Empty(proxy.Writes);

        var memory = new InMemoryKeyVersionMemory();
        memory.Seen(bobId, 2);
        var rollback = await Assert.ThrowsAsync<UntrustedKeyException>(() => LibraryClient(proxy.BaseAddress, memory).GetIdentityAsync(bobId));
        output.WriteLine($"[Bob's superseded key version 1] Recrypt.Client: {rollback.GetType().Name}: {rollback.Message}");

        // The one grant at the service is the genuine one, to Bob's version 2.
        var grants = Expect(0, await alice.RunAsync("grants", "--json")).Json.GetProperty("grants");
        Assert.Equal(bobId, Assert.Single(grants.EnumerateArray()).GetProperty("granteeId").GetString());
    }

    [Fact]
    public async Task AnIdentityRotatedBeforeItRegistersWithAnotherServiceKeepsItsKeyVersionThere()
    {
        await using var first = await ServiceProcess.StartAsync(_directory.File("first.db"), ServiceProcess.FreePort());
        await using var second = await ServiceProcess.StartAsync(_directory.File("second.db"), ServiceProcess.FreePort());
        var alice = Person("alice", first.BaseAddress);
        var bob = Person("bob", first.BaseAddress);
        foreach (var (person, name) in new[] { (alice, "alice"), (bob, "bob") })
        {
            Expect(0, await person.RunAsync("identity", "new", name));
            Expect(0, await person.RunAsync("identity", "register"));
        }
        var bobId = IdOf(bob);
        Expect(0, await bob.RunAsync("identity", "rotate"));
        Expect(0, await alice.RunAsync("grant", bobId)); // Alice has now seen Bob's key version 2

        // Bob registers with a second service after his rotation: his current key is certified there as
        // version 2, not as a new version 1 that Alice's client would take for a rollback.
        var (aliceThere, bobThere) = (new CliProcess(alice.Home, second.BaseAddress), new CliProcess(bob.Home, second.BaseAddress));
        Expect(0, await bobThere.RunAsync("identity", "register"));
        Expect(0, await aliceThere.RunAsync("identity", "register"));
        using var http = new HttpClient { BaseAddress = second.BaseAddress };
        var served = await http.GetFromJsonAsync<JsonObject>($"identities/{bobId}");
        Assert.Equal(2, (int)served!["keyVersion"]!);
        Expect(0, await aliceThere.RunAsync("grant", bobId));
    }

    [Fact]
    public async Task RevokeWithRekeyLeavesARevokedGranteeWithAnOldTransformKeyAndADatabaseCopyNothing()
    {
        var databasePath = _directory.File("service.db");
        await using var service = await ServiceProcess.StartAsync(databasePath, ServiceProcess.FreePort());
        var alice = Person("alice", service.BaseAddress);
        var bob = Person("bob", service.BaseAddress);
        var carol = Person("carol", service.BaseAddress);
        foreach (var (person, name) in new[] { (alice, "alice"), (bob, "bob"), (carol, "carol") })
        {
            Expect(0, await person.RunAsync("identity", "new", name));
            Expect(0, await person.RunAsync("identity", "register"));
        }
        var (bobId, carolId) = (IdOf(bob), IdOf(carol));
        Expect(0, await alice.RunAsync("grant", bobId));
        Expect(0, await alice.RunAsync("grant", carolId));
        var file = _directory.File("report.txt");
        await File.WriteAllTextAsync(file, $"Alice's report {Guid.NewGuid():N}");
        var documentId = Expect(0, await alice.RunAsync("encrypt", file, "--json")).Json.GetProperty("documentId").GetString()!;

        // What Bob keeps before he is revoked: a transform key from Alice's key version 1 to his key (as good
        // as the one the service holds: any transform key between the two keys opens the same values), and
        // Alice's document key as the service held it.
        using var aliceV1 = KeyStoreSecrets(alice);
        using var bobKeys = KeyStoreSecrets(bob);
        var oldTransformKey = s_recrypt.GenerateTransformKey(aliceV1.PrivateKey, bobKeys.PublicKey, aliceV1.SigningKeyPair);
        var oldValue = (await SignedClient(service.BaseAddress, aliceV1.SigningKeyPair).GetDocumentKeyAsync(documentId)).EncryptedValue.Export();

        var stopwatch = Stopwatch.StartNew();
        var rekeyed = Expect(0, await alice.RunAsync("revoke", bobId, "--rekey"));
        output.WriteLine($"recrypt revoke --rekey ({stopwatch.Elapsed.TotalSeconds:0.00} s):\n{rekeyed.Stdout}{rekeyed.Stderr}");
        Assert.Contains("to version 2", rekeyed.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Expect(0, await alice.RunAsync("identity", "show", "--json")).Json.GetProperty("keyVersion").GetInt32());
        Assert.False(File.Exists(Path.Combine(alice.Home, "identity.rotating.json")));

        // Carol still decrypts the old file, and so does Alice with her new key; Bob is refused.
        var original = await File.ReadAllTextAsync(file);
        Expect(0, await carol.RunAsync("decrypt", file + ".rcrypt", "-o", _directory.File("report.carol")));
        Assert.Equal(original, await File.ReadAllTextAsync(_directory.File("report.carol")));
        Expect(0, await alice.RunAsync("decrypt", file + ".rcrypt", "-o", _directory.File("report.alice")));
        Assert.Equal(original, await File.ReadAllTextAsync(_directory.File("report.alice")));
        Expect(3, await bob.RunAsync("decrypt", file + ".rcrypt", "-o", _directory.File("report.bob")));

        // The truth Bob is after: the document key's plaintext (Alice, with her new key, can read it).
        using var aliceV2 = KeyStoreSecrets(alice);
        var stored = await SignedClient(service.BaseAddress, aliceV2.SigningKeyPair).GetDocumentKeyAsync(documentId);
        Assert.Equal(2, stored.KeyVersion);
        byte[] truth;
        using (var plaintext = s_recrypt.Decrypt(stored.EncryptedValue, aliceV2.PrivateKey))
        {
            truth = plaintext.Export();
        }

        // A copy of the database taken now (the data file and LiteDB's log file, as they are on disk).
        var copy = Directory.CreateDirectory(_directory.File("stolen")).FullName;
        foreach (var path in Directory.GetFiles(Path.GetDirectoryName(databasePath)!, "service*"))
        {
            if (path.EndsWith(".sock", StringComparison.Ordinal) || path.EndsWith(".lock", StringComparison.Ordinal))
            {
                continue; // the running service's control socket and lock file are not data
            }
            await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            await using var target = File.Create(Path.Combine(copy, Path.GetFileName(path)));
            await source.CopyToAsync(target);
        }

        // No file of the copy holds the value encrypted to Alice's old key.
        foreach (var path in Directory.GetFiles(copy))
        {
            Assert.True(IndexOf(await File.ReadAllBytesAsync(path), oldValue) < 0, $"{Path.GetFileName(path)} still holds the value encrypted to Alice's old key.");
        }

        // Every document key in the copy, through Bob's old transform key, gives Bob nothing.
        var values = new List<byte[]>();
        using (var database = new LiteDatabase(new ConnectionString { Filename = Path.Combine(copy, "service.db"), Connection = ConnectionType.Direct }))
        {
            foreach (var document in database.GetCollection("documents").FindAll())
            {
                values.Add(document["EncryptedValue"].AsBinary);
            }
        }
        Assert.Single(values);
        foreach (var bytes in values)
        {
            var transformed = s_recrypt.Transform(EncryptedValue.Import(bytes), oldTransformKey, bobKeys.SigningKeyPair);
            byte[]? obtained = null;
            try
            {
                using var attempt = s_recrypt.Decrypt(transformed, bobKeys.PrivateKey);
                obtained = attempt.Export();
            }
            catch (RecryptException)
            {
                // Refused outright.
            }
            Assert.NotEqual(truth, obtained);
        }

        // Before the rotation the same attack worked: that is what the rotation took away.
        using (var before = s_recrypt.Decrypt(s_recrypt.Transform(EncryptedValue.Import(oldValue), oldTransformKey, bobKeys.SigningKeyPair), bobKeys.PrivateKey))
        {
            Assert.Equal(truth, before.Export());
        }
    }

    private CliProcess Person(string name, Uri server) => new(Directory.CreateDirectory(_directory.File(name)).FullName, server);

    private static string IdOf(CliProcess person) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(person.Home, "identity.json")))!["id"]!.GetValue<string>();

    private static CliResult Expect(int exitCode, CliResult result)
    {
        Assert.True(result.ExitCode == exitCode, $"Expected exit code {exitCode}, got {result}");
        return result;
    }

    private static JsonObject With(JsonObject json, params (string Name, JsonNode? Value)[] replacements)
    {
        var copy = JsonNode.Parse(json.ToJsonString())!.AsObject();
        foreach (var (name, value) in replacements)
        {
            copy[name] = value?.DeepClone();
        }
        return copy;
    }

    private static RecryptServiceClient LibraryClient(Uri server, IKeyVersionMemory? memory = null) =>
        new(new HttpClient { BaseAddress = server }, s_recrypt, memory);

    private static RecryptServiceClient SignedClient(Uri server, SigningKeyPair signingKeyPair) =>
        new(new HttpClient(new RecryptRequestSigner(s_recrypt, signingKeyPair, server) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server }, s_recrypt);

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    /// <summary>The keys in a person's key store (made without a passphrase, so they are in the file as they are).</summary>
    private static Secrets KeyStoreSecrets(CliProcess person)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(person.Home, "identity.json")))!;
        var secrets = json["secrets"]!;
        return new Secrets(
            PrivateKey.Import(Convert.FromBase64String(secrets["privateKey"]!.GetValue<string>())),
            SigningKeyPair.Import(Convert.FromBase64String(secrets["signingKeyPair"]!.GetValue<string>())),
            PublicKey.Import(Convert.FromBase64String(json["publicKey"]!.GetValue<string>())));
    }

    private sealed record Secrets(PrivateKey PrivateKey, SigningKeyPair SigningKeyPair, PublicKey PublicKey) : IDisposable
    {
        public void Dispose()
        {
            PrivateKey.Dispose();
            SigningKeyPair.Dispose();
        }
    }

}
