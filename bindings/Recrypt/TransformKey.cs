using System.Diagnostics.CodeAnalysis;
using Recrypt.Engines;
using Recrypt.Interop;
using Codec = Recrypt.EncodedCodec<Recrypt.Curve256, Recrypt.TransformKey>;
using Json = Recrypt.TransformKeyJson<Recrypt.Curve256>;
using Layout = Recrypt.TransformKeyLayout<Recrypt.Curve256>;

namespace Recrypt;

/// <summary>
/// A transform key from one private key to another public key: it lets a proxy transform values
/// encrypted to the first key into values the second key decrypts, without being able to decrypt
/// them itself. Signed with Ed25519 by whoever generated it.
/// </summary>
/// <remarks>
/// Immutable. It is held in its canonical encoding (<see cref="Export"/>: version, type tag, the
/// fields; 738 bytes) and can also be exchanged in IronCore's JSON shape
/// (<see cref="ToIronCoreJson"/>). Every instance decodes: its public keys are points on the curve
/// and its hashed temp key is a point on the twisted curve. Two keys are equal when their
/// encodings are.
/// </remarks>
public sealed class TransformKey : IEquatable<TransformKey>, ICurveEncoded<TransformKey>
{
    /// <summary>The size of the canonical encoding in bytes (738).</summary>
    public const int Size = NativeMethods.RECRYPT_TRANSFORM_KEY_LEN;

    /// <summary>The size of <see cref="ToIronCoreBytes()"/> in bytes (672).</summary>
    public const int IronCoreBytesSize = NativeMethods.RECRYPT_TRANSFORM_KEY_BYTES_LEN;

    private readonly byte[] _encoding;
    private readonly bool _signatureIsValid;

    private TransformKey(byte[] encoding, bool signatureIsValid)
    {
        _encoding = encoding;
        _signatureIsValid = signatureIsValid;
    }

    internal ReadOnlySpan<byte> Encoding => _encoding;

    ReadOnlySpan<byte> ICurveEncoded<TransformKey>.Encoding => _encoding;

    bool ICurveEncoded<TransformKey>.SignatureIsValid => _signatureIsValid;

    static TransformKey ICurveEncoded<TransformKey>.FromEngine(byte[] encoding) => FromEngine(encoding);

    static TransformKey ICurveEncoded<TransformKey>.FromDecoded(byte[] encoding, bool signatureIsValid) => new(encoding, signatureIsValid);

    static RecryptException? ICurveEncoded<TransformKey>.Verify(IRecryptEngine engine, ReadOnlySpan<byte> encoding, out bool signatureIsValid) =>
        engine.TryVerifyTransformKey(encoding, out signatureIsValid);

    /// <summary>The public key of the ephemeral key pair the key was generated with.</summary>
    public PublicKey EphemeralPublicKey => PublicKey.Import(Layout.EphemeralPublicKey.In(_encoding));

    /// <summary>The public key the key transforms to.</summary>
    public PublicKey ToPublicKey => PublicKey.Import(Layout.ToPublicKey.In(_encoding));

    /// <summary>The encrypted temp key: an element of F_p12, 384 bytes.</summary>
    public ReadOnlySpan<byte> EncryptedTempKey => Layout.EncryptedTempKey.In(_encoding);

    /// <summary>The hashed temp key: a point on the twisted curve, x ‖ y, 128 bytes. It is not covered by the signature.</summary>
    public ReadOnlySpan<byte> HashedTempKey => Layout.HashedTempKey.In(_encoding);

    /// <summary>The Ed25519 public key of whoever generated the key.</summary>
    public PublicSigningKey PublicSigningKey => new(Layout.PublicSigningKey.In(_encoding).ToArray());

    /// <summary>The Ed25519 signature over the key, 64 bytes.</summary>
    public ReadOnlySpan<byte> Signature => Layout.Signature.In(_encoding);

    /// <summary>Imports a transform key from its canonical encoding, checking its framing and its points.</summary>
    /// <param name="encoding">The canonical encoding, as written by <see cref="Export"/>.</param>
    /// <returns>The key.</returns>
    /// <exception cref="RecryptException">
    /// The bytes are not a transform key (<see cref="RecryptError.MalformedEncoding"/>,
    /// <see cref="RecryptError.UnsupportedEncodingVersion"/>), a public key is not a point on the
    /// curve (<see cref="RecryptError.InvalidPublicKey"/>), or the hashed temp key is not a point on
    /// the twisted curve (<see cref="RecryptError.DecodeFailed"/>). A bad signature is not an error
    /// here: see <see cref="VerifySignature"/>.
    /// </exception>
    public static TransformKey Import(ReadOnlySpan<byte> encoding) => Codec.Import(encoding);

