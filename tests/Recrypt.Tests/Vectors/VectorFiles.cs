using System.Collections.Concurrent;
using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>
/// The vectors recorded from IronCore's build (npm @ironcorelabs/recrypt-wasm-binding 0.7.1): the
/// project's copy in native/tests/vectors/api256, or the directory named by RECRYPT_VECTORS_DIR,
/// as for the native tests.
/// </summary>
internal static class VectorFiles
{
    private static readonly Lazy<string> s_directory = new(FindDirectory);
    private static readonly ConcurrentDictionary<string, JsonDocument> s_files = new();

    public static string Directory => s_directory.Value;

    /// <summary>The root of a vector file, parsed once per test run.</summary>
    public static JsonElement Load(string file) =>
        s_files.GetOrAdd(file, name => JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name)))).RootElement;

    /// <summary>The ids of the entries of a list (those <paramref name="where"/> selects), one theory case each.</summary>
    public static TheoryData<string> Ids(string file, string list, Func<JsonElement, bool>? where = null)
    {
        var ids = new TheoryData<string>();
        foreach (var entry in Load(file).GetProperty(list).EnumerateArray().Where(where ?? (_ => true)))
        {
            ids.Add(entry.GetProperty("id").GetString()!);
        }
        return ids;
    }

    /// <summary>The entry of a list with the given id.</summary>
    public static JsonElement Entry(string file, string list, string id) =>
        Load(file).GetProperty(list).EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);

    private static string FindDirectory() =>
        Environment.GetEnvironmentVariable("RECRYPT_VECTORS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryFiles.Root, "native", "tests", "vectors", "api256");
}
