using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// The canonical encoding of a transform key (native/src/encoding.rs): version, type tag, the fields
/// below. Every size and the tag come from the constants the C ABI exports.
/// </summary>
internal static class TransformKeyLayout
{
    /// <summary>The type tag of an Api256 transform key.</summary>
    internal const byte Tag = NativeMethods.RECRYPT_TAG_TRANSFORM_KEY;

    internal static readonly Field Header = new(0, NativeMethods.RECRYPT_ENCODING_HEADER_LEN);
    internal static readonly Field EphemeralPublicKey = Header.Next(PublicKey.Size);
    internal static readonly Field ToPublicKey = EphemeralPublicKey.Next(PublicKey.Size);
    internal static readonly Field EncryptedTempKey = ToPublicKey.Next(NativeMethods.RECRYPT_FP12_LEN);
    internal static readonly Field HashedTempKey = EncryptedTempKey.Next(NativeMethods.RECRYPT_HASHED_TEMP_KEY_LEN);
    internal static readonly Field PublicSigningKey = HashedTempKey.Next(Recrypt.PublicSigningKey.Size);
    internal static readonly Field Signature = PublicSigningKey.Next(NativeMethods.RECRYPT_ED25519_SIGNATURE_LEN);

    internal const int Size = NativeMethods.RECRYPT_TRANSFORM_KEY_LEN;

    /// <summary>Writes the version and the tag of a new encoding.</summary>
    internal static void WriteFraming(Span<byte> encoding)
    {
        encoding[0] = (byte)NativeMethods.RECRYPT_ENCODING_VERSION;
        encoding[1] = Tag;
    }
}
