using System.Diagnostics.CodeAnalysis;
using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// An Ed25519 public key (32 bytes): the public half of a <see cref="SigningKeyPair"/>, carried
/// by every encrypted value and transform key to name who signed it. Immutable; two keys are
/// equal when their bytes are.
/// </summary>
public sealed class PublicSigningKey : IEquatable<PublicSigningKey>
{
    /// <summary>The size of a public signing key in bytes (32).</summary>
    public const int Size = NativeMethods.RECRYPT_PUBLIC_SIGNING_KEY_LEN;

    private readonly byte[] _bytes;

    internal PublicSigningKey(byte[] bytes) => _bytes = bytes;

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>
    /// Imports a public signing key from its 32 bytes. The bytes are not checked here (IronCore's
    /// libraries accept any 32 bytes too), but a key that is not a strict Ed25519 public key (one of
    /// the eight points of small order, or a non-canonical encoding) verifies no signature at all:
    /// see <see cref="TransformEncryption.Ed25519Verify"/>.
    /// </summary>
    /// <param name="publicSigningKey">The key: 32 bytes.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException"><paramref name="publicSigningKey"/> is not 32 bytes.</exception>
    public static PublicSigningKey Import(ReadOnlySpan<byte> publicSigningKey)
    {
        Argument.ThrowIfNotSize(publicSigningKey, Size, nameof(publicSigningKey));
        return new PublicSigningKey(publicSigningKey.ToArray());
    }

    /// <summary>Imports a public signing key from its 32 bytes, without throwing.</summary>
    /// <param name="publicSigningKey">The key: 32 bytes.</param>
    /// <param name="result">The key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="publicSigningKey"/> is 32 bytes.</returns>
    public static bool TryImport(ReadOnlySpan<byte> publicSigningKey, [NotNullWhen(true)] out PublicSigningKey? result)
    {
        result = publicSigningKey.Length == Size ? new PublicSigningKey(publicSigningKey.ToArray()) : null;
        return result is not null;
    }

    /// <summary>Exports the key's 32 bytes into a new array.</summary>
    /// <returns>The key's bytes.</returns>
    public byte[] Export() => _bytes.ToArray();

    /// <summary>Exports the key's 32 bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write the key; at least 32 bytes.</param>
    /// <param name="bytesWritten">32 on success, else 0.</param>
    /// <returns><see langword="true"/> when <paramref name="destination"/> was large enough.</returns>
    public bool TryExport(Span<byte> destination, out int bytesWritten) => Encodings.TryCopy(_bytes, destination, out bytesWritten);

    /// <summary>Whether <paramref name="other"/> has the same bytes.</summary>
    /// <param name="other">The key to compare with.</param>
    /// <returns><see langword="true"/> when the keys are equal.</returns>
    public bool Equals([NotNullWhen(true)] PublicSigningKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as PublicSigningKey);

    /// <inheritdoc/>
    public override int GetHashCode() => Encodings.GetHashCode(_bytes);

    /// <summary>The key as lowercase hex.</summary>
    /// <returns>64 hex digits.</returns>
    public override string ToString() => Convert.ToHexStringLower(_bytes);

    /// <summary>Whether two keys are equal.</summary>
    /// <param name="left">A key, or <see langword="null"/>.</param>
    /// <param name="right">A key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when both are null or both have the same bytes.</returns>
    public static bool operator ==(PublicSigningKey? left, PublicSigningKey? right) => left?.Equals(right) ?? right is null;

    /// <summary>Whether two keys differ.</summary>
    /// <param name="left">A key, or <see langword="null"/>.</param>
    /// <param name="right">A key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> unless both are null or both have the same bytes.</returns>
    public static bool operator !=(PublicSigningKey? left, PublicSigningKey? right) => !(left == right);
}
