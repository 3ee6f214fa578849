using System.Text.Json;

namespace Recrypt.Tests.Vectors.Api480;

/// <summary>
/// IronCore's Api480 vectors (<see cref="VectorSet.Api480"/>) on every engine that implements Api480
/// (<see cref="TestEngine.All480"/>): the seeded replays reproduce IronCore's keys, plaintexts, encrypted
/// values, transform keys and chains byte for byte, and IronCore's values decrypt and read back.
/// </summary>
public sealed class Api480VectorTests
{
    private static VectorSet Vectors => VectorSet.Api480;

    public static TheoryData<RecryptBackend, string> GeneratedKeyPairs =>
        TestEngine.OnEach480(Vectors.Ids("keypairs.json", "cases", e => e.TryGetProperty("rngSeed", out _)));

    public static TheoryData<RecryptBackend, string> KeyPairs => TestEngine.OnEach480(Vectors.Ids("keypairs.json", "cases"));

    public static TheoryData<RecryptBackend, string> Hashes => TestEngine.OnEach480(Vectors.Ids("hash.json", "hash256"));

    public static TheoryData<RecryptBackend, string> Plaintexts => TestEngine.OnEach480(Vectors.Ids("plaintexts.json", "cases"));

    private static readonly string[] s_derivations = ["deriveSymmetricKey", "derivePrivateKey"];

    public static TheoryData<RecryptBackend, string> Derivations => TestEngine.OnEach480(new TheoryData<string>(
        s_derivations.SelectMany(list => Vectors.Load("hash.json").Get(list).EnumerateArray().Select(e => $"{list}/{e.Text("id")}"))));

    public static TheoryData<RecryptBackend, string> Encryptions => TestEngine.OnEach480(Vectors.Ids("encrypt.json", "cases"));

    public static TheoryData<RecryptBackend, string> TransformKeys => TestEngine.OnEach480(Vectors.Ids("transform-keys.json", "cases"));

    private static readonly string[] s_chainLevels = ["level1", "level2", "level3"];

    public static TheoryData<RecryptBackend, string> Chains => TestEngine.OnEach480(new TheoryData<string>(
        s_chainLevels.SelectMany(level => Vectors.Load("transform-chains.json").Get(level).EnumerateArray().Select(e => $"{level}/{e.Text("id")}"))));

    [Theory]
    [MemberData(nameof(GeneratedKeyPairs))]
    public void GenerateKeyPair_WithIronCoresSeed_ReproducesItsKeyPair(RecryptBackend backend, string id)
    {
        var entry = Vectors.Entry("keypairs.json", "cases", id);
        using var api = Seeded(entry, backend);

        using var pair = api.GenerateKeyPair();

        AssertKeyPair(entry, pair);
    }

    [Theory]
    [MemberData(nameof(KeyPairs))]
    public void ComputePublicKey_GivesIronCoresPublicKeyOrError(RecryptBackend backend, string id)
    {
        using var _ = TestEngine.Use(backend);
        var entry = Vectors.Entry("keypairs.json", "cases", id);
        using var api = new TransformEncryption480(backend);

        Outcome.AssertMatches(
            entry,
            () =>
            {
                using var privateKey = PrivateKey480.Import(entry.Bytes("privateKey"));
                return api.ComputePublicKey(privateKey);
            },
            () => PublicKey(entry, "publicKey"));
    }

    [Theory]
    [MemberData(nameof(Plaintexts))]
    public void GeneratePlaintext_WithIronCoresSeed_ReproducesItsPlaintext(RecryptBackend backend, string id)
    {
        var entry = Vectors.Entry("plaintexts.json", "cases", id);
        using var api = Seeded(entry, backend);

        using var plaintext = api.GeneratePlaintext();

        Assert.Equal(entry.Bytes("plaintext"), plaintext.Export());
    }

    [Theory]
    [MemberData(nameof(Hashes))]
    public void Hash256_GivesIronCoresDigest(RecryptBackend backend, string id)
    {
        using var _ = TestEngine.Use(backend);
        var entry = Vectors.Entry("hash.json", "hash256", id);
        var into = new byte[TransformEncryption480.HashSize];

        TransformEncryption480.Hash256(entry.Bytes("input"), into);

        Assert.All(new[] { TransformEncryption480.Hash256(entry.Bytes("input")), into }, digest => Assert.Equal(entry.Bytes("output"), digest));
    }

    [Theory]
    [MemberData(nameof(Derivations))]
    public void DeriveSymmetricOrPrivateKey_GivesIronCoresKeyOrError(RecryptBackend backend, string listAndId)
    {
        using var _ = TestEngine.Use(backend);
        var (list, id) = (listAndId.Split('/')[0], listAndId.Split('/')[1]);
        var entry = Vectors.Entry("hash.json", list, id);
        using var api = new TransformEncryption480(backend);

        Outcome.AssertMatches(
            entry,
            () =>
            {
                using var plaintext = Plaintext480.Import(entry.Bytes("plaintext"));
                return list == "deriveSymmetricKey" ? Export(api.DeriveSymmetricKey(plaintext)) : Export(api.DerivePrivateKey(plaintext));
            },
            () => entry.Text("result"));
    }

