using Recrypt.Interop;

namespace Recrypt.Tests.Interop;

public sealed class NativeLibraryTests
{
    [Fact]
    public void NativeLibrary_IsCopiedNextToTheAssemblies()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "librecrypt_ffi.so");

        Assert.True(File.Exists(path), $"expected the native library at {path}");
    }

    [Fact]
    public void AbiVersion_OfTheLoadedLibrary_IsTheOneTheBindingsWereGeneratedFor()
    {
        Assert.Equal(NativeMethods.RECRYPT_ABI_VERSION, RecryptLibrary.AbiVersion);
    }

    [Fact]
    public void Version_DescribesTheNativeBuild()
    {
        Assert.StartsWith("recrypt-ffi/", RecryptLibrary.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAbiVersion_OfAnotherVersion_NamesBothVersions()
    {
        var exception = NativeMethods.CheckAbiVersion(NativeMethods.RECRYPT_ABI_VERSION + 41);

        Assert.NotNull(exception);
        Assert.Contains($"ABI version {NativeMethods.RECRYPT_ABI_VERSION + 41}", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"ABI version {NativeMethods.RECRYPT_ABI_VERSION}.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAbiVersion_OfTheSameVersion_Passes()
    {
        Assert.Null(NativeMethods.CheckAbiVersion(NativeMethods.RECRYPT_ABI_VERSION));
    }
}
