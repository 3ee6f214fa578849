using Recrypt.Tests.Vectors.Api480;

namespace Recrypt.Tests.Vectors;

/// <summary>
/// The vector files of both sets are complete, and every entry of every list in them is a row of a theory
/// of this project on every engine of its curve (for Api480, issue 13: every vector on both .NET engines).
/// </summary>
public sealed class VectorCoverageTests
{
    /// <summary>
    /// Each list of each file of a set, with the theory data that runs its entries. A row is the backend,
    /// then the entry's id; where one theory runs several lists, the list and the id (Api256's chains), or
    /// <c>list/id</c> (Api480's).
    /// </summary>
    private sealed record Set(VectorSet Vectors, IReadOnlyList<RecryptBackend> Backends, (string File, string List, Func<IEnumerable<object[]>> Rows)[] Lists);

    private static readonly Dictionary<string, Set> s_sets = new()
    {
        ["api256"] = new(VectorSet.Api256, TestEngine.All,
        [
            ("plaintexts.json", "cases", () => PlaintextVectorTests.Cases),
            ("keypairs.json", "cases", () => KeyPairVectorTests.All),
            ("ed25519.json", "keypairs", () => Ed25519VectorTests.KeyPairs),
            ("ed25519.json", "computePublicKey", () => Ed25519VectorTests.PublicKeys),
            ("ed25519.json", "sign", () => Ed25519VectorTests.Signatures),
            ("ed25519.json", "verify", () => Ed25519VectorTests.Verifications),
            ("hash.json", "hash256", () => HashVectorTests.Hashes),
            ("hash.json", "deriveSymmetricKey", () => HashVectorTests.Derivations),
            ("encrypt.json", "cases", () => EncryptVectorTests.Cases),
            ("transform-keys.json", "cases", () => TransformKeyVectorTests.Cases),
            ("transform-chains.json", "level1", () => TransformChainVectorTests.Chains),
            ("transform-chains.json", "level2", () => TransformChainVectorTests.Chains),
            ("transform-chains.json", "level3", () => TransformChainVectorTests.Chains),
            ("schnorr.json", "sign", () => SchnorrVectorTests.Signatures),
            ("schnorr.json", "verify", () => SchnorrVectorTests.Verifications),
            ("schnorr.json", "augmented", () => SchnorrVectorTests.Augmented),
            ("augment.json", "addPrivateKeys", () => AugmentVectorTests.Additions),
            ("augment.json", "subtractPrivateKeys", () => AugmentVectorTests.Subtractions),
            ("augment.json", "augmentPublicKey256", () => AugmentVectorTests.PublicKeys),
            ("augment.json", "augmentTransformKey256", () => AugmentVectorTests.TransformKeys),
            ("negative.json", "cases", () => NegativeVectorTests.Cases),
        ]),
        ["api480"] = new(VectorSet.Api480, TestEngine.All480,
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
        ]),
    };

    public static TheoryData<string> Sets => new(s_sets.Keys);

    public static TheoryData<string, string> Lists
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var (name, set) in s_sets)
            {
                foreach (var (file, list, _) in set.Lists)
                {
                    rows.Add(name, $"{file}/{list}");
                }
            }
            return rows;
        }
    }

    [Fact]
    public void EveryEngine_ImplementsApi480()
    {
        Assert.Equal(TestEngine.All, TestEngine.All480);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryListOfEveryFile_IsRunByATheory(string name)
    {
        var set = s_sets[name];
        var listed = set.Vectors.Load("meta.json").Get("files").EnumerateObject()
            .SelectMany(file => file.Value.EnumerateObject().Select(list => $"{file.Name}/{list.Name}"));

        Assert.Equal(set.Lists.Select(run => $"{run.File}/{run.List}").Order(), listed.Order());
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void EveryEntryOfTheList_IsARowOnEveryEngine_AndMetaJsonCountsThem(string name, string fileAndList)
    {
        var set = s_sets[name];
        var (file, list, rows) = set.Lists.Single(run => $"{run.File}/{run.List}" == fileAndList);
        var entries = set.Vectors.Load(file).Get(list).EnumerateArray().Select(e => e.Text("id")).ToArray();

        Assert.Equal(set.Vectors.Load("meta.json").Get("files").Get(file).Get(list).GetInt32(), entries.Length);
        Assert.All(set.Backends, backend =>
        {
            var ids = rows().Where(row => (RecryptBackend)row[0] == backend).Select(row => IdIn(list, row)).OfType<string>();
            Assert.Equal(entries.Order(), ids.Order());
        });
    }

    /// <summary>The id of the entry a row runs when it is an entry of <paramref name="list"/>, else null.</summary>
    private static string? IdIn(string list, object[] row) => row switch
    {
        [_, string rowList, string id] => rowList == list ? id : null,
        [_, string id] when id.Split('/') is [var rowList, var listId] => rowList == list ? listId : null,
        [_, string id] => id,
        _ => throw new InvalidOperationException($"a theory row of an unexpected shape: {string.Join(", ", row)}"),
    };
}
