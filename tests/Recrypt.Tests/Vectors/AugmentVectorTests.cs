using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>IronCore's Api256 key-arithmetic and augmentation vectors (augment.json) on every engine.</summary>
public sealed class AugmentVectorTests : AugmentVectorTests<Scheme256, TransformEncryption, PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey>;

/// <summary>
/// A curve's key-arithmetic and augmentation vectors (augment.json): sums, differences and augmented
/// public keys are IronCore's, and the augmented transform-key flow reproduces every value.
/// </summary>
public abstract class AugmentVectorTests<TScheme, TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    : SchemeVectorTests<TScheme, TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TScheme : IVectorScheme<TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TApi : IDisposable
    where TPrivateKey : class, IDisposable
    where TPlaintext : class, IDisposable
{
    private const string File = "augment.json";

    private static string PublicKeyList => "augmentPublicKey" + TScheme.Suffix;

    private static string TransformKeyList => "augmentTransformKey" + TScheme.Suffix;

    public static TheoryData<RecryptBackend, string> Additions => TScheme.OnEach(TScheme.Vectors.Ids(File, "addPrivateKeys"));

    public static TheoryData<RecryptBackend, string> Subtractions => TScheme.OnEach(TScheme.Vectors.Ids(File, "subtractPrivateKeys"));

    public static TheoryData<RecryptBackend, string> PublicKeys => TScheme.OnEach(TScheme.Vectors.Ids(File, PublicKeyList));

    public static TheoryData<RecryptBackend, string> TransformKeys => TScheme.OnEach(TScheme.Vectors.Ids(File, TransformKeyList));

    [Theory]
    [MemberData(nameof(Additions))]
    public void AddPrivateKeys_GivesIronCoresSumOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = TScheme.Vectors.Entry(File, "addPrivateKeys", id);

        Outcome.AssertMatches(entry, () => Combine(entry, (a, b) => TScheme.AddPrivateKeys(TScheme.Instance(backend), a, b)), () => entry.Bytes("result"));
    }

    [Theory]
    [MemberData(nameof(Subtractions))]
    public void SubtractPrivateKeys_GivesIronCoresDifferenceOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = TScheme.Vectors.Entry(File, "subtractPrivateKeys", id);

        Outcome.AssertMatches(entry, () => Combine(entry, (a, b) => TScheme.SubtractPrivateKeys(TScheme.Instance(backend), a, b)), () => entry.Bytes("result"));
    }

    [Theory]
    [MemberData(nameof(PublicKeys))]
    public void AugmentPublicKey_GivesIronCoresPointOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = TScheme.Vectors.Entry(File, PublicKeyList, id);

        Outcome.AssertMatches(
            entry,
            () => TScheme.AugmentPublicKey(TScheme.Instance(backend), TScheme.PublicKey(entry, "currentPublicKey"), TScheme.PublicKey(entry, "otherPublicKey")),
            () => TScheme.PublicKey(entry, "result"));
    }

    [Theory]
    [MemberData(nameof(TransformKeys))]
    public void AugmentedTransformKeyFlow_WithIronCoresSeed_ReproducesEveryValue(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = TScheme.Vectors.Entry(File, TransformKeyList, id);
        using var api = TScheme.Seeded(entry.Bytes("rngSeed"), backend);

        using var signing = TScheme.GenerateSigningKeyPair(api);
        using var plaintext = TScheme.GeneratePlaintext(api);
        var (masterPrivate, masterPublic) = TScheme.GenerateKeyPair(api);
        var (devicePrivate, devicePublic) = TScheme.GenerateKeyPair(api);
        var (serverPrivate, serverPublic) = TScheme.GenerateKeyPair(api);
        var masterPublicKey = TScheme.AugmentPublicKey(api, masterPublic, serverPublic);
        var encrypted = TScheme.Encrypt(api, plaintext, masterPublicKey, signing);
        var transformKey = TScheme.GenerateTransformKey(api, masterPrivate, devicePublic, signing);
        var augmented = TScheme.AugmentTransformKey(api, transformKey, serverPrivate);
        var transformed = TScheme.Transform(api, encrypted, augmented, signing);
        var transformedWithUnaugmented = TScheme.Transform(api, encrypted, transformKey, signing);
        var decrypted = DecryptToBytes(api, transformed, devicePrivate);

        VectorAssert.SigningKeyPair(entry.Get("signing"), signing);
        Assert.Equal(entry.Bytes("plaintext"), TScheme.ExportPlaintext(plaintext));
        using (masterPrivate)
        using (devicePrivate)
        using (serverPrivate)
        {
            AssertKeyPair(entry.Get("master"), masterPrivate, masterPublic);
            AssertKeyPair(entry.Get("device"), devicePrivate, devicePublic);
            AssertKeyPair(entry.Get("server"), serverPrivate, serverPublic);
        }
        Assert.Equal(TScheme.PublicKey(entry, "masterPublicKey"), masterPublicKey);
        Assert.Equal(entry.Get("encryptedValue").Compact(), TScheme.Json(encrypted));
        Assert.Equal(entry.Get("transformKey").Compact(), TScheme.Json(transformKey));
        Assert.Equal(entry.Get("augmentedTransformKey").Compact(), TScheme.Json(augmented));
        Assert.True(TScheme.VerifySignature(augmented));
        Assert.Equal(entry.Get("transformed").Compact(), TScheme.Json(transformed));
        Assert.Equal(entry.Bytes("decrypted"), decrypted);
        Assert.Equal(entry.Get("transformedWithUnaugmented").Compact(), TScheme.Json(transformedWithUnaugmented));
    }

    [Theory]
    [MemberData(nameof(TransformKeys))]
    public void AugmentedFlow_OtherDecryptions_EndAsInIronCoresBuild(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = TScheme.Vectors.Entry(File, TransformKeyList, id);

        foreach (var decryption in entry.Get("otherDecryptions").EnumerateArray())
        {
            var value = TScheme.EncryptedValue(decryption.Text("label").StartsWith("transformedWithUnaugmented", StringComparison.Ordinal)
                ? entry.Get("transformedWithUnaugmented")
                : entry.Get("encryptedValue"));
            Outcome.AssertMatches(
                decryption,
                () =>
                {
                    using var privateKey = TScheme.PrivateKey(decryption, "privateKey");
                    return DecryptToBytes(TScheme.Instance(backend), value, privateKey);
                },
                () => decryption.Bytes("result"));
        }
    }

    private static byte[] Combine(JsonElement entry, Func<TPrivateKey, TPrivateKey, TPrivateKey> operation)
    {
        using var a = TScheme.PrivateKey(entry, "privateKeyA");
        using var b = TScheme.PrivateKey(entry, "privateKeyB");
        using var result = operation(a, b);
        return TScheme.ExportKey(result);
    }
}
