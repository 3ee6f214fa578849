namespace Recrypt.Tests.Vectors.Api480;

/// <summary>
/// The Api480 vector files are complete, and every entry of every list in them is a row of a theory of
/// this project on every engine (issue 13: every Api480 vector runs through both .NET engines).
/// </summary>
public sealed class Api480VectorCoverageTests
{
    private static VectorSet Vectors => VectorSet.Api480;

    /// <summary>
    /// Each list of each file, with the theory data that runs its entries; a row names an entry by its id,
    /// or, where one theory runs several lists, by <c>list/id</c>.
    /// </summary>
    private static readonly (string File, string List, Func<TheoryData<RecryptBackend, string>> Rows)[] s_run =
    [
        ("plaintexts.json", "cases", () => Api480VectorTests.Plaintexts),
        ("keypairs.json", "cases", () => Api480VectorTests.KeyPairs),
        ("hash.json", "hash256", () => Api480VectorTests.Hashes),
        ("hash.json", "deriveSymmetricKey", () => Api480VectorTests.Derivations),
        ("hash.json", "derivePrivateKey", () => Api480VectorTests.Derivations),
        ("encrypt.json", "cases", () => Api480VectorTests.Encryptions),
        ("transform-keys.json", "cases", () => Api480VectorTests.TransformKeys),
        ("transform-chains.json", "level1", () => Api480VectorTests.Chains),
        ("transform-chains.json", "level2", () => Api480VectorTests.Chains),
        ("transform-chains.json", "level3", () => Api480VectorTests.Chains),
        ("schnorr.json", "sign", () => Api480SchnorrVectorTests.Signatures),
        ("schnorr.json", "verify", () => Api480SchnorrVectorTests.Verifications),
        ("schnorr.json", "augmented", () => Api480SchnorrVectorTests.Augmented),
        ("augment.json", "addPrivateKeys", () => Api480AugmentVectorTests.Additions),
        ("augment.json", "subtractPrivateKeys", () => Api480AugmentVectorTests.Subtractions),
        ("augment.json", "augmentPublicKey480", () => Api480AugmentVectorTests.PublicKeys),
        ("augment.json", "augmentTransformKey480", () => Api480AugmentVectorTests.TransformKeys),
        ("negative.json", "cases", () => Api480NegativeVectorTests.Cases),
    ];

    public static TheoryData<string> Lists => new(s_run.Select(run => $"{run.File}/{run.List}"));

    [Fact]
    public void EveryEngine_ImplementsApi480()
    {
        Assert.Equal(TestEngine.All, TestEngine.All480);
    }

    [Fact]
    public void EveryListOfEveryFile_IsRunByATheory()
    {
        var listed = Vectors.Load("meta.json").Get("files").EnumerateObject()
            .SelectMany(file => file.Value.EnumerateObject().Select(list => $"{file.Name}/{list.Name}"));

        Assert.Equal(s_run.Select(run => $"{run.File}/{run.List}").Order(), listed.Order());
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void EveryEntryOfTheList_IsARowOnEveryEngine_AndMetaJsonCountsThem(string fileAndList)
    {
        var run = s_run.Single(r => $"{r.File}/{r.List}" == fileAndList);
        var entries = Vectors.Load(run.File).Get(run.List).EnumerateArray().Select(e => e.Text("id")).ToArray();
        var rows = run.Rows();

        Assert.Equal(Vectors.Load("meta.json").Get("files").Get(run.File).Get(run.List).GetInt32(), entries.Length);
        Assert.All(TestEngine.All480, backend =>
        {
            var ids = rows.Where(row => (RecryptBackend)row[0] == backend).Select(row => (string)row[1])
                .Select(id => id.StartsWith($"{run.List}/", StringComparison.Ordinal) ? id[(run.List.Length + 1)..] : id)
                .Where(entries.Contains);
            Assert.Equal(entries.Order(), ids.Order());
        });
    }
}
