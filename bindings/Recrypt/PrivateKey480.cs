using System.Diagnostics;
using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// A private key of the 480-bit scheme (<see cref="RecryptCurve.Api480"/>): 60 bytes, a big-endian
/// integer. It works only with <see cref="TransformEncryption480"/>; see <see cref="PrivateKey"/> for the
/// 256-bit scheme.
/// </summary>
/// <remarks>
/// The bytes live in memory that is zeroed by <see cref="Dispose"/>; after that every member but
/// <see cref="Dispose"/> and <see cref="ToString"/> throws <see cref="ObjectDisposedException"/>.
/// The bytes leave only through <see cref="Export"/> and <see cref="TryExport"/>.
/// </remarks>
[DebuggerDisplay("PrivateKey480 ({Size} bytes)")]
public sealed class PrivateKey480 : IDisposable, ICurveSecret<PrivateKey480>
{
    /// <summary>The size of a private key in bytes (60).</summary>
    public const int Size = NativeMethods.RECRYPT480_PRIVATE_KEY_LEN;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly SecretBytes _secret;

    private PrivateKey480(SecretBytes secret) => _secret = secret;

    SecretBytes ICurveSecret<PrivateKey480>.Secret => _secret;

    /// <summary>Imports a private key from its 60 bytes.</summary>
    /// <param name="privateKey">The key: 60 bytes, big-endian. Any value is accepted.</param>
    /// <returns>A new private key holding a copy of the bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="privateKey"/> is not 60 bytes.</exception>
    public static PrivateKey480 Import(ReadOnlySpan<byte> privateKey) => new(SecretBytes.Import<PrivateKey480>(privateKey, Size, nameof(privateKey)));

    static PrivateKey480 ICurveSecret<PrivateKey480>.Allocate() => new(new SecretBytes(typeof(PrivateKey480), Size));

    /// <summary>Exports the key's 60 bytes into a new array, which the caller must protect.</summary>
    /// <returns>The key's bytes.</returns>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public byte[] Export() => _secret.Export();

    /// <summary>Exports the key's 60 bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write the key; at least 60 bytes.</param>
    /// <param name="bytesWritten">60 on success, else 0.</param>
    /// <returns><see langword="true"/> when <paramref name="destination"/> was large enough.</returns>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public bool TryExport(Span<byte> destination, out int bytesWritten) => _secret.TryExport(destination, out bytesWritten);

    /// <summary>Zeroes the key's bytes. Calling it again does nothing.</summary>
    public void Dispose() => _secret.Dispose();

    /// <summary>The type name and size; never the key's bytes.</summary>
    /// <returns><c>PrivateKey480 (60 bytes)</c>.</returns>
    public override string ToString() => $"{nameof(PrivateKey480)} ({Size} bytes)";
}