    /// <summary>Imports a transform key from its canonical encoding, without throwing when the bytes are not one.</summary>
    /// <param name="encoding">The canonical encoding, as written by <see cref="Export"/>.</param>
    /// <param name="result">The key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="encoding"/> decodes.</returns>
    public static bool TryImport(ReadOnlySpan<byte> encoding, [NotNullWhen(true)] out TransformKey? result) => Codec.TryImport(encoding, out result);

    /// <summary>A key that an engine has just encoded and signed.</summary>
    internal static TransformKey FromEngine(byte[] encoding) => new(encoding, signatureIsValid: true);

    /// <summary>A key that an engine has just encoded, with the signature it had before (augmentation keeps it).</summary>
    internal TransformKey WithEncoding(byte[] encoding) => new(encoding, _signatureIsValid);

    /// <summary>
    /// Reads a transform key in IronCore's JSON shape: <c>ephemeralPublicKey</c> and <c>toPublicKey</c>
    /// (<c>{x, y}</c>), <c>encryptedTempKey</c>, <c>hashedTempKey</c>, <c>publicSigningKey</c> and
    /// <c>signature</c> (hex).
    /// </summary>
    /// <param name="json">The JSON object.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not in the shape, or a field has the wrong length.</exception>
    /// <exception cref="RecryptException">
    /// A public key is not a point on the curve (<see cref="RecryptError.InvalidPublicKey"/>), or the
    /// hashed temp key is not a point on the twisted curve (<see cref="RecryptError.DecodeFailed"/>).
    /// </exception>
    public static TransformKey FromIronCoreJson(string json) => Codec.Decode(Json.Read(json, nameof(json)));

    /// <summary>Writes the key in IronCore's JSON shape (see <see cref="FromIronCoreJson"/>), fields in the order IronCore's SDKs emit them.</summary>
    /// <returns>Compact JSON with lowercase hex.</returns>
    public string ToIronCoreJson() => Json.Write(_encoding);

    /// <summary>
    /// IronCore's <c>transformKeyToBytes256</c>: the 672 bytes an application hashes or stores to
    /// identify the key (the fields without version, tag and signature).
    /// </summary>
    /// <returns>672 bytes.</returns>
    public byte[] ToIronCoreBytes()
    {
        var bytes = new byte[IronCoreBytesSize];
        ToIronCoreBytes(bytes);
        return bytes;
    }

    /// <summary>Writes IronCore's <c>transformKeyToBytes256</c> (see <see cref="ToIronCoreBytes()"/>) into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write the bytes; exactly 672 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not 672 bytes.</exception>
    public void ToIronCoreBytes(Span<byte> destination) => Json.ToIronCoreBytes(_encoding, destination, nameof(destination));

    /// <summary>Whether the Ed25519 signature verifies with <see cref="PublicSigningKey"/> (checked once, on import).</summary>
    /// <returns><see langword="true"/> when the signed fields are as the signer produced them.</returns>
    public bool VerifySignature() => _signatureIsValid;

    /// <summary>Exports the canonical encoding, 738 bytes, into a new array.</summary>
    /// <returns>The encoding.</returns>
    public byte[] Export() => _encoding.ToArray();

    /// <summary>Exports the canonical encoding, 738 bytes, into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write the encoding; at least 738 bytes.</param>
    /// <param name="bytesWritten">738 on success, else 0.</param>
    /// <returns><see langword="true"/> when <paramref name="destination"/> was large enough.</returns>
    public bool TryExport(Span<byte> destination, out int bytesWritten) => Encodings.TryCopy(_encoding, destination, out bytesWritten);

    /// <summary>Whether <paramref name="other"/> has the same encoding.</summary>
    /// <param name="other">The key to compare with.</param>
    /// <returns><see langword="true"/> when the keys are equal.</returns>
    public bool Equals([NotNullWhen(true)] TransformKey? other) => other is not null && _encoding.AsSpan().SequenceEqual(other._encoding);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as TransformKey);

    /// <inheritdoc/>
    public override int GetHashCode() => Encodings.GetHashCode(_encoding);

    /// <summary>The canonical encoding as lowercase hex (the bytes <see cref="Export"/> returns), as for every public value of this library.</summary>
    /// <returns>Two hex digits per byte of the encoding.</returns>
    public override string ToString() => Convert.ToHexStringLower(_encoding);

    /// <summary>Whether two keys are equal.</summary>
    /// <param name="left">A key, or <see langword="null"/>.</param>
    /// <param name="right">A key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when both are null or both have the same encoding.</returns>
    public static bool operator ==(TransformKey? left, TransformKey? right) => left?.Equals(right) ?? right is null;

    /// <summary>Whether two keys differ.</summary>
    /// <param name="left">A key, or <see langword="null"/>.</param>
    /// <param name="right">A key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> unless both are null or both have the same encoding.</returns>
    public static bool operator !=(TransformKey? left, TransformKey? right) => !(left == right);
}
