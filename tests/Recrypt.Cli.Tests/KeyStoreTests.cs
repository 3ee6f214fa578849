using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Recrypt.Cli.KeyStore;
using Recrypt.Cli.Service;
using Recrypt.Client;

namespace Recrypt.Cli.Tests;

/// <summary>The local key store: permissions, atomic writes, plaintext and passphrase-sealed secrets.</summary>
[UnsupportedOSPlatform("windows")] // Unix file modes
public sealed class KeyStoreTests : IDisposable
{
    private static readonly TransformEncryption s_recrypt = new();

    private static readonly CliCurve s_curve = CliCurves.Api256(s_recrypt, owned: false);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private IdentityKeyStore NewStore(string name = "home") => new(Path.Combine(_directory.Path, name));

    [Fact]
    public void TheKeyStoreFileIsReadableAndWritableByItsOwnerOnly()
    {
        var store = NewStore();
        store.Create(s_curve, "alice", passphrase: null, overwrite: false);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.IdentityPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Home));
        Assert.False(store.IsAccessibleByOthers());
        Assert.Equal([IdentityKeyStore.FileName], Directory.GetFiles(store.Home).Select(Path.GetFileName));
    }

    [Fact]
    public void APlaintextIdentityRoundTrips()
    {
        var store = NewStore();
        var created = store.Create(s_curve, "alice", passphrase: null, overwrite: false);
        Assert.False(created.IsPassphraseProtected);
        Assert.Equal(Recrypt.Protocol.IdentityId.FromSigningKey(created.SigningPublicKey), created.Id);

        var shown = store.ReadPublic();
        Assert.Equal(created.Id, shown.Id);
        Assert.Equal("alice", shown.Name);
        Assert.Equal(created.PublicKey, shown.PublicKey);
        Assert.Equal(created.SigningPublicKey, shown.SigningPublicKey);

        using var identity = store.Unlock(() => throw new InvalidOperationException("No passphrase should be asked for."));
        AssertWorking(identity, created);
    }

    [Fact]
    public void APassphraseProtectedIdentityRoundTrips()
    {
        var store = NewStore();
        var created = store.Create(s_curve, "bob", passphrase: "correct horse battery staple", overwrite: false);
        Assert.True(created.IsPassphraseProtected);
        Assert.True(store.ReadPublic().IsPassphraseProtected);

        using var identity = store.Unlock(() => "correct horse battery staple");
        AssertWorking(identity, created);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.IdentityPath));
    }

    [Fact]
    public void TheSealedFileRecordsItsKdfAndHoldsNoSecretInTheClear()
    {
        var store = NewStore();
        store.Create(s_curve, "bob", passphrase: "pass phrase", overwrite: false);
        var text = File.ReadAllText(store.IdentityPath);
        var json = JsonNode.Parse(text)!;
        var secrets = json["secrets"]!;
        Assert.Equal("passphrase", (string?)secrets["protection"]);
        Assert.Equal("PBKDF2-HMAC-SHA256", (string?)secrets["kdf"]!["algorithm"]);
        Assert.True((int)secrets["kdf"]!["iterations"]! >= 600_000);
        Assert.Equal(16, Convert.FromBase64String((string)secrets["kdf"]!["salt"]!).Length);
        Assert.Equal("AES-256-GCM", (string?)secrets["cipher"]!["algorithm"]);
        Assert.Null(secrets["privateKey"]);
        Assert.Null(secrets["signingKeyPair"]);

        using var identity = store.Unlock(() => "pass phrase");
        Assert.DoesNotContain(Convert.ToBase64String(identity.PrivateKey), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(identity.SigningKeyPair.Export()), text, StringComparison.Ordinal);
        Assert.DoesNotContain("pass phrase", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoFilesWithTheSamePassphraseUseDifferentSalts()
    {
        var first = NewStore("first");
        var second = NewStore("second");
        first.Create(s_curve, "a", "same", overwrite: false);
        second.Create(s_curve, "b", "same", overwrite: false);
        Assert.NotEqual(Salt(first), Salt(second));
    }

    [Fact]
    public void AWrongPassphraseIsRefused()
    {
        var store = NewStore();
        store.Create(s_curve, "bob", passphrase: "right", overwrite: false);
        var error = Assert.Throws<KeyStoreException>(() => store.Unlock(() => "wrong"));
        Assert.Equal(KeyStoreError.WrongPassphrase, error.Error);
        error = Assert.Throws<KeyStoreException>(() => store.Unlock(() => "Right"));
        Assert.Equal(KeyStoreError.WrongPassphrase, error.Error);
    }

    [Fact]
    public void AMissingPassphraseIsAskedForAndRefused()
    {
        var store = NewStore();
        store.Create(s_curve, "bob", passphrase: "right", overwrite: false);
        var error = Assert.Throws<KeyStoreException>(() => store.Unlock(() => null));
        Assert.Equal(KeyStoreError.PassphraseRequired, error.Error);
        Assert.Contains("--passphrase-stdin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APassphraseIsNormalizedSoEitherUnicodeFormOpensTheFile()
    {
        var store = NewStore();
        store.Create(s_curve, "zoë", passphrase: "caf\u00e9", overwrite: false);
        using var identity = store.Unlock(() => "cafe\u0301");
        Assert.Equal("zoë", identity.Name);
    }

    [Fact]
    public void SwappingInOtherPublicKeysBreaksTheSeal()
    {
        var victim = NewStore("victim");
        var other = NewStore("other");
        victim.Create(s_curve, "victim", passphrase: "secret", overwrite: false);
        other.Create(s_curve, "other", passphrase: null, overwrite: false);

        var victimJson = JsonNode.Parse(File.ReadAllText(victim.IdentityPath))!;
        var otherJson = JsonNode.Parse(File.ReadAllText(other.IdentityPath))!;
        victimJson["publicKey"] = (string?)otherJson["publicKey"];
        File.WriteAllText(victim.IdentityPath, victimJson.ToJsonString());

        var error = Assert.Throws<KeyStoreException>(() => victim.Unlock(() => "secret"));
        Assert.Equal(KeyStoreError.Tampered, error.Error);
    }

    public static TheoryData<string, Action<JsonNode>> Tamperings => new()
    {
        { "server", json => json["server"] = "http://attacker.test/" },
        { "name", json => json["name"] = "mallory" },
        { "createdAt", json => json["createdAt"] = "2001-01-01T00:00:00.0000000+00:00" },
        { "a member added later", json => json["keyVersion"] = 7 },
        { "a member added inside secrets", json => json["secrets"]!["note"] = "x" },
        { "the nonce", json => json["secrets"]!["cipher"]!["nonce"] = "AAAAAAAAAAAAAAAA" },
        { "the server removed", json => json.AsObject().Remove("server") },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void ChangingAnythingInASealedStoreIsRefusedAsTampering(string what, Action<JsonNode> tamper)
    {
        var store = NewStore();
        Directory.CreateDirectory(store.Home);
        var json = JsonNode.Parse(s_sealedStore.Value)!;
        tamper(json);
        File.WriteAllText(store.IdentityPath, json.ToJsonString());

        var error = Assert.Throws<KeyStoreException>(() => store.Unlock(() => "secret"));
        Assert.True(error.Error == KeyStoreError.Tampered, $"{what}: {error.Error}: {error.Message}");
        Assert.Contains("was altered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongPassphraseIsNotMistakenForTampering()
    {
        var store = NewStore();
        Directory.CreateDirectory(store.Home);
        File.WriteAllText(store.IdentityPath, s_sealedStore.Value);
        Assert.Equal(KeyStoreError.WrongPassphrase, Assert.Throws<KeyStoreException>(() => store.Unlock(() => "wrong")).Error);
        using var identity = store.Unlock(() => "secret");
        Assert.Equal("http://127.0.0.1:5000/", identity.Public.Server);
    }

    /// <summary>A registered, passphrase-sealed store ("secret"), made once: PBKDF2 at 600,000 iterations is slow on purpose.</summary>
    private static readonly Lazy<string> s_sealedStore = new(() =>
    {
        var store = new IdentityKeyStore(Path.Combine(Path.GetTempPath(), "recrypt-cli-tests", "sealed-" + Guid.NewGuid().ToString("N")));
        try
        {
            store.Create(s_curve, "bob", passphrase: "secret", overwrite: false);
            store.SetServer("http://127.0.0.1:5000/", () => "secret");
            return File.ReadAllText(store.IdentityPath);
        }
        finally
        {
            Directory.Delete(store.Home, recursive: true);
        }
    });

    [Fact]
    public void RewritingTheLayoutWithoutChangingAnythingKeepsTheSeal()
    {
        var store = NewStore();
        var created = store.Create(s_curve, "zoë", passphrase: "secret", overwrite: false);
        store.SetServer("http://127.0.0.1:5000/", () => "secret");
        // Members in another order, other white space, other string escapes: the same store.
        var json = JsonNode.Parse(File.ReadAllText(store.IdentityPath))!.AsObject();
        var reordered = new JsonObject();
        foreach (var (name, value) in json.Reverse().ToList())
        {
            json.Remove(name);
            reordered[name] = value;
        }
        File.WriteAllText(store.IdentityPath, reordered.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = false }));
        using var identity = store.Unlock(() => "secret");
        Assert.Equal(created.Id, identity.Id);
        Assert.Equal("http://127.0.0.1:5000/", identity.Public.Server);
    }

    [Fact]
    public void AMemberGivenTwiceIsRefused()
    {
        var store = NewStore();
        store.Create(s_curve, "bob", passphrase: "secret", overwrite: false);
        store.SetServer("http://127.0.0.1:5000/", () => "secret");
        var text = File.ReadAllText(store.IdentityPath);
        File.WriteAllText(store.IdentityPath, text.Replace("\"server\":", "\"server\": \"http://attacker.test/\", \"server\":", StringComparison.Ordinal));
        Assert.Equal(KeyStoreError.Corrupt, Assert.Throws<KeyStoreException>(() => store.Unlock(() => "secret")).Error);
    }

    [Fact]
    public void ASealedStoreOfTheFirstFormatMustBeUpgradedAndThenIsSealedWhole()
    {
        var store = NewStore();
        var created = WriteFirstFormatStore(store, "bob", "secret", "http://127.0.0.1:5000/");
        Assert.Equal(created.Id, store.ReadPublic().Id);

        var refused = Assert.Throws<KeyStoreException>(() => store.Unlock(() => "secret"));
        Assert.Equal(KeyStoreError.NeedsUpgrade, refused.Error);
        Assert.Contains("recrypt identity upgrade", refused.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5000/", refused.Message, StringComparison.Ordinal);

        var before = File.ReadAllText(store.IdentityPath);
        Assert.Equal(KeyStoreError.WrongPassphrase, Assert.Throws<KeyStoreException>(() => store.Upgrade(() => "wrong")).Error);
        Assert.Equal(before, File.ReadAllText(store.IdentityPath));

        var (upgraded, changed) = store.Upgrade(() => "secret");
        Assert.True(changed);
        Assert.Equal("http://127.0.0.1:5000/", upgraded.Server);
        Assert.Equal(IdentityKeyStore.Format, (string?)JsonNode.Parse(File.ReadAllText(store.IdentityPath))!["format"]);
        using (var identity = store.Unlock(() => "secret"))
        {
            AssertWorking(identity, created);
        }
        Assert.False(store.Upgrade(() => "secret").Upgraded);

        var json = JsonNode.Parse(File.ReadAllText(store.IdentityPath))!;
        json["server"] = "http://attacker.test/";
        File.WriteAllText(store.IdentityPath, json.ToJsonString());
        Assert.Equal(KeyStoreError.Tampered, Assert.Throws<KeyStoreException>(() => store.Unlock(() => "secret")).Error);
    }

    [Fact]
    public void AnUnsealedStoreOfTheFirstFormatIsReadAsItIs()
    {
        var store = NewStore();
        var created = store.Create(s_curve, "alice", passphrase: null, overwrite: false);
        var json = JsonNode.Parse(File.ReadAllText(store.IdentityPath))!;
        json["format"] = IdentityKeyStore.LegacyFormat;
        File.WriteAllText(store.IdentityPath, json.ToJsonString());
        using (var identity = store.Unlock(() => null))
        {
            AssertWorking(identity, created);
        }
        store.SetServer("http://127.0.0.1:5000/", () => null);
        Assert.Equal(IdentityKeyStore.Format, (string?)JsonNode.Parse(File.ReadAllText(store.IdentityPath))!["format"]);
    }

    [Fact]
    public void AnExportIsASealedStoreOnlyItsOwnerCanRead()
    {
        var store = NewStore();
        var created = store.Create(s_curve, "alice", passphrase: null, overwrite: false);
        var backup = IdentityKeyStore.AtFile(Path.Combine(_directory.Path, "alice.backup"));
        using (var identity = store.Unlock(() => null))
        {
            backup.WriteSealed(identity, "backup passphrase", overwrite: false);
            Assert.Equal(KeyStoreError.Exists, Assert.Throws<KeyStoreException>(() => backup.WriteSealed(identity, "x", overwrite: false)).Error);
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup.IdentityPath));
        Assert.Equal(["alice.backup"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
        Assert.True(backup.ReadPublic().IsPassphraseProtected);
        using var restored = backup.Unlock(() => "backup passphrase");
        AssertWorking(restored, created);
    }

    /// <summary>A store as the first format wrote it: the seal's associated data is only its id and public keys.</summary>
    private static PublicIdentity WriteFirstFormatStore(IdentityKeyStore store, string name, string passphrase, string server)
    {
        var (privateKey, publicKey) = s_recrypt.GenerateKeyPair();
        using (privateKey)
        using (var signing = s_recrypt.GenerateSigningKeyPair())
        {
            var id = Recrypt.Protocol.IdentityId.FromSigningKey(signing.PublicKey);
            var secrets = privateKey.Export().Concat(signing.Export()).ToArray();
            var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
            var nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(12);
            var key = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(
                Encoding.UTF8.GetBytes(passphrase), salt, 600_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
            var associatedData = Encoding.UTF8.GetBytes(string.Join('\n',
                IdentityKeyStore.LegacyFormat, id, Convert.ToHexStringLower(publicKey.Export()), Convert.ToHexStringLower(signing.PublicKey.Export())));
            var ciphertext = new byte[secrets.Length];
            var tag = new byte[16];
            using (var aes = new System.Security.Cryptography.AesGcm(key, 16))
            {
                aes.Encrypt(nonce, secrets, ciphertext, tag, associatedData);
            }
            var json = new JsonObject
            {
                ["format"] = IdentityKeyStore.LegacyFormat,
                ["id"] = id,
                ["name"] = name,
                ["publicKey"] = Convert.ToBase64String(publicKey.Export()),
                ["signingPublicKey"] = Convert.ToBase64String(signing.PublicKey.Export()),
                ["createdAt"] = "2026-11-01T00:00:00.0000000+00:00",
                ["server"] = server,
                ["secrets"] = new JsonObject
                {
                    ["protection"] = "passphrase",
                    ["kdf"] = new JsonObject { ["algorithm"] = "PBKDF2-HMAC-SHA256", ["iterations"] = 600_000, ["salt"] = Convert.ToBase64String(salt) },
                    ["cipher"] = new JsonObject { ["algorithm"] = "AES-256-GCM", ["nonce"] = Convert.ToBase64String(nonce), ["tag"] = Convert.ToBase64String(tag) },
                    ["ciphertext"] = Convert.ToBase64String(ciphertext),
                },
            };
            Directory.CreateDirectory(store.Home);
            File.WriteAllText(store.IdentityPath, json.ToJsonString());
            return new PublicIdentity(id, name, publicKey.Export(), signing.PublicKey, DateTimeOffset.UnixEpoch, server, IsPassphraseProtected: true);
        }
    }

    [Fact]
    public void MismatchedPlaintextKeysAreRefused()
    {
        var first = NewStore("first");
        var second = NewStore("second");
        first.Create(s_curve, "first", passphrase: null, overwrite: false);
        second.Create(s_curve, "second", passphrase: null, overwrite: false);

        var firstJson = JsonNode.Parse(File.ReadAllText(first.IdentityPath))!;
        var secondJson = JsonNode.Parse(File.ReadAllText(second.IdentityPath))!;
        firstJson["secrets"]!["privateKey"] = (string?)secondJson["secrets"]!["privateKey"];
        File.WriteAllText(first.IdentityPath, firstJson.ToJsonString());

        var error = Assert.Throws<KeyStoreException>(() => first.Unlock(() => null));
        Assert.Equal(KeyStoreError.Corrupt, error.Error);
    }

    [Fact]
    public void AnIdThatIsNotTheSigningKeysIsRefused()
    {
        var store = NewStore();
        store.Create(s_curve, "alice", passphrase: null, overwrite: false);
        var json = JsonNode.Parse(File.ReadAllText(store.IdentityPath))!;
        json["id"] = "00000000000000000000000000000000";
        File.WriteAllText(store.IdentityPath, json.ToJsonString());
        Assert.Equal(KeyStoreError.Corrupt, Assert.Throws<KeyStoreException>(store.ReadPublic).Error);
    }

    [Fact]
    public void LowIterationCountsAreRefused()
    {
        var store = NewStore();
        store.Create(s_curve, "bob", passphrase: "secret", overwrite: false);
        var json = JsonNode.Parse(File.ReadAllText(store.IdentityPath))!;
        json["secrets"]!["kdf"]!["iterations"] = 1000;
        File.WriteAllText(store.IdentityPath, json.ToJsonString());
        Assert.Equal(KeyStoreError.Corrupt, Assert.Throws<KeyStoreException>(() => store.Unlock(() => "secret")).Error);
        Assert.Throws<ArgumentOutOfRangeException>(() => NewStore("low").Create(s_curve, "x", "secret", overwrite: false, iterations: 1000));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"format\":\"something-else/9\"}")]
    public void AMalformedFileIsReportedAsSuch(string content)
    {
        var store = NewStore();
        Directory.CreateDirectory(store.Home);
        File.WriteAllText(store.IdentityPath, content);
        Assert.Equal(KeyStoreError.Corrupt, Assert.Throws<KeyStoreException>(store.ReadPublic).Error);
    }

    [Fact]
    public void AMissingIdentityIsReportedAsSuch()
    {
        var store = NewStore();
        Assert.False(store.Exists);
        var error = Assert.Throws<KeyStoreException>(store.ReadPublic);
        Assert.Equal(KeyStoreError.Missing, error.Error);
        Assert.Contains("recrypt identity new", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExistingIdentityIsReplacedOnlyWhenAsked()
    {
        var store = NewStore();
        var first = store.Create(s_curve, "alice", passphrase: null, overwrite: false);
        Assert.Equal(KeyStoreError.Exists, Assert.Throws<KeyStoreException>(() => store.Create(s_curve, "mallory", null, overwrite: false)).Error);
        Assert.Equal(first.Id, store.ReadPublic().Id);

        var second = store.Create(s_curve, "alice2", passphrase: null, overwrite: true);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(second.Id, store.ReadPublic().Id);
        Assert.Equal([IdentityKeyStore.FileName], Directory.GetFiles(store.Home).Select(Path.GetFileName));
    }

    [Fact]
    public void RecordingTheServerKeepsTheSecretsAndTheirProtection()
    {
        var store = NewStore();
        var created = store.Create(s_curve, "bob", passphrase: "secret", overwrite: false);
        store.SetServer("http://127.0.0.1:5000/", () => "secret");

        var shown = store.ReadPublic();
        Assert.Equal("http://127.0.0.1:5000/", shown.Server);
        Assert.True(shown.IsPassphraseProtected);
        using (var identity = store.Unlock(() => "secret"))
        {
            AssertWorking(identity, created);
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.IdentityPath));

        var plain = NewStore("plain");
        var plainCreated = plain.Create(s_curve, "alice", passphrase: null, overwrite: false);
        plain.SetServer("http://example.test/", () => null);
        using var plainIdentity = plain.Unlock(() => null);
        AssertWorking(plainIdentity, plainCreated);
    }

    [Fact]
    public void AKeyStoreOthersCanReadIsNoticed()
    {
        var store = NewStore();
        store.Create(s_curve, "alice", passphrase: null, overwrite: false);
        File.SetUnixFileMode(store.IdentityPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Assert.True(store.IsAccessibleByOthers());
    }

    [Fact]
    public void AnApi480IdentityIsStoredWithItsCurve()
    {
        using var curve = CliCurves.Create(RecryptCurve.Api480);
        foreach (var passphrase in new[] { null, "secret" })
        {
            var store = NewStore(passphrase ?? "plain");
            var created = store.Create(curve, "alice", passphrase, overwrite: false);
            Assert.Equal(RecryptCurve.Api480, created.Curve);
            Assert.Equal(PublicKey480.Size, created.PublicKey.Length);
            Assert.Equal("Api480", (string?)JsonNode.Parse(File.ReadAllText(store.IdentityPath))!["curve"]);

            var shown = store.ReadPublic();
            Assert.Equal(RecryptCurve.Api480, shown.Curve);
            Assert.Equal(created.PublicKey, shown.PublicKey);
            using var identity = store.Unlock(() => passphrase);
            Assert.Equal(RecryptCurve.Api480, identity.Curve);
            Assert.Equal(PrivateKey480.Size, identity.PrivateKey.Length);
            Assert.True(curve.IsPublicKeyOf(identity.PrivateKey, created.PublicKey));
        }
    }

    [Fact]
    public void AStoreWithoutACurveIsAnApi256One()
    {
        // A store written before curves existed has no "curve" member: it still opens, as Api256.
        var store = NewStore();
        var created = store.Create(s_curve, "alice", passphrase: null, overwrite: false);
        var json = JsonNode.Parse(File.ReadAllText(store.IdentityPath))!.AsObject();
        Assert.Equal("Api256", (string?)json["curve"]);
        json.Remove("curve");
        File.WriteAllText(store.IdentityPath, json.ToJsonString());

        Assert.Equal(RecryptCurve.Api256, store.ReadPublic().Curve);
        using var identity = store.Unlock(() => null);
        Assert.Equal(RecryptCurve.Api256, identity.Curve);
        AssertWorking(identity, created);
    }

    [Fact]
    public void TheSealCoversTheCurveAndACurveMustFitTheKeys()
    {
        var store = NewStore();
        store.Create(s_curve, "alice", passphrase: "secret", overwrite: false);
        var original = File.ReadAllText(store.IdentityPath);

        // Dropping the member changes what the store says: the seal no longer matches.
        var dropped = JsonNode.Parse(original)!.AsObject();
        dropped.Remove("curve");
        File.WriteAllText(store.IdentityPath, dropped.ToJsonString());
        Assert.Equal(KeyStoreError.Tampered, Assert.Throws<KeyStoreException>(() => store.Unlock(() => "secret")).Error);

        // Another curve than the keys': refused as it is read, before any passphrase.
        var other = JsonNode.Parse(original)!;
        other["curve"] = "Api480";
        File.WriteAllText(store.IdentityPath, other.ToJsonString());
        var error = Assert.Throws<KeyStoreException>(() => store.ReadPublic());
        Assert.Equal(KeyStoreError.Corrupt, error.Error);
        Assert.Contains("not a point on the Api480 curve", error.Message, StringComparison.Ordinal);

        other["curve"] = "Api999";
        File.WriteAllText(store.IdentityPath, other.ToJsonString());
        Assert.Contains("its curve \"Api999\" is not one of Api256, Api480", Assert.Throws<KeyStoreException>(() => store.ReadPublic()).Message, StringComparison.Ordinal);
    }

    private static void AssertWorking(LocalIdentity identity, PublicIdentity created)
    {
        Assert.Equal(created.Id, identity.Id);
        using var privateKey = PrivateKey.Import(identity.PrivateKey);
        Assert.Equal(created.PublicKey, s_recrypt.ComputePublicKey(privateKey).Export());
        Assert.Equal(created.SigningPublicKey, identity.SigningKeyPair.PublicKey);

        // The keys work: a value encrypted to the public key decrypts with the private key.
        using var plaintext = s_recrypt.GeneratePlaintext();
        var encrypted = s_recrypt.Encrypt(plaintext, PublicKey.Import(created.PublicKey), identity.SigningKeyPair);
        using var decrypted = s_recrypt.Decrypt(encrypted, privateKey);
        Assert.Equal(plaintext.Export(), decrypted.Export());
        var signature = s_recrypt.Ed25519Sign(identity.SigningKeyPair, Encoding.UTF8.GetBytes("hello"));
        Assert.True(s_recrypt.Ed25519Verify(created.SigningPublicKey, Encoding.UTF8.GetBytes("hello"), signature));
    }

    private static string Salt(IdentityKeyStore store) =>
        (string)JsonNode.Parse(File.ReadAllText(store.IdentityPath))!["secrets"]!["kdf"]!["salt"]!;
}
