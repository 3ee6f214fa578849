namespace Recrypt.Tests.Vectors;

public sealed class KeyPairVectorTests
{
    private const string File = "keypairs.json";

    public static TheoryData<string> Generated => VectorFiles.Ids(File, "cases", e => e.TryGetProperty("rngSeed", out _));

    public static TheoryData<string> All => VectorFiles.Ids(File, "cases");

    [Theory]
    [MemberData(nameof(Generated))]
    public void GenerateKeyPair_WithIronCoresSeed_ReproducesItsKeyPair(string id)
    {
        var entry = VectorFiles.Entry(File, "cases", id);
        using var api = entry.SeededInstance();

        var (privateKey, publicKey) = api.GenerateKeyPair();

        using (privateKey)
        {
            Assert.Equal(entry.Bytes("privateKey"), privateKey.Export());
        }
        Assert.Equal(entry.PublicKey("publicKey"), publicKey);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void ComputePublicKey_GivesIronCoresPublicKeyOrError(string id)
    {
        var entry = VectorFiles.Entry(File, "cases", id);

        Outcome.AssertMatches(
            entry,
            () =>
            {
                using var privateKey = entry.PrivateKey("privateKey");
                return Shared.Instance.ComputePublicKey(privateKey);
            },
            () => entry.PublicKey("publicKey"));
    }
}
