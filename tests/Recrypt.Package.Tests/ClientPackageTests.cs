using System.IO.Compression;
using System.Xml.Linq;
using Recrypt.Testing;

namespace Recrypt.Package.Tests;

/// <summary>
/// Recrypt.Client as a package of its own (the protocol inside it, Recrypt as a dependency, a readme written
/// for NuGet), and samples/Recrypt.Story running the whole story through it against the real service. Part
/// of <see cref="PackageTests"/>, so that the packages are packed once.
/// </summary>
public sealed partial class PackageTests
{
    [Fact]
    public void TheClientPackage_CarriesTheClientAndTheProtocol_AndDependsOnRecrypt()
    {
        using var zip = ZipFile.OpenRead(package.ClientPackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/Recrypt.Client.dll", entries);
        Assert.Contains("lib/net10.0/Recrypt.Client.xml", entries);
        Assert.Contains("lib/net10.0/Recrypt.Protocol.dll", entries);
        Assert.Contains("README.md", entries);

        using var stream = zip.GetEntry("Recrypt.Client.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal(PackedPackage.ClientId, metadata.Elements().Single(e => e.Name.LocalName == "id").Value);
        Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();
        Assert.Equal([PackedPackage.Id], dependencies);
    }

    [Theory]
    [InlineData("Recrypt.0.1.0.nupkg")]
    [InlineData("Recrypt.Client.0.1.0.nupkg")]
    public void EachReadme_IsWrittenForNuGet_WithNoRepositoryRelativeLink(string nupkg)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(package.Feed, nupkg));
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();
        Assert.DoesNotContain("](docs/", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("](", readme.Replace("](https://", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("build.ps1", readme, StringComparison.Ordinal);
        Assert.Contains("```csharp", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStorySample_RunsTheWholeStory_ThroughThePackage_AgainstTheService()
    {
        var project = package.BuildSample("Recrypt.Story");
        await using var service = await ServiceProcess.StartAsync(Path.Combine(package.Root, "story.db"), ServiceProcess.FreePort());

        var output = DotnetCli.Run(project, package.Environment, Path.Combine(project, "bin", "Release", "net10.0", "Recrypt.Story.dll"), service.BaseAddress.AbsoluteUri);

        Assert.Contains("Bob decrypted the report: identical", output, StringComparison.Ordinal);
        Assert.Contains("charlie is refused", output, StringComparison.Ordinal);
        Assert.Contains("Alice revoked Bob", output, StringComparison.Ordinal);
        Assert.Contains("bob is refused", output, StringComparison.Ordinal);
        Assert.Contains("OK: Bob read the report while granted; Charlie never did; Bob cannot after the revoke.", output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(package.PackagesFolder, "recrypt.client", PackedPackage.Version)), "Recrypt.Client was not restored from this run's feed");
    }
}
