namespace Recrypt.Tests.Vectors;

public sealed class Ed25519VectorTests
{
    private const string File = "ed25519.json";

    public static TheoryData<string> KeyPairs => VectorFiles.Ids(File, "keypairs");

    public static TheoryData<string> PublicKeys => VectorFiles.Ids(File, "computePublicKey");

    public static TheoryData<string> Signatures => VectorFiles.Ids(File, "sign");

    public static TheoryData<string> Verifications => VectorFiles.Ids(File, "verify");

    [Theory]
    [MemberData(nameof(KeyPairs))]
    public void SigningKeyPair_IsIronCoresKeyPair(string id)
    {
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
    public void PublicKey_OfAnImportedPair_IsIronCoresOrError(string id)
    {
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
    public void Ed25519Sign_GivesIronCoresSignatureOrError(string id)
    {
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
    public void Ed25519Verify_GivesIronCoresVerdictOrError(string id)
    {
        var entry = VectorFiles.Entry(File, "verify", id);

        Outcome.AssertMatches(
            entry,
            () => Shared.Instance.Ed25519Verify(
                PublicSigningKey.Import(entry.Bytes("signingPublicKey")), entry.Bytes("message"), entry.Bytes("signature")),
            () => entry.Get("result").GetBoolean());
    }
}
