namespace Recrypt.Service.Tests;

/// <summary>Where things are in the repository and the build.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root: the nearest directory above the test assembly that holds Recrypt.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The committed OpenAPI document.</summary>
    public static string OpenApiDocument => Path.Combine(Root, "service", "Recrypt.Service", "openapi.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Recrypt.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Recrypt.sln above {AppContext.BaseDirectory}.");
    }
}
