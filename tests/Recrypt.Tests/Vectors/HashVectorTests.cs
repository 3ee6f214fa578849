using System.Security.Cryptography;

namespace Recrypt.Tests.Vectors;

public sealed class HashVectorTests
{
    private const string File = "hash.json";

    public static TheoryData<RecryptBackend, string> Hashes => TestEngine.OnEach(VectorFiles.Ids(File, "hash256"));

    public static TheoryData<RecryptBackend, string> Derivations => TestEngine.OnEach(VectorFiles.Ids(File, "deriveSymmetricKey"));

    [Theory]
    [MemberData(nameof(Hashes))]
    public void Hash256_GivesIronCoresDigest(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "hash256", id);
        var hash = new byte[TransformEncryption.HashSize];

        TransformEncryption.Hash256(entry.Bytes("input"), hash);

        Assert.Equal(entry.Bytes("output"), TransformEncryption.Hash256(entry.Bytes("input")));
        Assert.Equal(entry.Bytes("output"), hash);
    }

    [Theory]
    [MemberData(nameof(Derivations))]
    public void DeriveSymmetricKey_GivesIronCoresKeyOrError(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "deriveSymmetricKey", id);
        if (entry.TryGetProperty("rngSeed", out _))
        {
            using var api = entry.SeededInstance();
            using var generated = api.GeneratePlaintext();
            Assert.Equal(entry.Bytes("plaintext"), generated.Export());
        }

        Outcome.AssertMatches(
            entry,
            () =>
            {
                using var plaintext = entry.Plaintext("plaintext");
                using var key = Shared.Instance.DeriveSymmetricKey(plaintext);
                return key.Export();
            },
            () => entry.Bytes("result"));
        if (entry.TryGetProperty("equalsSha256OfInput", out var equalsSha256))
        {
            Assert.Equal(equalsSha256.GetBoolean(), SHA256.HashData(entry.Bytes("plaintext")).AsSpan().SequenceEqual(entry.Bytes("result")));
        }
    }
}
