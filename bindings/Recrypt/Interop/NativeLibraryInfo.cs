using System.Runtime.InteropServices;

namespace Recrypt.Interop;

/// <summary>
/// Minimal P/Invoke surface of the native library <c>recrypt_ffi</c>. The generated interop layer
/// replaces this class once the native API exists.
/// </summary>
internal static partial class NativeLibraryInfo
{
    internal const string LibraryName = "recrypt_ffi";

    /// <summary><c>uint32_t recrypt_abi_version(void)</c>: the version of the C ABI the library implements.</summary>
    [LibraryImport(LibraryName)]
    internal static partial uint recrypt_abi_version();
}
