using LiteDB;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// The service's database as files: read directly with LiteDB (the service stopped or killed), checked with
/// the service's own <c>Recrypt.Service check</c> command, and scanned byte for byte.
/// </summary>
internal static class StorageFiles
{
    /// <summary>The ids of the stored document keys, by owner, read from the file (the service not running).</summary>
    public static Dictionary<string, HashSet<string>> DocumentIdsByOwner(string databasePath)
    {
        using var database = new LiteDatabase(new ConnectionString { Filename = databasePath, Connection = ConnectionType.Direct });
        var byOwner = new Dictionary<string, HashSet<string>>();
        if (!database.CollectionExists("documents"))
        {
            return byOwner;
        }
        foreach (var document in database.GetCollection("documents").FindAll())
        {
            var owner = document["OwnerId"].AsString;
            if (!byOwner.TryGetValue(owner, out var ids))
            {
                byOwner[owner] = ids = [];
            }
            ids.Add(document["_id"].AsString);
        }
        return byOwner;
    }

    /// <summary>Runs <c>dotnet Recrypt.Service.dll &lt;arguments&gt; --Storage:DatabasePath=…</c>; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunCommandAsync(string databasePath, params string[] arguments) =>
        ServiceProcess.RunCommandAsync([.. arguments, $"--Storage:DatabasePath={databasePath}"]);

    /// <summary>Every file under <paramref name="directory"/> (the database folder), with its bytes.</summary>
    public static IEnumerable<(string Path, byte[] Bytes)> ReadAll(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(path => new FileInfo(path).Attributes.HasFlag(FileAttributes.Normal) || !IsSocket(path))
            .Select(path => (path, File.ReadAllBytes(path)));

    private static bool IsSocket(string path) => path.EndsWith(".sock", StringComparison.Ordinal);
}
