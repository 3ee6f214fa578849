namespace Recrypt.Tests.Vectors;

/// <summary>The vector files are complete, and every list in them is run by a theory of this project.</summary>
public sealed class VectorCoverageTests
{
    /// <summary>The lists the theories in this folder enumerate, by file.</summary>
    private static readonly Dictionary<string, string[]> s_run = new()
    {
        ["plaintexts.json"] = ["cases"],
        ["keypairs.json"] = ["cases"],
        ["ed25519.json"] = ["keypairs", "computePublicKey", "sign", "verify"],
        ["hash.json"] = ["hash256", "deriveSymmetricKey"],
        ["encrypt.json"] = ["cases"],
        ["transform-keys.json"] = ["cases"],
        ["transform-chains.json"] = ["level1", "level2", "level3"],
        ["schnorr.json"] = ["sign", "verify", "augmented"],
        ["augment.json"] = ["addPrivateKeys", "subtractPrivateKeys", "augmentPublicKey256", "augmentTransformKey256"],
        ["negative.json"] = ["cases"],
    };

    [Fact]
    public void EveryListOfEveryFile_IsRunByATheory()
    {
        var listed = VectorFiles.Load("meta.json").Get("files").EnumerateObject()
            .SelectMany(file => file.Value.EnumerateObject().Select(list => $"{file.Name}/{list.Name}"));

        Assert.Equal(s_run.SelectMany(f => f.Value.Select(list => $"{f.Key}/{list}")).Order(), listed.Order());
    }

    [Fact]
    public void EveryList_HasTheNumberOfEntriesMetaJsonRecords()
    {
        Assert.All(VectorFiles.Load("meta.json").Get("files").EnumerateObject(), file =>
            Assert.All(file.Value.EnumerateObject(), list =>
                Assert.Equal(list.Value.GetInt32(), VectorFiles.Load(file.Name).Get(list.Name).GetArrayLength())));
    }
}
