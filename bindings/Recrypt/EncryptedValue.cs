using System.Diagnostics.CodeAnalysis;
using Recrypt.Engines;
using Recrypt.Interop;
using Codec = Recrypt.EncodedCodec<Recrypt.Curve256, Recrypt.EncryptedValue>;
using Json = Recrypt.EncryptedValueJson<Recrypt.Curve256>;
using Layout = Recrypt.EncryptedValueLayout<Recrypt.Curve256>;

namespace Recrypt;

/// <summary>
/// A plaintext encrypted to a public key, possibly transformed since (one <see cref="TransformBlock"/>
/// per transform), and signed with Ed25519 by whoever produced it last.
/// </summary>
/// <remarks>
/// Immutable. It is held in its canonical encoding (<see cref="Export"/>: version, type tag, the
/// fields, the number of transform blocks, the blocks; 580 + 896 × blocks bytes) and can also be
/// exchanged in IronCore's JSON shape (<see cref="ToIronCoreJson"/>). Every instance decodes: its
/// public keys are points on the curve. Two values are equal when their encodings are.
/// </remarks>
public sealed class EncryptedValue : IEquatable<EncryptedValue>, ICurveEncoded<EncryptedValue>
{
    private readonly byte[] _encoding;
    private readonly bool _signatureIsValid;
    private IReadOnlyList<TransformBlock>? _transformBlocks;

    private EncryptedValue(byte[] encoding, bool signatureIsValid)
    {
        _encoding = encoding;
        _signatureIsValid = signatureIsValid;
    }

    internal ReadOnlySpan<byte> Encoding => _encoding;

    ReadOnlySpan<byte> ICurveEncoded<EncryptedValue>.Encoding => _encoding;

    bool ICurveEncoded<EncryptedValue>.SignatureIsValid => _signatureIsValid;

    static EncryptedValue ICurveEncoded<EncryptedValue>.FromEngine(byte[] encoding) => FromEngine(encoding);

    static EncryptedValue ICurveEncoded<EncryptedValue>.FromDecoded(byte[] encoding, bool signatureIsValid) => new(encoding, signatureIsValid);

    static RecryptException? ICurveEncoded<EncryptedValue>.Verify(IRecryptEngine engine, ReadOnlySpan<byte> encoding, out bool signatureIsValid) =>
        engine.TryVerifyEncryptedValue(encoding, out signatureIsValid);

    /// <summary>The size of the canonical encoding in bytes: 580 + 896 × the number of transform blocks.</summary>
    public int Size => _encoding.Length;

    /// <summary>The ephemeral public key of the encryption.</summary>
    public PublicKey EphemeralPublicKey => PublicKey.Import(Layout.EphemeralPublicKey.In(_encoding));

    /// <summary>The encrypted message: an element of F_p12, 384 bytes.</summary>
    public ReadOnlySpan<byte> EncryptedMessage => Layout.EncryptedMessage.In(_encoding);

    /// <summary>The authentication hash of the plaintext, 32 bytes.</summary>
    public ReadOnlySpan<byte> AuthHash => Layout.AuthHash.In(_encoding);

    /// <summary>The Ed25519 public key of whoever encrypted or last transformed the value.</summary>
    public PublicSigningKey PublicSigningKey => new(Layout.PublicSigningKey.In(_encoding).ToArray());

    /// <summary>The Ed25519 signature over the value, 64 bytes.</summary>
    public ReadOnlySpan<byte> Signature => Layout.Signature.In(_encoding);

    /// <summary>The transform blocks, first to last; empty for a value that was never transformed.</summary>
    public IReadOnlyList<TransformBlock> TransformBlocks => _transformBlocks ??= Json.Blocks(_encoding, (encoding, block) => new TransformBlock(encoding, block));

    /// <summary>Imports an encrypted value from its canonical encoding, checking its framing and its points.</summary>
    /// <param name="encoding">The canonical encoding, as written by <see cref="Export"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="RecryptException">
    /// The bytes are not an encrypted value (<see cref="RecryptError.MalformedEncoding"/>,
    /// <see cref="RecryptError.UnsupportedEncodingVersion"/>), or one of its public keys is not a point
    /// on the curve (<see cref="RecryptError.InvalidPublicKey"/>). A bad signature is not an error here:
    /// see <see cref="VerifySignature"/>.
    /// </exception>
    public static EncryptedValue Import(ReadOnlySpan<byte> encoding) => Codec.Import(encoding);

