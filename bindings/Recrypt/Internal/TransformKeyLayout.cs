using Recrypt.Interop;

namespace Recrypt;

/// <summary>The canonical encoding of a transform key (native/src/encoding.rs): version, tag 0x02, the fields below.</summary>
internal static class TransformKeyLayout
{
    /// <summary>The type tag (encoding.rs <c>TAG_TRANSFORM_KEY</c>; the ABI exports no constant for it).</summary>
    internal const byte Tag = 0x02;

    internal static readonly Field Header = new(0, 2);
    internal static readonly Field EphemeralPublicKey = Header.Next(PublicKey.Size);
    internal static readonly Field ToPublicKey = EphemeralPublicKey.Next(PublicKey.Size);
    internal static readonly Field EncryptedTempKey = ToPublicKey.Next(NativeMethods.RECRYPT_PLAINTEXT_LEN);
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
