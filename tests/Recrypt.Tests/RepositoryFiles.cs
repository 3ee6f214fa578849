namespace Recrypt.Tests;

/// <summary>Files of the repository the tests run from (the directory holding Recrypt.sln, above the test binaries).</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recrypt.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Recrypt.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => s_root.Value;

    public static string ReadAllText(params string[] relativePath) => File.ReadAllText(Path.Combine([Root, .. relativePath]));
}