    /// <summary>Imports an encrypted value from its canonical encoding, without throwing when the bytes are not one.</summary>
    /// <param name="encoding">The canonical encoding, as written by <see cref="Export"/>.</param>
    /// <param name="result">The value, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="encoding"/> decodes.</returns>
    public static bool TryImport(ReadOnlySpan<byte> encoding, [NotNullWhen(true)] out EncryptedValue? result) => Codec.TryImport(encoding, out result);

    /// <summary>A value that an engine has just encoded and signed.</summary>
    internal static EncryptedValue FromEngine(byte[] encoding) => new(encoding, signatureIsValid: true);

    /// <summary>
    /// Reads an encrypted value in IronCore's JSON shape: <c>ephemeralPublicKey</c> (<c>{x, y}</c>),
    /// <c>encryptedMessage</c>, <c>authHash</c>, <c>publicSigningKey</c>, <c>signature</c> (hex), and
    /// <c>transformBlocks</c>, a list of <c>{publicKey, encryptedTempKey, randomTransformPublicKey,
    /// randomTransformEncryptedTempKey}</c>.
    /// </summary>
    /// <param name="json">The JSON object.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not in the shape, or a field has the wrong length.</exception>
    /// <exception cref="RecryptException">A public key is not a point on the curve (<see cref="RecryptError.InvalidPublicKey"/>).</exception>
    public static EncryptedValue FromIronCoreJson(string json) => Codec.Decode(Json.Read(json, nameof(json)));

    /// <summary>Writes the value in IronCore's JSON shape (see <see cref="FromIronCoreJson"/>), fields in the order IronCore's SDKs emit them.</summary>
    /// <returns>Compact JSON with lowercase hex.</returns>
    public string ToIronCoreJson() => Json.Write(_encoding);

    /// <summary>Whether the Ed25519 signature verifies with <see cref="PublicSigningKey"/> (checked once, on import).</summary>
    /// <returns><see langword="true"/> when the value is as its signer produced it.</returns>
    public bool VerifySignature() => _signatureIsValid;

    /// <summary>Exports the canonical encoding into a new array.</summary>
    /// <returns><see cref="Size"/> bytes.</returns>
    public byte[] Export() => _encoding.ToArray();

    /// <summary>Exports the canonical encoding into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write the encoding; at least <see cref="Size"/> bytes.</param>
    /// <param name="bytesWritten"><see cref="Size"/> on success, else 0.</param>
    /// <returns><see langword="true"/> when <paramref name="destination"/> was large enough.</returns>
    public bool TryExport(Span<byte> destination, out int bytesWritten) => Encodings.TryCopy(_encoding, destination, out bytesWritten);

    /// <summary>Whether <paramref name="other"/> has the same encoding.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns><see langword="true"/> when the values are equal.</returns>
    public bool Equals([NotNullWhen(true)] EncryptedValue? other) => other is not null && _encoding.AsSpan().SequenceEqual(other._encoding);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as EncryptedValue);

    /// <inheritdoc/>
    public override int GetHashCode() => Encodings.GetHashCode(_encoding);

    /// <summary>The canonical encoding as lowercase hex (the bytes <see cref="Export"/> returns), as for every public value of this library.</summary>
    /// <returns>Two hex digits per byte of the encoding.</returns>
    public override string ToString() => Convert.ToHexStringLower(_encoding);

    /// <summary>Whether two values are equal.</summary>
    /// <param name="left">A value, or <see langword="null"/>.</param>
    /// <param name="right">A value, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when both are null or both have the same encoding.</returns>
    public static bool operator ==(EncryptedValue? left, EncryptedValue? right) => left?.Equals(right) ?? right is null;

    /// <summary>Whether two values differ.</summary>
    /// <param name="left">A value, or <see langword="null"/>.</param>
    /// <param name="right">A value, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> unless both are null or both have the same encoding.</returns>
    public static bool operator !=(EncryptedValue? left, EncryptedValue? right) => !(left == right);
}
