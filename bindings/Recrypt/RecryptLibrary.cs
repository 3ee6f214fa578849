using Recrypt.Interop;

namespace Recrypt;

/// <summary>Facts about the native Recrypt library loaded by this process.</summary>
public static class RecryptLibrary
{
    /// <summary>The version of the C ABI implemented by the loaded native library.</summary>
    /// <exception cref="DllNotFoundException">The native library could not be loaded.</exception>
    public static uint AbiVersion => NativeLibraryInfo.recrypt_abi_version();
}
