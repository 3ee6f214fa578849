using System.Collections.Concurrent;
using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>
/// One directory of vectors recorded from IronCore's build: the project's copy in
/// native/tests/vectors/&lt;curve&gt;, or the directory named by an environment variable, as for the
/// native tests (<c>RECRYPT_VECTORS_DIR</c> for Api256, <c>RECRYPT_VECTORS_480_DIR</c> for Api480).
/// </summary>
public sealed class VectorSet(string environmentVariable, string defaultFolder)
{
    public static VectorSet Api256 { get; } = new("RECRYPT_VECTORS_DIR", "api256");

    public static VectorSet Api480 { get; } = new("RECRYPT_VECTORS_480_DIR", "api480");

    private readonly Lazy<string> _directory = new(() =>
        Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryFiles.Root, "native", "tests", "vectors", defaultFolder));

    private readonly ConcurrentDictionary<string, JsonDocument> _files = new();

    public string Directory => _directory.Value;

    /// <summary>The root of a vector file, parsed once per test run.</summary>
    public JsonElement Load(string file) =>
        _files.GetOrAdd(file, name => JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name)))).RootElement;

    /// <summary>The ids of the entries of a list (those <paramref name="where"/> selects), one theory case each.</summary>
    public TheoryData<string> Ids(string file, string list, Func<JsonElement, bool>? where = null)
    {
        var ids = new TheoryData<string>();
        foreach (var entry in Load(file).GetProperty(list).EnumerateArray().Where(where ?? (_ => true)))
        {
            ids.Add(entry.GetProperty("id").GetString()!);
        }
        return ids;
    }

    /// <summary>The entry of a list with the given id.</summary>
    public JsonElement Entry(string file, string list, string id) =>
        Load(file).GetProperty(list).EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);
}

/// <summary>The Api256 vectors (<see cref="VectorSet.Api256"/>), which most vector tests read.</summary>
internal static class VectorFiles
{
    public static string Directory => VectorSet.Api256.Directory;

    public static JsonElement Load(string file) => VectorSet.Api256.Load(file);

    public static TheoryData<string> Ids(string file, string list, Func<JsonElement, bool>? where = null) => VectorSet.Api256.Ids(file, list, where);

    public static JsonElement Entry(string file, string list, string id) => VectorSet.Api256.Entry(file, list, id);
}
