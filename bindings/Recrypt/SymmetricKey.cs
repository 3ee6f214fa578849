using System.Diagnostics;
using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// A 32-byte symmetric key derived from a <see cref="Plaintext"/> (SHA-256 of its encoding, as in
/// IronCore's recrypt), for encrypting the data itself, for example with AES-256-GCM.
/// </summary>
/// <remarks>
/// The bytes live in memory that is zeroed by <see cref="Dispose"/>; after that every member but
/// <see cref="Dispose"/> and <see cref="ToString"/> throws <see cref="ObjectDisposedException"/>.
/// The bytes leave only through <see cref="Export"/> and <see cref="TryExport"/>.
/// </remarks>
[DebuggerDisplay("SymmetricKey ({Size} bytes)")]
public sealed class SymmetricKey : IDisposable
{
    /// <summary>The size of a symmetric key in bytes (32).</summary>
    public const int Size = NativeMethods.RECRYPT_SYMMETRIC_KEY_LEN;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly SecretBytes _secret;

    private SymmetricKey(SecretBytes secret) => _secret = secret;

    internal SecretBytes Secret => _secret;

    /// <summary>A zeroed key for a native call to fill.</summary>
    internal static SymmetricKey Allocate() => new(new SecretBytes(typeof(SymmetricKey), Size));

    /// <summary>Exports the key's 32 bytes into a new array, which the caller must protect.</summary>
    /// <returns>The key's bytes.</returns>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public byte[] Export() => _secret.Export();

    /// <summary>Exports the key's 32 bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write the key; at least 32 bytes.</param>
    /// <param name="bytesWritten">32 on success, else 0.</param>
    /// <returns><see langword="true"/> when <paramref name="destination"/> was large enough.</returns>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public bool TryExport(Span<byte> destination, out int bytesWritten) => _secret.TryExport(destination, out bytesWritten);

    /// <summary>Zeroes the key's bytes. Calling it again does nothing.</summary>
    public void Dispose() => _secret.Dispose();

    /// <summary>The type name and size; never the key's bytes.</summary>
    /// <returns><c>SymmetricKey (32 bytes)</c>.</returns>
    public override string ToString() => $"{nameof(SymmetricKey)} ({Size} bytes)";
}
