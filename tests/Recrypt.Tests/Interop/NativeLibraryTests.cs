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
    public void AbiVersion_LoadsTheNativeLibraryAndIsNonZero()
    {
        var version = NativeLibraryInfo.recrypt_abi_version();

        Assert.NotEqual(0u, version);
    }

    [Fact]
    public void RecryptLibrary_AbiVersion_MatchesTheNativeExport()
    {
        Assert.Equal(NativeLibraryInfo.recrypt_abi_version(), RecryptLibrary.AbiVersion);
    }
}