    [Theory]
    [MemberData(nameof(Encryptions))]
    public void Encrypt_WithIronCoresSeed_ReproducesItsEncryptedValue_AndIronCoresValueDecrypts(RecryptBackend backend, string id)
    {
        var entry = Vectors.Entry("encrypt.json", "cases", id);
        using var api = Seeded(entry, backend);

        using var recipient = api.GenerateKeyPair();
        using var signing = api.GenerateSigningKeyPair();
        using var plaintext = api.GeneratePlaintext();
        var encrypted = api.Encrypt(plaintext, recipient.PublicKey, signing);
        var recorded = EncryptedValue480.FromIronCoreJson(entry.Get("encryptedValue").GetRawText());
        using var decrypted = api.Decrypt(recorded, recipient.PrivateKey);

        AssertKeyPair(entry.Get("recipient"), recipient);
        Assert.Equal(entry.Get("signing").Bytes("privateKey"), signing.Export());
        Assert.Equal(entry.Bytes("plaintext"), plaintext.Export());
        Assert.Equal(entry.Get("encryptedValue").Compact(), encrypted.ToIronCoreJson());
        Assert.Equal(recorded, encrypted);
        Assert.True(recorded.VerifySignature());
        Assert.Equal(entry.Bytes("decrypted"), decrypted.Export());
        Assert.Equal(recorded, EncryptedValue480.Import(recorded.Export()));
    }

    [Theory]
    [MemberData(nameof(TransformKeys))]
    public void GenerateTransformKey_WithIronCoresSeed_ReproducesItsTransformKeyAndBytes(RecryptBackend backend, string id)
    {
        var entry = Vectors.Entry("transform-keys.json", "cases", id);
        using var api = Seeded(entry, backend);

        using var from = api.GenerateKeyPair();
        using var to = api.GenerateKeyPair();
        using var signing = api.GenerateSigningKeyPair();
        var transformKey = api.GenerateTransformKey(from.PrivateKey, to.PublicKey, signing);
        var recorded = TransformKey480.FromIronCoreJson(entry.Get("transformKey").GetRawText());

        AssertKeyPair(entry.Get("from"), from);
        AssertKeyPair(entry.Get("to"), to);
        Assert.Equal(entry.Get("transformKey").Compact(), transformKey.ToIronCoreJson());
        Assert.Equal(recorded, transformKey);
        Assert.True(recorded.VerifySignature());
        Assert.Equal(entry.Bytes("transformKeyBytes"), recorded.ToIronCoreBytes());
        Assert.Equal(recorded, TransformKey480.Import(recorded.Export()));
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void Chain_WithIronCoresSeed_ReproducesEveryKeyAndValue(RecryptBackend backend, string levelAndId)
    {
        var (level, id) = (levelAndId.Split('/')[0], levelAndId.Split('/')[1]);
        var chain = Vectors.Entry("transform-chains.json", level, id);
        var hops = chain.Get("level").GetInt32();
        using var api = Seeded(chain, backend);

        var keys = Enumerable.Range(0, hops + 1).Select(_ => api.GenerateKeyPair()).ToArray();
        using var encryptSigning = api.GenerateSigningKeyPair();
        var keySigning = Enumerable.Range(0, hops).Select(_ => api.GenerateSigningKeyPair()).ToArray();
        var transformSigning = Enumerable.Range(0, hops).Select(_ => api.GenerateSigningKeyPair()).ToArray();
        using var plaintext = api.GeneratePlaintext();
        var values = new List<EncryptedValue480> { api.Encrypt(plaintext, keys[0].PublicKey, encryptSigning) };
        var transformKeys = Enumerable.Range(0, hops)
            .Select(i => api.GenerateTransformKey(keys[i].PrivateKey, keys[i + 1].PublicKey, keySigning[i]))
            .ToArray();
        for (var i = 0; i < hops; i++)
        {
            values.Add(api.Transform(values[i], transformKeys[i], transformSigning[i]));
        }

        Assert.Equal(chain.Bytes("plaintext"), plaintext.Export());
        for (var i = 0; i <= hops; i++)
        {
            AssertKeyPair(chain.Get("keys")[i], keys[i]);
            Assert.Equal(chain.Get("encryptedValues")[i].Compact(), values[i].ToIronCoreJson());
            using var decrypted = api.Decrypt(values[i], keys[i].PrivateKey);
            Assert.Equal(chain.Get("decrypted")[i].Bytes(), decrypted.Export());
        }
        for (var i = 0; i < hops; i++)
        {
            Assert.Equal(chain.Get("transformKeys")[i].Compact(), transformKeys[i].ToIronCoreJson());
        }
        Assert.All(keys, k => k.Dispose());
        Assert.All(keySigning.Concat(transformSigning), s => s.Dispose());
    }

    private static string Export(SymmetricKey key)
    {
        using (key)
        {
            return Convert.ToHexStringLower(key.Export());
        }
    }

    private static string Export(PrivateKey480 key)
    {
        using (key)
        {
            return Convert.ToHexStringLower(key.Export());
        }
    }

    private static TransformEncryption480 Seeded(JsonElement entry, RecryptBackend backend) =>
        TransformEncryption480.CreateInsecureDeterministic(entry.Bytes("rngSeed"), backend);

    private static PublicKey480 PublicKey(JsonElement element, string name) => PublicKey480.FromIronCoreJson(element.Get(name).GetRawText());

    private static void AssertKeyPair(JsonElement expected, KeyPair480 pair)
    {
        Assert.Equal(expected.Bytes("privateKey"), pair.PrivateKey.Export());
        Assert.Equal(PublicKey(expected, "publicKey"), pair.PublicKey);
    }
}
