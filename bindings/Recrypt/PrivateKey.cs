using System.Diagnostics;
using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// A private key of the 256-bit scheme: 32 bytes, a big-endian integer (read modulo p, acting
/// modulo the group order r, as in IronCore's recrypt).
/// </summary>
/// <remarks>
/// The bytes live in memory that is zeroed by <see cref="Dispose"/>; after that every member but
/// <see cref="Dispose"/> and <see cref="ToString"/> throws <see cref="ObjectDisposedException"/>.
/// The bytes leave only through <see cref="Export"/> and <see cref="TryExport"/>.
/// </remarks>
[DebuggerDisplay("PrivateKey ({Size} bytes)")]
public sealed class PrivateKey : IDisposable, ICurveSecret<PrivateKey>
{
    /// <summary>The size of a private key in bytes (32).</summary>
    public const int Size = NativeMethods.RECRYPT_PRIVATE_KEY_LEN;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly SecretBytes _secret;

    private PrivateKey(SecretBytes secret) => _secret = secret;

    internal SecretBytes Secret => _secret;

    SecretBytes ICurveSecret<PrivateKey>.Secret => _secret;

    /// <summary>Imports a private key from its 32 bytes.</summary>
    /// <param name="privateKey">The key: 32 bytes, big-endian. Any value is accepted.</param>
    /// <returns>A new private key holding a copy of the bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="privateKey"/> is not 32 bytes.</exception>
    public static PrivateKey Import(ReadOnlySpan<byte> privateKey)
    {
        Argument.ThrowIfNotSize(privateKey, Size, nameof(privateKey));
        return new PrivateKey(new SecretBytes(typeof(PrivateKey), privateKey));
    }

    /// <summary>A zeroed key for a native call to fill.</summary>
    internal static PrivateKey Allocate() => new(new SecretBytes(typeof(PrivateKey), Size));

    static PrivateKey ICurveSecret<PrivateKey>.Allocate() => Allocate();

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
    /// <returns><c>PrivateKey (32 bytes)</c>.</returns>
    public override string ToString() => $"{nameof(PrivateKey)} ({Size} bytes)";
}
