namespace Recrypt.Tests.Vectors;

public sealed class KeyPairVectorTests
{
    private const string File = "keypairs.json";

    public static TheoryData<RecryptBackend, string> Generated => TestEngine.OnEach(VectorFiles.Ids(File, "cases", e => e.TryGetProperty("rngSeed", out _)));

    public static TheoryData<RecryptBackend, string> All => TestEngine.OnEach(VectorFiles.Ids(File, "cases"));

    [Theory]
    [MemberData(nameof(Generated))]
    public void GenerateKeyPair_WithIronCoresSeed_ReproducesItsKeyPair(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
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
    public void ComputePublicKey_GivesIronCoresPublicKeyOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
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
