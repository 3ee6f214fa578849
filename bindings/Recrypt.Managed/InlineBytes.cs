using System.Runtime.CompilerServices;

namespace Recrypt.Managed;

// Fixed-size byte fields held inline in the decoded values (EncryptedValueData, TransformKeyData), so that
// decoding a value allocates nothing on the heap: a byte[] per field cost five objects per value.

/// <summary>32 bytes inline: an auth hash or an Ed25519 public key.</summary>
[InlineArray(32)]
internal struct Bytes32
{
    private byte _element;
}

/// <summary>64 bytes inline: an Ed25519 signature.</summary>
[InlineArray(64)]
internal struct Bytes64
{
    private byte _element;
}

/// <summary>128 bytes inline: an encoded G2 point (the hashed temp key as it was given).</summary>
[InlineArray(128)]
internal struct Bytes128
{
    private byte _element;
}

/// <summary>An encoded F_p12 element (384 bytes) inline.</summary>
[InlineArray(Field.Fp12.Size)]
internal struct Fp12Bytes
{
    private byte _element;
}
