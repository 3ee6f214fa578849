namespace Recrypt;

/// <summary>Which implementation of the scheme a <see cref="TransformEncryption"/> runs on. Both produce the same bytes.</summary>
/// <remarks>
/// The default (<see cref="TransformEncryption()"/>) is <see cref="Native"/> when the native library loads on this
/// platform and <see cref="Managed"/> otherwise; the environment variable <c>RECRYPT_BACKEND</c>
/// (<c>native</c> or <c>managed</c>) forces one.
/// </remarks>
public enum RecryptBackend
{
    /// <summary>The Rust core (<c>librecrypt_ffi</c>), shipped for linux-x64: the fastest.</summary>
    Native = 1,

    /// <summary>The implementation in C#, which runs wherever .NET runs (any OS, any processor, WebAssembly).</summary>
    Managed = 2,
}
