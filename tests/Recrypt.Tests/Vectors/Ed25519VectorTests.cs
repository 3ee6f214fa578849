namespace Recrypt.Tests.Vectors;

public sealed class Ed25519VectorTests
{
    private const string File = "ed25519.json";

    public static TheoryData<RecryptBackend, string> KeyPairs => TestEngine.OnEach(VectorFiles.Ids(File, "keypairs"));

    public static TheoryData<RecryptBackend, string> PublicKeys => TestEngine.OnEach(VectorFiles.Ids(File, "computePublicKey"));

    public static TheoryData<RecryptBackend, string> Signatures => TestEngine.OnEach(VectorFiles.Ids(File, "sign"));

    public static TheoryData<RecryptBackend, string> Verifications => TestEngine.OnEach(VectorFiles.Ids(File, "verify"));

    [Theory]
    [MemberData(nameof(KeyPairs))]
    public void SigningKeyPair_IsIronCoresKeyPair(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "keypairs", id);
        if (entry.TryGetProperty("rngSeed", out _))
        {
            using var api = entry.SeededInstance();
            using var generated = api.GenerateSigningKeyPair();
            Assert.Equal(entry.Bytes("privateKey"), generated.Export());
            Assert.Equal(entry.Bytes("publicKey"), generated.PublicKey.Export());
        }

        using var imported = entry.SigningKeyPair("privateKey");

        Assert.Equal(entry.Bytes("publicKey"), imported.PublicKey.Export());
    }

    [Theory]
    [MemberData(nameof(PublicKeys))]
    public void PublicKey_OfAnImportedPair_IsIronCoresOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "computePublicKey", id);

        Outcome.AssertMatches(
            entry,
            () =>
            {
                using var pair = entry.SigningKeyPair("signingPrivateKey");
                return pair.PublicKey;
            },
            () => PublicSigningKey.Import(entry.Bytes("result")));
    }

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Ed25519Sign_GivesIronCoresSignatureOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "sign", id);

        Outcome.AssertMatches(
            entry,
            () =>
            {
                using var pair = entry.SigningKeyPair("signingPrivateKey");
                return Shared.Instance.Ed25519Sign(pair, entry.Bytes("message"));
            },
            () => entry.Bytes("result"));
    }

    [Theory]
    [MemberData(nameof(Verifications))]
    public void Ed25519Verify_GivesIronCoresVerdictOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "verify", id);

        Outcome.AssertMatches(
            entry,
            () => Shared.Instance.Ed25519Verify(
                PublicSigningKey.Import(entry.Bytes("signingPublicKey")), entry.Bytes("message"), entry.Bytes("signature")),
            () => entry.Get("result").GetBoolean());
    }
}
