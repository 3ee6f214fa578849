using System.Text.Json;

namespace Recrypt.Tests.Vectors;

public sealed class SchnorrVectorTests
{
    private const string File = "schnorr.json";

    public static TheoryData<RecryptBackend, string> Signatures => TestEngine.OnEach(VectorFiles.Ids(File, "sign"));

    public static TheoryData<RecryptBackend, string> Verifications => TestEngine.OnEach(VectorFiles.Ids(File, "verify"));

    public static TheoryData<RecryptBackend, string> Augmented => TestEngine.OnEach(VectorFiles.Ids(File, "augmented"));

    [Theory]
    [MemberData(nameof(Signatures))]
    public void SchnorrSign_WithIronCoresSeed_ReproducesItsSignature(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "sign", id);
        using var api = entry.SeededInstance();

        var (privateKey, publicKey) = api.GenerateKeyPair();
        using (privateKey)
        {
            var signature = api.SchnorrSign(privateKey, publicKey, entry.Bytes("message"));

            VectorAssert.KeyPair(entry.Get("keypair"), privateKey, publicKey);
            Assert.Equal(entry.Bytes("signature"), signature);
            Assert.Equal(entry.Get("verified").GetBoolean(), api.SchnorrVerify(publicKey, null, entry.Bytes("message"), signature));
        }
    }

    [Theory]
    [MemberData(nameof(Verifications))]
    public void SchnorrVerify_GivesIronCoresVerdictOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "verify", id);

        Outcome.AssertMatches(
            entry,
            () =>
            {
                using var augmenting = AugmentingKey(entry);
                return Shared.Instance.SchnorrVerify(entry.PublicKey("publicKey"), augmenting, entry.Bytes("message"), entry.Bytes("signature"));
            },
            () => entry.Get("result").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Augmented))]
    public void AugmentedSignatures_WithIronCoresSeed_ReproduceItsSignaturesAndVerdicts(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "augmented", id);
        var message = entry.Bytes("message");
        using var api = entry.SeededInstance();

        var (userPrivate, userPublic) = api.GenerateKeyPair();
        var (serverPrivate, serverPublic) = api.GenerateKeyPair();
        var augmentedPublic = api.AugmentPublicKey(userPublic, serverPublic);
        using var augmentedPrivate = api.AddPrivateKeys(userPrivate, serverPrivate);
        var signatures = new Dictionary<string, byte[]>
        {
            ["signatureByUser"] = api.SchnorrSign(userPrivate, augmentedPublic, message),
            ["signatureByAugmented"] = api.SchnorrSign(augmentedPrivate, augmentedPublic, message),
        };
        var publicKeys = new Dictionary<string, PublicKey> { ["augmentedPublicKey"] = augmentedPublic, ["user.publicKey"] = userPublic };

        using (userPrivate)
        using (serverPrivate)
        {
            VectorAssert.KeyPair(entry.Get("user"), userPrivate, userPublic);
            VectorAssert.KeyPair(entry.Get("server"), serverPrivate, serverPublic);
        }
        Assert.Equal(entry.PublicKey("augmentedPublicKey"), augmentedPublic);
        Assert.Equal(entry.Bytes("augmentedPrivateKey"), augmentedPrivate.Export());
        Assert.Equal(entry.Bytes("signatureByUser"), signatures["signatureByUser"]);
        Assert.Equal(entry.Bytes("signatureByAugmented"), signatures["signatureByAugmented"]);
        foreach (var verification in entry.Get("verifications").EnumerateArray())
        {
            using var augmenting = AugmentingKey(verification);
            var verified = api.SchnorrVerify(
                publicKeys[verification.Text("publicKey")], augmenting, message, signatures[verification.Text("signature")]);
            Assert.True(verification.Get("result").GetBoolean() == verified, verification.Text("label"));
        }
    }

    private static PrivateKey? AugmentingKey(JsonElement entry) =>
        entry.Get("augmentedPrivateKey").ValueKind == JsonValueKind.Null ? null : entry.PrivateKey("augmentedPrivateKey");
}
