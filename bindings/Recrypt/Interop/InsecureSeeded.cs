using System.Runtime.InteropServices;

namespace Recrypt.Interop;

/// <summary>
/// The deterministic context, for tests only. The shipped library does not export it: only a library
/// built with the cargo feature <c>insecure-seeded</c> does (the test projects build one, see
/// <c>native/Recrypt.Native.targets</c>). It is declared by hand, outside the generated
/// <see cref="NativeMethods"/>, because it is not part of the C ABI in <c>recrypt_ffi.h</c>; calling it
/// against the shipped library throws <see cref="EntryPointNotFoundException"/>.
/// </summary>
internal static unsafe partial class InsecureSeeded
{
    /// <summary>Seed of an insecure, deterministic context: 32 bytes (<c>RECRYPT_SEED_LEN</c> in <c>src/insecure_seeded.rs</c>).</summary>
    internal const int SeedLength = 32;

    /// <summary>NOT FOR PRODUCTION: a context whose random bytes are the ChaCha20 keystream of <c>seed</c>.</summary>
    [LibraryImport(NativeMethods.LibraryName)]
    internal static partial recrypt_status recrypt_context_new_insecure_seeded(byte* seed, nuint seed_len, recrypt_context** context_out);
}
