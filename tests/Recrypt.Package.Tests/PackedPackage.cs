namespace Recrypt.Package.Tests;

/// <summary>
/// bindings/Recrypt and client/Recrypt.Client packed once into a temporary folder feed, with a NuGet packages folder of its own
/// (so no package cached by another run can stand in for this one). Deleted afterwards.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    /// <summary>The package id and version the bindings are packed as.</summary>
    public const string Id = "Recrypt";

    /// <summary>The package version.</summary>
    public const string Version = "0.1.0";

    /// <summary>The package id of the service client (same version).</summary>
    public const string ClientId = "Recrypt.Client";

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
        DotnetCli.Run(RepositoryRoot, Environment, "pack", Path.Combine(RepositoryRoot, "client", "Recrypt.Client", "Recrypt.Client.csproj"),
            "-c", DotnetCli.Configuration, "--no-build", "-o", Feed);
        ClientPackagePath = Path.Combine(Feed, $"{ClientId}.{Version}.nupkg");
        Assert.True(File.Exists(ClientPackagePath), $"dotnet pack did not write {ClientPackagePath}");
    }

    /// <summary>The client's .nupkg file.</summary>
    public string ClientPackagePath { get; }

    /// <summary>
    /// Copies samples/<paramref name="name"/> and the samples' shared files out of the repository (so that nothing
    /// of the repository's build can reach it), points its local feed at this run's, and builds it.
    /// </summary>
    /// <returns>The project directory; the build is in bin/Release/net10.0.</returns>
    public string BuildSample(string name)
    {
        var samples = Path.Combine(Root, "samples");
        var project = Path.Combine(samples, name);
        Directory.CreateDirectory(project);
        var source = Path.Combine(RepositoryRoot, "samples");
        foreach (var file in new[] { "nuget.config", "Directory.Build.props", "Directory.Packages.props" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(samples, file), overwrite: true);
        }
        foreach (var file in Directory.GetFiles(Path.Combine(source, name)))
        {
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        }
        var config = Path.Combine(samples, "nuget.config");
        DotnetCli.Run(samples, Environment, "nuget", "update", "source", "local", "--source", Feed, "--configfile", config);
        DotnetCli.Run(samples, Environment, "build", project, "-c", "Release", "--disable-build-servers", "-p:UseSharedCompilation=false");
        return project;
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
