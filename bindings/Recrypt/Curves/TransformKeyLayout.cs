using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// The canonical encoding of a transform key (native/src/encoding.rs): version, type tag, the fields
/// below. Every size and the tag come from the constants the C ABI exports, through the curve's descriptor.
/// </summary>
internal static class TransformKeyLayout<TCurve>
    where TCurve : ICurve
{
    /// <summary>The type tag of a transform key of the curve.</summary>
    internal static readonly byte Tag = TCurve.TransformKeyTag;

    internal static readonly Field Header = new(0, NativeMethods.RECRYPT_ENCODING_HEADER_LEN);
    internal static readonly Field EphemeralPublicKey = Header.Next(TCurve.PublicKeySize);
    internal static readonly Field ToPublicKey = EphemeralPublicKey.Next(TCurve.PublicKeySize);
    internal static readonly Field EncryptedTempKey = ToPublicKey.Next(TCurve.Fp12Size);
    internal static readonly Field HashedTempKey = EncryptedTempKey.Next(TCurve.HashedTempKeySize);
    internal static readonly Field PublicSigningKey = HashedTempKey.Next(Recrypt.PublicSigningKey.Size);
    internal static readonly Field Signature = PublicSigningKey.Next(NativeMethods.RECRYPT_ED25519_SIGNATURE_LEN);

    internal static readonly int Size = TCurve.TransformKeySize;

    /// <summary>Writes the version and the tag of a new encoding.</summary>
    internal static void WriteFraming(Span<byte> encoding)
    {
        encoding[0] = (byte)NativeMethods.RECRYPT_ENCODING_VERSION;
        encoding[1] = Tag;
    }
}
