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

/// <summary>
/// Room for an encoded twist point inline (the hashed temp key as it was given): the 480-bit curve's 240
/// bytes, of which the 256-bit curve uses the first 128.
/// </summary>
[InlineArray(4 * LargestField.Size)]
internal struct TwistPointBytes
{
    private byte _element;
}

/// <summary>Room for an encoded F_p¹² element inline: the 480-bit curve's 720 bytes, of which the 256-bit curve uses the first 384.</summary>
[InlineArray(12 * LargestField.Size)]
internal struct Fp12Bytes
{
    private byte _element;
}

/// <summary>The largest field element of the curves (the 480-bit curve's 60 bytes), which sizes the buffers above.</summary>
internal static class LargestField
{
    public const int Size = 60;
}
