namespace Recrypt.Package.Tests;

/// <summary>
/// bindings/Recrypt packed once into a temporary folder feed, with a NuGet packages folder of its own
/// (so no package cached by another run can stand in for this one). Deleted afterwards.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    /// <summary>The package id and version the bindings are packed as.</summary>
    public const string Id = "Recrypt";

    /// <summary>The package version.</summary>
    public const string Version = "0.1.0";

    /// <summary>Packs the bindings (already built in this assembly's configuration).</summary>
    public PackedPackage()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Directory.CreateTempSubdirectory("recrypt-package-tests-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        PackagesFolder = Directory.CreateDirectory(Path.Combine(Root, "nuget-packages")).FullName;

        DotnetCli.Run(RepositoryRoot, Environment, "pack", Path.Combine(RepositoryRoot, "bindings", "Recrypt", "Recrypt.csproj"),
            "-c", DotnetCli.Configuration, "--no-build", "-o", Feed);
        PackagePath = Path.Combine(Feed, $"{Id}.{Version}.nupkg");
        Assert.True(File.Exists(PackagePath), $"dotnet pack did not write {PackagePath}");
    }

    /// <summary>The directory holding Recrypt.sln.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The temporary directory of this run.</summary>
    public string Root { get; }

    /// <summary>The folder feed holding the package.</summary>
    public string Feed { get; }

    /// <summary>The NuGet global packages folder used by builds against the feed.</summary>
    public string PackagesFolder { get; }

    /// <summary>The .nupkg file.</summary>
    public string PackagePath { get; }

    /// <summary>Environment for every dotnet command of these tests.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesFolder };

    /// <summary>Deletes the temporary directory.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory is not a test failure.
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recrypt.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Recrypt.sln in {AppContext.BaseDirectory} or above it.");
    }
}
