using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// A plaintext of the 256-bit scheme: an element of F_p12 in 384 bytes. It is not the data you
/// protect: derive a <see cref="SymmetricKey"/> from it with
/// <see cref="TransformEncryption.DeriveSymmetricKey"/> and encrypt the data with that key.
/// </summary>
/// <remarks>
/// The bytes live in memory that is zeroed by <see cref="Dispose"/>; after that every member but
/// <see cref="Dispose"/> and <see cref="ToString"/> throws <see cref="ObjectDisposedException"/>.
/// The bytes leave only through <see cref="Export"/> and <see cref="TryExport"/>. Two plaintexts are
/// equal when their bytes are, compared in constant time.
/// </remarks>
[DebuggerDisplay("Plaintext ({Size} bytes)")]
public sealed class Plaintext : IDisposable, IEquatable<Plaintext>, ICurveSecret<Plaintext>
{
    /// <summary>The size of a plaintext in bytes (384).</summary>
    public const int Size = NativeMethods.RECRYPT_PLAINTEXT_LEN;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly SecretBytes _secret;

    private Plaintext(SecretBytes secret) => _secret = secret;

    internal SecretBytes Secret => _secret;

    SecretBytes ICurveSecret<Plaintext>.Secret => _secret;

    /// <summary>Imports a plaintext from its 384 bytes.</summary>
    /// <param name="plaintext">The plaintext: 384 bytes. Any value is accepted, as IronCore's recrypt does.</param>
    /// <returns>A new plaintext holding a copy of the bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="plaintext"/> is not 384 bytes.</exception>
    public static Plaintext Import(ReadOnlySpan<byte> plaintext)
    {
        Argument.ThrowIfNotSize(plaintext, Size, nameof(plaintext));
        return new Plaintext(new SecretBytes(typeof(Plaintext), plaintext));
    }

    /// <summary>A zeroed plaintext for a native call to fill.</summary>
    internal static Plaintext Allocate() => new(new SecretBytes(typeof(Plaintext), Size));

    static Plaintext ICurveSecret<Plaintext>.Allocate() => Allocate();

    /// <summary>Exports the plaintext's 384 bytes into a new array, which the caller must protect.</summary>
    /// <returns>The plaintext's bytes.</returns>
    /// <exception cref="ObjectDisposedException">The plaintext has been disposed.</exception>
    public byte[] Export() => _secret.Export();

    /// <summary>Exports the plaintext's 384 bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write the plaintext; at least 384 bytes.</param>
    /// <param name="bytesWritten">384 on success, else 0.</param>
    /// <returns><see langword="true"/> when <paramref name="destination"/> was large enough.</returns>
    /// <exception cref="ObjectDisposedException">The plaintext has been disposed.</exception>
    public bool TryExport(Span<byte> destination, out int bytesWritten) => _secret.TryExport(destination, out bytesWritten);

    /// <summary>Whether <paramref name="other"/> holds the same bytes, compared in constant time.</summary>
    /// <param name="other">The plaintext to compare with.</param>
    /// <returns><see langword="true"/> when the plaintexts are equal.</returns>
    /// <exception cref="ObjectDisposedException">Either plaintext has been disposed.</exception>
    public bool Equals([NotNullWhen(true)] Plaintext? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_secret.Span, other._secret.Span);

    /// <inheritdoc cref="Equals(Plaintext)"/>
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as Plaintext);

    /// <summary>The same number for every plaintext, so that a hash code reveals nothing of the bytes.</summary>
    /// <returns><see cref="Size"/>.</returns>
    public override int GetHashCode() => Size;

    /// <summary>Whether two plaintexts are equal, compared in constant time.</summary>
    /// <param name="left">A plaintext, or <see langword="null"/>.</param>
    /// <param name="right">A plaintext, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when both are null or both hold the same bytes.</returns>
    public static bool operator ==(Plaintext? left, Plaintext? right) => left?.Equals(right) ?? right is null;

    /// <summary>Whether two plaintexts differ, compared in constant time.</summary>
    /// <param name="left">A plaintext, or <see langword="null"/>.</param>
    /// <param name="right">A plaintext, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> unless both are null or both hold the same bytes.</returns>
    public static bool operator !=(Plaintext? left, Plaintext? right) => !(left == right);

    /// <summary>Zeroes the plaintext's bytes. Calling it again does nothing.</summary>
    public void Dispose() => _secret.Dispose();

    /// <summary>The type name and size; never the plaintext's bytes.</summary>
    /// <returns><c>Plaintext (384 bytes)</c>.</returns>
    public override string ToString() => $"{nameof(Plaintext)} ({Size} bytes)";
}
