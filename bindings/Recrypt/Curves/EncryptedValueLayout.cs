using System.Buffers.Binary;
using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// The canonical encoding of an encrypted value (native/src/encoding.rs): version, type tag, the
/// fields below, the number of transform blocks (big-endian), then the blocks. Every size and the
/// tag come from the constants the C ABI exports, through the curve's descriptor.
/// </summary>
internal static class EncryptedValueLayout<TCurve>
    where TCurve : ICurve
{
    /// <summary>The type tag of an encrypted value of the curve.</summary>
    internal static readonly byte Tag = TCurve.EncryptedValueTag;

    internal static readonly Field Header = new(0, NativeMethods.RECRYPT_ENCODING_HEADER_LEN);
    internal static readonly Field EphemeralPublicKey = Header.Next(TCurve.PublicKeySize);
    internal static readonly Field EncryptedMessage = EphemeralPublicKey.Next(Fp12Size);
    internal static readonly Field AuthHash = EncryptedMessage.Next(NativeMethods.RECRYPT_AUTH_HASH_LEN);
    internal static readonly Field PublicSigningKey = AuthHash.Next(Recrypt.PublicSigningKey.Size);
    internal static readonly Field Signature = PublicSigningKey.Next(NativeMethods.RECRYPT_ED25519_SIGNATURE_LEN);
    internal static readonly Field BlockCount = Signature.Next(NativeMethods.RECRYPT_BLOCK_COUNT_LEN);

    // Inside one transform block.
    internal static readonly Field BlockPublicKey = new(0, TCurve.PublicKeySize);
    internal static readonly Field BlockEncryptedTempKey = BlockPublicKey.Next(Fp12Size);
    internal static readonly Field BlockRandomTransformPublicKey = BlockEncryptedTempKey.Next(TCurve.PublicKeySize);
    internal static readonly Field BlockRandomTransformEncryptedTempKey = BlockRandomTransformPublicKey.Next(Fp12Size);

    internal static readonly int BaseSize = TCurve.EncryptedValueBaseSize;
    internal static readonly int BlockSize = TCurve.TransformBlockSize;
    internal const int MaxBlocks = NativeMethods.RECRYPT_MAX_TRANSFORM_BLOCKS;

    /// <summary>An element of F_p12 (encrypted message, encrypted temp keys).</summary>
    private static int Fp12Size => TCurve.Fp12Size;

    internal static int SizeFor(int blocks) => BaseSize + BlockSize * blocks;

    internal static int BlockCountOf(ReadOnlySpan<byte> encoding) => BinaryPrimitives.ReadUInt16BigEndian(BlockCount.In(encoding));

    /// <summary>The bytes of block <paramref name="index"/>.</summary>
    internal static Field Block(int index) => new(BaseSize + BlockSize * index, BlockSize);

    /// <summary>Writes the version, the tag and the block count of a new encoding.</summary>
    internal static void WriteFraming(Span<byte> encoding, int blocks)
    {
        encoding[0] = (byte)NativeMethods.RECRYPT_ENCODING_VERSION;
        encoding[1] = Tag;
        BinaryPrimitives.WriteUInt16BigEndian(BlockCount.WritableIn(encoding), checked((ushort)blocks));
    }
}
