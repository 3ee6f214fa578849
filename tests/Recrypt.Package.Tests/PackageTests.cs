using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace Recrypt.Package.Tests;

public sealed partial class PackageTests(PackedPackage package) : IClassFixture<PackedPackage>
{
    [Fact]
    public void ThePackageCarriesTheAssemblyDocsAndNativeLibrary()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("lib/net10.0/Recrypt.dll", entries);
        Assert.Contains("lib/net10.0/Recrypt.xml", entries);
        Assert.Contains("lib/net10.0/Recrypt.Managed.dll", entries); // the managed engine ships inside the package
        Assert.Contains("runtimes/linux-x64/native/librecrypt_ffi.so", entries);
        Assert.Contains("README.md", entries);
        Assert.True(zip.GetEntry("runtimes/linux-x64/native/librecrypt_ffi.so")!.Length > 0);
    }

    [Fact]
    public void ThePackedNativeLibrary_DoesNotExportTheDeterministicContext()
    {
        // The seeded context replays a known random stream (Schnorr nonces included): only test builds
        // of the library (cargo feature insecure-seeded) export it. Load the packed copy and ask.
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var path = Path.Combine(package.Root, "packed-librecrypt_ffi.so");
        zip.GetEntry("runtimes/linux-x64/native/librecrypt_ffi.so")!.ExtractToFile(path, overwrite: true);
        var library = NativeLibrary.Load(path);
        try
        {
            Assert.True(NativeLibrary.TryGetExport(library, "recrypt_context_new", out _));
            Assert.True(NativeLibrary.TryGetExport(library, "recrypt_decrypt", out _));
            Assert.False(NativeLibrary.TryGetExport(library, "recrypt_context_new_insecure_seeded", out _));
        }
        finally
        {
            NativeLibrary.Free(library);
        }
    }

    [Fact]
    public void TheNuspecStatesIdVersionAndLicence()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        using var stream = zip.GetEntry("Recrypt.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;

        Assert.Equal(PackedPackage.Id, Field("id"));
        Assert.Equal(PackedPackage.Version, Field("version"));
        Assert.Equal("Apache-2.0", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.False(string.IsNullOrWhiteSpace(Field("authors")));
    }

    [Fact]
    public void TheSampleRunsAgainstThePackedPackage()
    {
        // The sample and its nuget.config, copied out of the repository so that nothing of the
        // repository's build (Directory.*.props, project references) can reach it; only the feed's
        // location is changed to this run's feed.
        var project = package.BuildSample("Recrypt.Sample");
        var output = DotnetCli.Run(project, package.Environment, Path.Combine(project, "bin", "Release", "net10.0", "Recrypt.Sample.dll"));

        Assert.Contains("OK: Bob reads the document, Charlie does not.", output);
        Assert.Contains(Path.Combine(project, "bin"), output); // the Recrypt.dll it loaded was the package's copy
        Assert.True(File.Exists(Path.Combine(project, "bin", "Release", "net10.0", "runtimes", "linux-x64", "native", "librecrypt_ffi.so")));
        Assert.True(Directory.Exists(Path.Combine(package.PackagesFolder, "recrypt", PackedPackage.Version)), "the package was not restored into this run's packages folder");
    }
}
