namespace Recrypt.Tests.Vectors;

public sealed class AugmentVectorTests
{
    private const string File = "augment.json";

    public static TheoryData<RecryptBackend, string> Additions => TestEngine.OnEach(VectorFiles.Ids(File, "addPrivateKeys"));

    public static TheoryData<RecryptBackend, string> Subtractions => TestEngine.OnEach(VectorFiles.Ids(File, "subtractPrivateKeys"));

    public static TheoryData<RecryptBackend, string> PublicKeys => TestEngine.OnEach(VectorFiles.Ids(File, "augmentPublicKey256"));

    public static TheoryData<RecryptBackend, string> TransformKeys => TestEngine.OnEach(VectorFiles.Ids(File, "augmentTransformKey256"));

    [Theory]
    [MemberData(nameof(Additions))]
    public void AddPrivateKeys_GivesIronCoresSumOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "addPrivateKeys", id);

        Outcome.AssertMatches(entry, () => Combine(entry, Shared.Instance.AddPrivateKeys), () => entry.Bytes("result"));
    }

    [Theory]
    [MemberData(nameof(Subtractions))]
    public void SubtractPrivateKeys_GivesIronCoresDifferenceOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "subtractPrivateKeys", id);

        Outcome.AssertMatches(entry, () => Combine(entry, Shared.Instance.SubtractPrivateKeys), () => entry.Bytes("result"));
    }

    [Theory]
    [MemberData(nameof(PublicKeys))]
    public void AugmentPublicKey_GivesIronCoresPointOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "augmentPublicKey256", id);

        Outcome.AssertMatches(
            entry,
            () => Shared.Instance.AugmentPublicKey(entry.PublicKey("currentPublicKey"), entry.PublicKey("otherPublicKey")),
            () => entry.PublicKey("result"));
    }

    [Theory]
    [MemberData(nameof(TransformKeys))]
    public void AugmentedTransformKeyFlow_WithIronCoresSeed_ReproducesEveryValue(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "augmentTransformKey256", id);
        using var api = entry.SeededInstance();

        using var signing = api.GenerateSigningKeyPair();
        using var plaintext = api.GeneratePlaintext();
        var (masterPrivate, masterPublic) = api.GenerateKeyPair();
        var (devicePrivate, devicePublic) = api.GenerateKeyPair();
        var (serverPrivate, serverPublic) = api.GenerateKeyPair();
        var masterPublicKey = api.AugmentPublicKey(masterPublic, serverPublic);
        var encrypted = api.Encrypt(plaintext, masterPublicKey, signing);
        var transformKey = api.GenerateTransformKey(masterPrivate, devicePublic, signing);
        var augmented = api.AugmentTransformKey(transformKey, serverPrivate);
        var transformed = api.Transform(encrypted, augmented, signing);
        var transformedWithUnaugmented = api.Transform(encrypted, transformKey, signing);
        using var decrypted = api.Decrypt(transformed, devicePrivate);

        VectorAssert.SigningKeyPair(entry.Get("signing"), signing);
        VectorAssert.Same(entry.Get("plaintext"), plaintext);
        using (masterPrivate)
        using (devicePrivate)
        using (serverPrivate)
        {
            VectorAssert.KeyPair(entry.Get("master"), masterPrivate, masterPublic);
            VectorAssert.KeyPair(entry.Get("device"), devicePrivate, devicePublic);
            VectorAssert.KeyPair(entry.Get("server"), serverPrivate, serverPublic);
        }
        Assert.Equal(entry.PublicKey("masterPublicKey"), masterPublicKey);
        VectorAssert.Same(entry.Get("encryptedValue"), encrypted);
        VectorAssert.Same(entry.Get("transformKey"), transformKey);
        VectorAssert.Same(entry.Get("augmentedTransformKey"), augmented);
        Assert.True(augmented.VerifySignature());
        VectorAssert.Same(entry.Get("transformed"), transformed);
        VectorAssert.Same(entry.Get("decrypted"), decrypted);
        VectorAssert.Same(entry.Get("transformedWithUnaugmented"), transformedWithUnaugmented);
    }

    [Theory]
    [MemberData(nameof(TransformKeys))]
    public void AugmentedFlow_OtherDecryptions_EndAsInIronCoresBuild(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "augmentTransformKey256", id);

        foreach (var decryption in entry.Get("otherDecryptions").EnumerateArray())
        {
            var value = decryption.Text("label").StartsWith("transformedWithUnaugmented", StringComparison.Ordinal)
                ? entry.EncryptedValue("transformedWithUnaugmented")
                : entry.EncryptedValue("encryptedValue");
            Outcome.AssertMatches(
                decryption,
                () =>
                {
                    using var privateKey = decryption.PrivateKey("privateKey");
                    using var plaintext = Shared.Instance.Decrypt(value, privateKey);
                    return plaintext.Export();
                },
                () => decryption.Bytes("result"));
        }
    }

    private static byte[] Combine(System.Text.Json.JsonElement entry, Func<PrivateKey, PrivateKey, PrivateKey> operation)
    {
        using var a = entry.PrivateKey("privateKeyA");
        using var b = entry.PrivateKey("privateKeyB");
        using var result = operation(a, b);
        return result.Export();
    }
}
