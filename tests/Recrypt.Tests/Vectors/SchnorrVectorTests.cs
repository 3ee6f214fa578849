using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>IronCore's Api256 Schnorr vectors (schnorr.json) on every engine.</summary>
public sealed class SchnorrVectorTests : SchnorrVectorTests<Scheme256, TransformEncryption, PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey>;

/// <summary>
/// A curve's Schnorr vectors (schnorr.json): seeded signatures reproduce IronCore's, and verification,
/// with and without an augmenting key, gives IronCore's verdict or error.
/// </summary>
public abstract class SchnorrVectorTests<TScheme, TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    : SchemeVectorTests<TScheme, TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TScheme : IVectorScheme<TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TApi : IDisposable
    where TPrivateKey : class, IDisposable
    where TPlaintext : class, IDisposable
{
    private const string File = "schnorr.json";

    public static TheoryData<RecryptBackend, string> Signatures => TScheme.OnEach(TScheme.Vectors.Ids(File, "sign"));

    public static TheoryData<RecryptBackend, string> Verifications => TScheme.OnEach(TScheme.Vectors.Ids(File, "verify"));

    public static TheoryData<RecryptBackend, string> Augmented => TScheme.OnEach(TScheme.Vectors.Ids(File, "augmented"));

    [Theory]
    [MemberData(nameof(Signatures))]
    public void SchnorrSign_WithIronCoresSeed_ReproducesItsSignature(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = TScheme.Vectors.Entry(File, "sign", id);
        using var api = TScheme.Seeded(entry.Bytes("rngSeed"), backend);

        var (privateKey, publicKey) = TScheme.GenerateKeyPair(api);
        using (privateKey)
        {
            var signature = TScheme.SchnorrSign(api, privateKey, publicKey, entry.Bytes("message"));

            AssertKeyPair(entry.Get("keypair"), privateKey, publicKey);
            Assert.Equal(entry.Bytes("signature"), signature);
            Assert.Equal(entry.Get("verified").GetBoolean(), TScheme.SchnorrVerify(api, publicKey, null, entry.Bytes("message"), signature));
        }
    }

    [Theory]
    [MemberData(nameof(Verifications))]
    public void SchnorrVerify_GivesIronCoresVerdictOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = TScheme.Vectors.Entry(File, "verify", id);

        Outcome.AssertMatches(
            entry,
            () =>
            {
                using var augmenting = AugmentingKey(entry);
                return TScheme.SchnorrVerify(
                    TScheme.Instance(backend), TScheme.PublicKey(entry, "publicKey"), augmenting, entry.Bytes("message"), entry.Bytes("signature"));
            },
            () => entry.Get("result").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Augmented))]
    public void AugmentedSignatures_WithIronCoresSeed_ReproduceItsSignaturesAndVerdicts(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = TScheme.Vectors.Entry(File, "augmented", id);
        var message = entry.Bytes("message");
        using var api = TScheme.Seeded(entry.Bytes("rngSeed"), backend);

        var (userPrivate, userPublic) = TScheme.GenerateKeyPair(api);
        var (serverPrivate, serverPublic) = TScheme.GenerateKeyPair(api);
        var augmentedPublic = TScheme.AugmentPublicKey(api, userPublic, serverPublic);
        using var augmentedPrivate = TScheme.AddPrivateKeys(api, userPrivate, serverPrivate);
        var signatures = new Dictionary<string, byte[]>
        {
            ["signatureByUser"] = TScheme.SchnorrSign(api, userPrivate, augmentedPublic, message),
            ["signatureByAugmented"] = TScheme.SchnorrSign(api, augmentedPrivate, augmentedPublic, message),
        };
        var publicKeys = new Dictionary<string, TPublicKey> { ["augmentedPublicKey"] = augmentedPublic, ["user.publicKey"] = userPublic };

        using (userPrivate)
        using (serverPrivate)
        {
            AssertKeyPair(entry.Get("user"), userPrivate, userPublic);
            AssertKeyPair(entry.Get("server"), serverPrivate, serverPublic);
        }
        Assert.Equal(TScheme.PublicKey(entry, "augmentedPublicKey"), augmentedPublic);
        Assert.Equal(entry.Bytes("augmentedPrivateKey"), TScheme.ExportKey(augmentedPrivate));
        Assert.Equal(entry.Bytes("signatureByUser"), signatures["signatureByUser"]);
        Assert.Equal(entry.Bytes("signatureByAugmented"), signatures["signatureByAugmented"]);
        foreach (var verification in entry.Get("verifications").EnumerateArray())
        {
            using var augmenting = AugmentingKey(verification);
            var verified = TScheme.SchnorrVerify(
                api, publicKeys[verification.Text("publicKey")], augmenting, message, signatures[verification.Text("signature")]);
            Assert.True(verification.Get("result").GetBoolean() == verified, verification.Text("label"));
        }
    }

    private static TPrivateKey? AugmentingKey(JsonElement entry) =>
        entry.Get("augmentedPrivateKey").ValueKind == JsonValueKind.Null ? null : TScheme.PrivateKey(entry, "augmentedPrivateKey");
}
