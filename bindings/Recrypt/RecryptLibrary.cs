using Recrypt.Interop;

namespace Recrypt;

/// <summary>Facts about the native Recrypt library loaded by this process.</summary>
/// <remarks>
/// The first use of the library loads it and checks that it implements the ABI version these bindings
/// were generated for; when it cannot be loaded or does not match, that use throws a
/// <see cref="TypeInitializationException"/> whose inner exception says why.
/// </remarks>
public static class RecryptLibrary
{
    /// <summary>The version of the C ABI implemented by the loaded native library.</summary>
    /// <exception cref="TypeInitializationException">The native library could not be loaded, or implements another ABI.</exception>
    public static uint AbiVersion => Native.AbiVersion();

    /// <summary>A description of the loaded native library's build, for example <c>recrypt-ffi/0.1.0 (Api256; recrypt 0.14 wire format)</c>.</summary>
    /// <exception cref="TypeInitializationException">The native library could not be loaded, or implements another ABI.</exception>
    public static string Version => Native.LibraryVersion();
}
