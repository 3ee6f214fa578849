namespace Recrypt.Tests.Vectors;

public sealed class PlaintextVectorTests
{
    private const string File = "plaintexts.json";

    public static TheoryData<string> Cases => VectorFiles.Ids(File, "cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void GeneratePlaintext_WithIronCoresSeed_ReproducesItsPlaintext(string id)
    {
        var entry = VectorFiles.Entry(File, "cases", id);
        using var api = entry.SeededInstance();

        using var plaintext = api.GeneratePlaintext();

        Assert.Equal(entry.Bytes("plaintext"), plaintext.Export());
    }
}
