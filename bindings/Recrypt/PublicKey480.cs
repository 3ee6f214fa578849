using System.Diagnostics.CodeAnalysis;
using Recrypt.Interop;
using Codec = Recrypt.PublicKeyCodec<Recrypt.Curve480, Recrypt.PublicKey480>;

namespace Recrypt;

/// <summary>
/// A public key of the 480-bit scheme (<see cref="RecryptCurve.Api480"/>): a point on its curve
/// y² = x³ + 3 (as for Api256, over a 480-bit prime), its coordinates x and y in 60 bytes each (120 in all, x first). Always a valid point,
/// held in canonical form; immutable; two keys are equal when they are the same point. It works only
/// with <see cref="TransformEncryption480"/>; see <see cref="PublicKey"/> for the 256-bit scheme.
/// </summary>
public sealed class PublicKey480 : IEquatable<PublicKey480>, ICurvePublicKey<PublicKey480>
{
    /// <summary>The size of a public key in bytes (120).</summary>
    public const int Size = NativeMethods.RECRYPT480_PUBLIC_KEY_LEN;

    private readonly byte[] _bytes;

    private PublicKey480(byte[] canonical) => _bytes = canonical;

    ReadOnlySpan<byte> ICurvePublicKey<PublicKey480>.Bytes => _bytes;

    static PublicKey480 ICurvePublicKey<PublicKey480>.FromCanonical(byte[] canonical) => new(canonical);

    /// <summary>Imports a public key from x ‖ y, checking that it is a point on the curve.</summary>
    /// <param name="publicKey">The coordinates x and y, 60 bytes each, big-endian. A coordinate at or above p is reduced.</param>
    /// <returns>The key, in canonical form.</returns>
    /// <exception cref="ArgumentException"><paramref name="publicKey"/> is not 120 bytes.</exception>
    /// <exception cref="RecryptException">The bytes are not a point on the curve (<see cref="RecryptError.InvalidPublicKey"/>).</exception>
    public static PublicKey480 Import(ReadOnlySpan<byte> publicKey) => Codec.Import(publicKey, nameof(publicKey));

    /// <summary>Imports a public key from x ‖ y, without throwing when the bytes are not a key.</summary>
    /// <param name="publicKey">The coordinates x and y, 60 bytes each, big-endian.</param>
    /// <param name="result">The key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="publicKey"/> is 120 bytes and a point on the curve.</returns>
    public static bool TryImport(ReadOnlySpan<byte> publicKey, [NotNullWhen(true)] out PublicKey480? result) => Codec.TryImport(publicKey, out result);

    /// <summary>Reads a public key in IronCore's JSON shape, <c>{"x": hex, "y": hex}</c>.</summary>
    /// <param name="json">The JSON object.</param>
    /// <returns>The key, in canonical form.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not in the shape, or a coordinate is not 60 bytes.</exception>
    /// <exception cref="RecryptException">The coordinates are not a point on the curve (<see cref="RecryptError.InvalidPublicKey"/>).</exception>
    public static PublicKey480 FromIronCoreJson(string json) => Codec.FromIronCoreJson(json, nameof(json));

    /// <summary>Writes the key in IronCore's JSON shape, <c>{"x": hex, "y": hex}</c>.</summary>
    /// <returns>Compact JSON with lowercase hex.</returns>
    public string ToIronCoreJson() => Codec.ToIronCoreJson(this);

    /// <summary>Exports x ‖ y, 120 bytes, into a new array.</summary>
    /// <returns>The canonical bytes of the key.</returns>
    public byte[] Export() => _bytes.ToArray();

    /// <summary>Exports x ‖ y, 120 bytes, into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write the key; at least 120 bytes.</param>
    /// <param name="bytesWritten">120 on success, else 0.</param>
    /// <returns><see langword="true"/> when <paramref name="destination"/> was large enough.</returns>
    public bool TryExport(Span<byte> destination, out int bytesWritten) => Encodings.TryCopy(_bytes, destination, out bytesWritten);

    /// <summary>Whether <paramref name="other"/> is the same point.</summary>
    /// <param name="other">The key to compare with.</param>
    /// <returns><see langword="true"/> when the keys are equal.</returns>
    public bool Equals([NotNullWhen(true)] PublicKey480? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as PublicKey480);

    /// <inheritdoc/>
    public override int GetHashCode() => Encodings.GetHashCode(_bytes);

    /// <summary>The key as lowercase hex, x then y.</summary>
    /// <returns>240 hex digits.</returns>
    public override string ToString() => Convert.ToHexStringLower(_bytes);

    /// <summary>Whether two keys are equal.</summary>
    /// <param name="left">A key, or <see langword="null"/>.</param>
    /// <param name="right">A key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when both are null or both are the same point.</returns>
    public static bool operator ==(PublicKey480? left, PublicKey480? right) => left?.Equals(right) ?? right is null;

    /// <summary>Whether two keys differ.</summary>
    /// <param name="left">A key, or <see langword="null"/>.</param>
    /// <param name="right">A key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> unless both are null or both are the same point.</returns>
    public static bool operator !=(PublicKey480? left, PublicKey480? right) => !(left == right);
}
