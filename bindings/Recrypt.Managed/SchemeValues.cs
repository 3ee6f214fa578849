using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Recrypt.Managed.Curve;
using Recrypt.Managed.Field;

namespace Recrypt.Managed;

// The decoded values of the scheme (spec 4.1) over the base field F of either curve.

/// <summary>One transform block (spec 4.1), decoded.</summary>
internal readonly struct Block<F>(
    in Affine<F, G1Curve<F>> publicKey, in Fp12<F> encryptedTempKey, in Affine<F, G1Curve<F>> randomTransformPublicKey,
    in Fp12<F> randomTransformEncryptedTempKey)
    where F : struct, IPrimeField<F>
{
    /// <summary>PK ‖ ETK ‖ RTPK ‖ RTETK: 1680 bytes on the 480-bit curve, 896 on the 256-bit one.</summary>
    public static int Size => 4 * F.Size + 2 * Fp12<F>.Size;

    public readonly Affine<F, G1Curve<F>> PublicKey = publicKey;
    public readonly Fp12<F> EncryptedTempKey = encryptedTempKey;
    public readonly Affine<F, G1Curve<F>> RandomTransformPublicKey = randomTransformPublicKey;
    public readonly Fp12<F> RandomTransformEncryptedTempKey = randomTransformEncryptedTempKey;

    public void WriteBytes(Span<byte> destination)
    {
        var at = 0;
        PublicKey.WriteBytes(destination);
        EncryptedTempKey.WriteBytes(destination[(at += 2 * F.Size)..]);
        RandomTransformPublicKey.WriteBytes(destination[(at += Fp12<F>.Size)..]);
        RandomTransformEncryptedTempKey.WriteBytes(destination[(at + 2 * F.Size)..]);
    }
}

/// <summary>
/// An encrypted value (spec 4.1), decoded; the encrypted message keeps the bytes it was given. A ref struct
/// with its byte fields inline and its blocks in memory its caller provides (the stack, for the usual few):
/// decoding one allocates nothing. Pass it by reference.
/// </summary>
internal ref struct EncryptedValueData<F>
    where F : struct, IPrimeField<F>
{
    public Affine<F, G1Curve<F>> EphemeralPublicKey;
    public Fp12Bytes EncryptedMessage;
    public Bytes32 AuthHash;
    public Bytes32 PublicSigningKey;
    public Bytes64 Signature;
    public Span<Block<F>> Blocks;

    /// <summary>The length of <see cref="WriteSignedBytes"/>.</summary>
    public readonly int SignedSize => Ed25519.PublicKeySize + 2 * F.Size + Fp12<F>.Size + 32 + Blocks.Length * Block<F>.Size;

    /// <summary>The encrypted message's bytes (<see cref="Fp12Bytes"/> holds the largest curve's).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> EncryptedMessageBytes => ((ReadOnlySpan<byte>)EncryptedMessage)[..Fp12<F>.Size];

    /// <summary>The signed bytes (spec 3.6): psk ‖ E ‖ canonical c ‖ auth ‖ blocks, all canonical.</summary>
    public readonly void WriteSignedBytes(ReadOnlySpan<byte> publicSigningKey, Span<byte> span)
    {
        publicSigningKey.CopyTo(span);
        var at = publicSigningKey.Length;
        EphemeralPublicKey.WriteBytes(span[at..]);
        Fp12<F>.FromBytesReduced(EncryptedMessage).WriteBytes(span[(at += 2 * F.Size)..]);
        ((ReadOnlySpan<byte>)AuthHash).CopyTo(span[(at += Fp12<F>.Size)..]);
        at += 32;
        foreach (var block in Blocks)
        {
            block.WriteBytes(span.Slice(at, Block<F>.Size));
            at += Block<F>.Size;
        }
    }

    public readonly bool VerifySignature()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SignedSize);
        try
        {
            var signed = buffer.AsSpan(0, SignedSize);
            WriteSignedBytes(PublicSigningKey, signed);
            return Ed25519.Verify(PublicSigningKey, signed, Signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Signs the value's signed bytes with <paramref name="signingKeyPair"/> (seed ‖ public key), setting its psk and signature.</summary>
    public void Sign(ReadOnlySpan<byte> signingKeyPair)
    {
        signingKeyPair[32..64].CopyTo(PublicSigningKey);
        var buffer = ArrayPool<byte>.Shared.Rent(SignedSize);
        try
        {
            var signed = buffer.AsSpan(0, SignedSize);
            WriteSignedBytes(PublicSigningKey, signed);
            Ed25519.Sign(signingKeyPair[..32], PublicSigningKey, signed, Signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>
/// A transform key (spec 4.1), decoded; the hashed temp key keeps the bytes it was given. A struct with its
/// byte fields inline (decoding one allocates nothing); pass it by reference.
/// </summary>
internal struct TransformKeyData<F>
    where F : struct, IPrimeField<F>
{
    public Affine<F, G1Curve<F>> EphemeralPublicKey;
    public Affine<F, G1Curve<F>> ToPublicKey;
    public Fp12<F> EncryptedTempKey;
    public Affine<Fp2<F>, G2Curve<F>> HashedTempKey;
    /// <summary>Holds <see cref="HashedTempKeyBytes"/>; written from its start.</summary>
    public TwistPointBytes HashedTempKeyInput;
    public Bytes32 PublicSigningKey;
    public Bytes64 Signature;

    /// <summary>The length of <see cref="WriteSignedBytes"/>.</summary>
    public static int SignedSize => Ed25519.PublicKeySize + 4 * F.Size + Fp12<F>.Size;

    /// <summary>The hashed temp key's bytes as they were given (<see cref="TwistPointBytes"/> holds the largest curve's).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> HashedTempKeyBytes => ((ReadOnlySpan<byte>)HashedTempKeyInput)[..(4 * F.Size)];

    /// <summary>The signed bytes (spec 3.6): psk ‖ EPK ‖ ToPK ‖ ETK (not the hashed temp key).</summary>
    public readonly void WriteSignedBytes(ReadOnlySpan<byte> publicSigningKey, Span<byte> span)
    {
        publicSigningKey.CopyTo(span);
        var at = publicSigningKey.Length;
        EphemeralPublicKey.WriteBytes(span[at..]);
        ToPublicKey.WriteBytes(span[(at += 2 * F.Size)..]);
        EncryptedTempKey.WriteBytes(span[(at + 2 * F.Size)..]);
    }

    public readonly bool VerifySignature()
    {
        Span<byte> signed = stackalloc byte[SignedSize];
        WriteSignedBytes(PublicSigningKey, signed);
        return Ed25519.Verify(PublicSigningKey, signed, Signature);
    }
}

