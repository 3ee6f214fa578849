namespace Recrypt.Tests.Vectors;

public sealed class PlaintextVectorTests
{
    private const string File = "plaintexts.json";

    public static TheoryData<RecryptBackend, string> Cases => TestEngine.OnEach(VectorFiles.Ids(File, "cases"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void GeneratePlaintext_WithIronCoresSeed_ReproducesItsPlaintext(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "cases", id);
        using var api = entry.SeededInstance();

        using var plaintext = api.GeneratePlaintext();

        Assert.Equal(entry.Bytes("plaintext"), plaintext.Export());
    }
}
