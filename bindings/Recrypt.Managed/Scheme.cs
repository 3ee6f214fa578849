using System.Buffers;
using System.Security.Cryptography;
using Recrypt.Managed.Curve;
using Recrypt.Managed.Field;

namespace Recrypt.Managed;

/// <summary>Why an operation of the scheme failed (spec 5.1); the bindings map each to their public error.</summary>
internal enum SchemeError
{
    /// <summary>The recomputed auth hash differs: wrong private key or altered value.</summary>
    DecryptFailed,

    /// <summary>The Ed25519 signature of an encrypted value does not verify.</summary>
    InvalidEncryptedValueSignature,

    /// <summary>A public key is not on the curve, or an operation produced the point at infinity.</summary>
    InvalidPublicKey,

    /// <summary>The Ed25519 signature of a transform key does not verify.</summary>
    InvalidTransformKeySignature,

    /// <summary>A hashed temp key that is not a point on the twist.</summary>
    DecodeFailed,

    /// <summary>A signing key pair whose public half is not the public key of its seed.</summary>
    InvalidSigningKeyPair,

    /// <summary>The random source produced a value the scheme cannot use (probability 2^-3000).</summary>
    RandomSourceFailed,
}

/// <summary>A failure of the scheme that its inputs explain. Never carries key material.</summary>
internal sealed class SchemeException(SchemeError error) : Exception(error.ToString())
{
    public SchemeError Error { get; } = error;
}

/// <summary>One transform block (spec 4.1), decoded.</summary>
internal readonly struct Block(in G1Affine publicKey, in Fp12 encryptedTempKey, in G1Affine randomTransformPublicKey, in Fp12 randomTransformEncryptedTempKey)
{
    public readonly G1Affine PublicKey = publicKey;
    public readonly Fp12 EncryptedTempKey = encryptedTempKey;
    public readonly G1Affine RandomTransformPublicKey = randomTransformPublicKey;
    public readonly Fp12 RandomTransformEncryptedTempKey = randomTransformEncryptedTempKey;
}

/// <summary>
/// An encrypted value (spec 4.1), decoded; the encrypted message keeps the bytes it was given. A ref struct
/// with its byte fields inline and its blocks in memory its caller provides (the stack, for the usual few):
/// decoding one allocates nothing. Pass it by reference.
/// </summary>
internal ref struct EncryptedValueData
{
    public G1Affine EphemeralPublicKey;
    public Fp12Bytes EncryptedMessage;
    public Bytes32 AuthHash;
    public Bytes32 PublicSigningKey;
    public Bytes64 Signature;
    public Span<Block> Blocks;

    /// <summary>The length of <see cref="WriteSignedBytes"/>.</summary>
    public readonly int SignedSize => 32 + 64 + Fp12.Size + 32 + Blocks.Length * Scheme.BlockSize;

    /// <summary>The signed bytes (spec 3.6): psk ‖ E ‖ canonical c ‖ auth ‖ blocks, all canonical.</summary>
    public readonly void WriteSignedBytes(ReadOnlySpan<byte> publicSigningKey, Span<byte> span)
    {
        publicSigningKey.CopyTo(span);
        Points.WriteBytes(EphemeralPublicKey, span[32..]);
        Fp12.FromBytesReduced(EncryptedMessage).WriteBytes(span[96..]);
        ((ReadOnlySpan<byte>)AuthHash).CopyTo(span[480..]);
        var at = 512;
        foreach (var block in Blocks)
        {
            Scheme.WriteBlock(block, span.Slice(at, Scheme.BlockSize));
            at += Scheme.BlockSize;
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
internal struct TransformKeyData
{
    public G1Affine EphemeralPublicKey;
    public G1Affine ToPublicKey;
    public Fp12 EncryptedTempKey;
    public G2Affine HashedTempKey;
    public Bytes128 HashedTempKeyBytes;
    public Bytes32 PublicSigningKey;
    public Bytes64 Signature;

    /// <summary>The length of <see cref="WriteSignedBytes"/>.</summary>
    public const int SignedSize = 32 + 64 + 64 + Fp12.Size;

    /// <summary>The signed bytes (spec 3.6): psk ‖ EPK ‖ ToPK ‖ ETK (not the hashed temp key).</summary>
    public readonly void WriteSignedBytes(ReadOnlySpan<byte> publicSigningKey, Span<byte> span)
    {
        publicSigningKey.CopyTo(span);
        Points.WriteBytes(EphemeralPublicKey, span[32..]);
        Points.WriteBytes(ToPublicKey, span[96..]);
        EncryptedTempKey.WriteBytes(span[160..]);
    }

    public readonly bool VerifySignature()
    {
        Span<byte> signed = stackalloc byte[SignedSize];
        WriteSignedBytes(PublicSigningKey, signed);
        return Ed25519.Verify(PublicSigningKey, signed, Signature);
    }
}

/// <summary>
/// recrypt's Api256 (spec section 4) in managed code: every operation, with its random draws in the
/// order and sizes of spec 6.3 so that a seeded <see cref="ChaCha20Random"/> reproduces IronCore's
/// outputs. Secrets (private keys, plaintexts, temp keys, nonces) are handled in constant time and
/// their byte buffers wiped; <see cref="System.Numerics.BigInteger"/> is never used.
/// </summary>
internal static class Scheme
{
    public const int PrivateKeySize = 32;
    public const int PublicKeySize = 64;
    public const int BlockSize = 64 + Fp12.Size + 64 + Fp12.Size;
    public const int SchnorrSignatureSize = 64;

    // Keys

    /// <summary>A private key's scalar: the 32 bytes reduced mod p (spec 3.1), as the canonical integer.</summary>
    public static U256 PrivateKeyScalar(ReadOnlySpan<byte> privateKey) => Fp.FromBytesReduced(privateKey).ToCanonical();

    /// <summary>Decodes x ‖ y (each reduced mod p) and checks the curve equation.</summary>
    public static bool TryDecodePublicKey(ReadOnlySpan<byte> bytes, out G1Affine point)
    {
        point = new G1Affine(Fp.FromBytesReduced(bytes[..32]), Fp.FromBytesReduced(bytes[32..64]));
        return point.IsOnCurveMask() != 0;
    }

    public static G1Affine DecodePublicKey(ReadOnlySpan<byte> bytes) =>
        TryDecodePublicKey(bytes, out var point) ? point : throw new SchemeException(SchemeError.InvalidPublicKey);

    /// <summary>The affine form of a projective result; the identity is <see cref="SchemeError.InvalidPublicKey"/>.</summary>
    public static G1Affine Affine(in G1 p)
    {
        var affine = p.ToAffine(out var isFinite);
        return isFinite != 0 ? affine : throw new SchemeException(SchemeError.InvalidPublicKey);
    }

    private static G2Affine Affine(in G2 p)
    {
        var affine = p.ToAffine(out var isFinite);
        return isFinite != 0 ? affine : throw new SchemeException(SchemeError.InvalidPublicKey);
    }

    /// <summary>4.3: [k]G_P.</summary>
    public static void ComputePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        var k = PrivateKeyScalar(privateKey);
        Points.WriteBytes(Affine(Points.MultiplyG1Generator(k)), publicKey);
        k = default;
    }

    /// <summary>The canonical encoding of a public key, or false when it is not on the curve.</summary>
    public static bool TryCanonicalizePublicKey(ReadOnlySpan<byte> publicKey, Span<byte> canonical)
    {
        if (!TryDecodePublicKey(publicKey, out var point))
        {
            return false;
        }
        Points.WriteBytes(point, canonical);
        return true;
    }

    /// <summary>4.4: the point sum.</summary>
    public static void AugmentPublicKey(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum) =>
        Points.WriteBytes(Affine(G1.AddAffine(DecodePublicKey(a).ToProjective(), DecodePublicKey(b))), sum);

    /// <summary>4.5: (a mod r ± b mod r) mod r, first minus second.</summary>
    public static void CombinePrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, bool subtract, Span<byte> result)
    {
        var x = Fr.FromAny(PrivateKeyScalar(a));
        var y = Fr.FromAny(PrivateKeyScalar(b));
        var z = subtract ? x - y : x + y;
        z.WriteBigEndian(result);
    }

    // Plaintexts

    /// <summary>4.6: the F_p¹² element of 384 random bytes raised to (p¹²−1)/r.</summary>
    public static Fp12 RandomGt(IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[Fp12.Size];
        random.Fill(bytes);
        var raw = Fp12.FromBytesReduced(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        var isZero = raw.IsZeroMask();
        var result = Pairing.FinalExponentiation(raw);
        Fp12.Wipe(ref raw);
        return isZero == 0 ? result : throw new SchemeException(SchemeError.RandomSourceFailed);
    }

    /// <summary>4.7: SHA-256 of the canonical encoding.</summary>
    public static void DeriveSymmetricKey(ReadOnlySpan<byte> plaintext, Span<byte> key)
    {
        Span<byte> canonical = stackalloc byte[Fp12.Size];
        var m = Fp12.FromBytesReduced(plaintext);
        m.WriteBytes(canonical);
        SHA256.HashData(canonical, key);
        CryptographicOperations.ZeroMemory(canonical);
        Fp12.Wipe(ref m);
    }

    /// <summary>4.8: SHA-256 of the canonical plaintext, mod p.</summary>
    public static void DerivePrivateKey(ReadOnlySpan<byte> plaintext, Span<byte> privateKey)
    {
        Span<byte> digest = stackalloc byte[32];
        DeriveSymmetricKey(plaintext, digest);
        Fp.FromBytesReduced(digest).WriteBigEndian(privateKey);
        CryptographicOperations.ZeroMemory(digest);
    }

    // Encryption and transformation

    /// <summary>4.9 with the ephemeral key drawn from <paramref name="random"/>.</summary>
    public static EncryptedValueData Encrypt(IRandomSource random, ReadOnlySpan<byte> plaintext, in G1Affine to, ReadOnlySpan<byte> signingKeyPair)
    {
        var ke = RandomPrivateKey(random);
        var ephemeral = Affine(Points.MultiplyG1Generator(ke));
        var mask = PairWithGq(to.ToProjective().Multiply(ke));
        ke = default;
        var m = Fp12.FromBytesReduced(plaintext);
        var c = mask * m;
        var value = new EncryptedValueData { EphemeralPublicKey = ephemeral };
        c.WriteBytes(value.EncryptedMessage);
        AuthHash(ephemeral, m, value.AuthHash);
        Fp12.Wipe(ref mask);
        Fp12.Wipe(ref m);
        value.Sign(signingKeyPair);
        return value;
    }

    /// <summary>4.10: decrypts a value of any level with the last recipient's private key.</summary>
    public static void Decrypt(in EncryptedValueData value, ReadOnlySpan<byte> privateKey, Span<byte> plaintext)
    {
        var c = Fp12.FromBytesReduced(value.EncryptedMessage);
        if (!value.VerifySignature())
        {
            throw new SchemeException(SchemeError.InvalidEncryptedValueSignature);
        }
        var k = PrivateKeyScalar(privateKey);
        Fp12 m;
        if (value.Blocks.Length == 0)
        {
            var mask = PairWithGq(value.EphemeralPublicKey.ToProjective().Negate().Multiply(k));
            m = c * mask;
            Fp12.Wipe(ref mask);
        }
        else
        {
            var last = value.Blocks[^1];
            var kk = last.EncryptedTempKey * PairWithGq(last.PublicKey.ToProjective().Negate().Multiply(k));
            var rr = last.RandomTransformEncryptedTempKey * PairWithGq(last.RandomTransformPublicKey.ToProjective().Negate().Multiply(k));
            for (var i = value.Blocks.Length - 2; i >= 0; i--)
            {
                var block = value.Blocks[i];
                var h = Hash2(kk);
                var hAffine = Affine(h);
                var hr = Affine(G2.Add(Hash2(rr), h));
                Fp12.Wipe(ref kk);
                Fp12.Wipe(ref rr);
                kk = block.EncryptedTempKey * Pairing.Pair(block.PublicKey.Negate(), hAffine);
                rr = block.RandomTransformEncryptedTempKey * Pairing.Pair(block.RandomTransformPublicKey.Negate(), hr);
            }
            var combined = Affine(G2.Add(Hash2(kk), Hash2(rr)));
            Fp12.Wipe(ref kk);
            Fp12.Wipe(ref rr);
            m = c * Pairing.Pair(value.EphemeralPublicKey.Negate(), combined);
        }
        k = default;
        Span<byte> expected = stackalloc byte[32];
        AuthHash(value.EphemeralPublicKey, m, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, value.AuthHash))
        {
            Fp12.Wipe(ref m);
            throw new SchemeException(SchemeError.DecryptFailed);
        }
        m.WriteBytes(plaintext);
        Fp12.Wipe(ref m);
    }

    /// <summary>4.11, drawing s then K.</summary>
    public static TransformKeyData GenerateTransformKey(
        IRandomSource random, ReadOnlySpan<byte> fromPrivateKey, in G1Affine to, ReadOnlySpan<byte> signingKeyPair)
    {
        var s = RandomPrivateKey(random);
        var k = RandomGt(random);
        var epk = Affine(Points.MultiplyG1Generator(s));
        var etk = PairWithGq(to.ToProjective().Multiply(s)) * k;
        s = default;
        var from = PrivateKeyScalar(fromPrivateKey);
        var fromQ = Points.MultiplyG2Generator(from);
        from = default;
        var htk = Affine(G2.Add(Hash2(k), fromQ.Negate()));
        Fp12.Wipe(ref k);
        var key = new TransformKeyData
        {
            EphemeralPublicKey = epk,
            ToPublicKey = to,
            EncryptedTempKey = etk,
            HashedTempKey = htk,
        };
        Points.WriteBytes(htk, key.HashedTempKeyBytes);
        signingKeyPair[32..].CopyTo(key.PublicSigningKey);
        Span<byte> signed = stackalloc byte[TransformKeyData.SignedSize];
        key.WriteSignedBytes(key.PublicSigningKey, signed);
        Ed25519.Sign(signingKeyPair[..32], key.PublicSigningKey, signed, key.Signature);
        return key;
    }

    /// <summary>4.13, drawing K′ then t before any check.</summary>
    /// <param name="resultBlocks">Where the result's blocks go: one more than <paramref name="value"/> has.</param>
    public static EncryptedValueData Transform(
        IRandomSource random, in EncryptedValueData value, in TransformKeyData key, ReadOnlySpan<byte> signingKeyPair,
        Span<Block> resultBlocks)
    {
        if (resultBlocks.Length != value.Blocks.Length + 1)
        {
            throw new ArgumentException("The result has one block more than the value.", nameof(resultBlocks));
        }
        var kPrime = RandomGt(random);
        var t = RandomPrivateKey(random);
        var valueOk = value.VerifySignature();
        var keyOk = key.VerifySignature();
        if (!valueOk)
        {
            throw new SchemeException(SchemeError.InvalidEncryptedValueSignature);
        }
        if (!keyOk)
        {
            throw new SchemeException(SchemeError.InvalidTransformKeySignature);
        }
        var rpk = Affine(Points.MultiplyG1Generator(t));
        var ertk = PairWithGq(key.ToPublicKey.ToProjective().Multiply(t)) * kPrime;
        t = default;
        var newBlock = new Block(key.EphemeralPublicKey, key.EncryptedTempKey, rpk, ertk);
        var hk = Hash2(kPrime);
        Fp12.Wipe(ref kPrime);
        var combined = Affine(G2.AddAffine(hk, key.HashedTempKey));
        var result = new EncryptedValueData
        {
            EphemeralPublicKey = value.EphemeralPublicKey,
            EncryptedMessage = value.EncryptedMessage,
            AuthHash = value.AuthHash,
            Blocks = resultBlocks,
        };
        value.Blocks.CopyTo(result.Blocks);
        if (value.Blocks.Length == 0)
        {
            var c = Pairing.Pair(value.EphemeralPublicKey, combined) * Fp12.FromBytesReduced(value.EncryptedMessage);
            c.WriteBytes(result.EncryptedMessage);
        }
        else
        {
            var last = value.Blocks[^1];
            result.Blocks[^2] = new Block(
                last.PublicKey,
                last.EncryptedTempKey * Pairing.Pair(last.PublicKey, key.HashedTempKey),
                last.RandomTransformPublicKey,
                last.RandomTransformEncryptedTempKey * Pairing.Pair(last.RandomTransformPublicKey, combined));
        }
        result.Blocks[^1] = newBlock;
        result.Sign(signingKeyPair);
        return result;
    }

    /// <summary>4.12: HTK − [a mod p]G_Q, emitted canonically; everything else, the signature included, unchanged.</summary>
    public static void AugmentTransformKey(ref TransformKeyData key, ReadOnlySpan<byte> privateKey)
    {
        var a = PrivateKeyScalar(privateKey);
        var aQ = Points.MultiplyG2Generator(a);
        a = default;
        key.HashedTempKey = Affine(G2.AddAffine(aQ.Negate(), key.HashedTempKey));
        Points.WriteBytes(key.HashedTempKey, key.HashedTempKeyBytes);
    }

    /// <summary>
    /// Decodes a hashed temp key (each coordinate reduced); it must satisfy the twist equation and lie
    /// in G2 ([r]Q = O). The subgroup check is the native core's rule, not recrypt's (spec pitfall 19):
    /// every hashed temp key anyone's implementation makes is a combination of G_Q and H, so it only
    /// refuses crafted points of small order, which would silently corrupt a transformed value.
    /// </summary>
    public static G2Affine DecodeHashedTempKey(ReadOnlySpan<byte> bytes)
    {
        var point = new G2Affine(Fp2.FromBytesReduced(bytes[..64]), Fp2.FromBytesReduced(bytes[64..128]));
        if (point.IsOnCurveMask() == 0 || point.ToProjective().Multiply(RModulus.Modulus).IsIdentityMask() == 0)
        {
            throw new SchemeException(SchemeError.DecodeFailed);
        }
        return point;
    }

    public static void WriteBlock(in Block block, Span<byte> destination)
    {
        Points.WriteBytes(block.PublicKey, destination);
        block.EncryptedTempKey.WriteBytes(destination[64..]);
        Points.WriteBytes(block.RandomTransformPublicKey, destination[448..]);
        block.RandomTransformEncryptedTempKey.WriteBytes(destination[512..]);
    }

    public static Block DecodeBlock(ReadOnlySpan<byte> bytes) => new(
        DecodePublicKey(bytes[..64]),
        Fp12.FromBytesReduced(bytes[64..448]),
        DecodePublicKey(bytes[448..512]),
        Fp12.FromBytesReduced(bytes[512..896]));

    // Signing keys

    /// <summary>Checks that a 64-byte pair's public half is its seed's public key.</summary>
    public static void ValidateSigningKeyPair(ReadOnlySpan<byte> signingKeyPair)
    {
        Span<byte> computed = stackalloc byte[Ed25519.PublicKeySize];
        Ed25519.ComputePublicKey(signingKeyPair[..32], computed);
        if (!CryptographicOperations.FixedTimeEquals(computed, signingKeyPair[32..64]))
        {
            throw new SchemeException(SchemeError.InvalidSigningKeyPair);
        }
    }

    /// <summary>A fresh Ed25519 pair: 32 random bytes as the seed.</summary>
    public static void GenerateSigningKeyPair(IRandomSource random, Span<byte> signingKeyPair)
    {
        random.Fill(signingKeyPair[..32]);
        Ed25519.ComputePublicKey(signingKeyPair[..32], signingKeyPair[32..64]);
    }

    // Schnorr (spec 4.14)

    public static void SchnorrSign(
        IRandomSource random, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        var pk = DecodePublicKey(publicKey);
        Span<byte> bytes = stackalloc byte[32];
        Fr nonce;
        while (true)
        {
            random.Fill(bytes);
            nonce = Fr.FromBytesCanonical(bytes, out var isCanonical);
            if (isCanonical != 0)
            {
                break;
            }
        }
        CryptographicOperations.ZeroMemory(bytes);
        SchnorrSignWithNonce(privateKey, pk, message, nonce, signature);
        nonce = default;
    }

    public static void SchnorrSignWithNonce(ReadOnlySpan<byte> privateKey, in G1Affine publicKey, ReadOnlySpan<byte> message, in Fr nonce, Span<byte> signature)
    {
        var rPoint = Affine(Points.MultiplyG1Generator(nonce.ToCanonical()));
        var rs = Fr.FromAny(rPoint.X.ToCanonical());
        var h = SchnorrChallenge(rs, publicKey, message);
        var k = Fr.FromAny(PrivateKeyScalar(privateKey));
        var s = nonce - h * k;
        k = default;
        rs.WriteBigEndian(signature);
        s.WriteBigEndian(signature[32..]);
    }

    public static bool SchnorrVerify(in G1Affine publicKey, ReadOnlySpan<byte> augmentingPrivateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var rs = Fr.FromAny(U256.FromBigEndian(signature[..32]));
        var s = Fr.FromAny(U256.FromBigEndian(signature[32..64]));
        var h = SchnorrChallenge(rs, publicKey, message);
        var u = publicKey.ToProjective();
        if (!augmentingPrivateKey.IsEmpty)
        {
            u = G1.Add(u, Points.MultiplyG1Generator(PrivateKeyScalar(augmentingPrivateKey)).Negate());
        }
        var v = G1.Add(Points.MultiplyG1Generator(s.ToCanonical()), u.Multiply(h.ToCanonical()));
        var affine = v.ToAffine(out var isFinite);
        return isFinite != 0 && Fr.EqualMask(Fr.FromAny(affine.X.ToCanonical()), rs) != 0;
    }

    private static Fr SchnorrChallenge(in Fr rs, in G1Affine publicKey, ReadOnlySpan<byte> message)
    {
        Span<byte> r = stackalloc byte[32];
        Span<byte> pk = stackalloc byte[64];
        Span<byte> wide = stackalloc byte[64];
        rs.WriteBigEndian(r);
        Points.WriteBytes(publicKey, pk);
        Hashing.Sha256(r, pk, message, wide[..32]);
        Hashing.Sha256(pk, message, r, wide[32..]);
        return Fr.FromAny(Fp.FromBytesWide(wide).ToCanonical());
    }

    // Building blocks

    /// <summary>32 random bytes reduced mod p, as a scalar (spec 4.2).</summary>
    private static U256 RandomPrivateKey(IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.Fill(bytes);
        var k = PrivateKeyScalar(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return k;
    }

    /// <summary>A fresh private key's bytes and its public key (spec 4.2).</summary>
    public static void GenerateKeyPair(IRandomSource random, Span<byte> privateKey, Span<byte> publicKey)
    {
        random.Fill(privateKey);
        Fp.FromBytesReduced(privateKey).WriteBigEndian(privateKey);
        ComputePublicKey(privateKey, publicKey);
    }

    /// <summary>e(P, G_Q) for a projective P; the identity is <see cref="SchemeError.InvalidPublicKey"/> (spec 2.1).</summary>
    private static Fp12 PairWithGq(in G1 p) => Pairing.PairWithG2Generator(Affine(p));

    /// <summary>hash2 (spec 3.4): [int(SHA256(0x00‖K) ‖ SHA256(0x01‖K)) mod p]·H.</summary>
    private static G2 Hash2(in Fp12 k)
    {
        Span<byte> input = stackalloc byte[1 + Fp12.Size];
        Span<byte> wide = stackalloc byte[64];
        k.WriteBytes(input[1..]);
        input[0] = 0;
        SHA256.HashData(input, wide[..32]);
        input[0] = 1;
        SHA256.HashData(input, wide[32..]);
        var n = Fp.FromBytesWide(wide).ToCanonical();
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(wide);
        var result = Points.MultiplyHashElement(n);
        n = default;
        return result;
    }

    /// <summary>3.5: SHA256(E.x ‖ E.y ‖ m).</summary>
    private static void AuthHash(in G1Affine ephemeral, in Fp12 m, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[64 + Fp12.Size];
        Points.WriteBytes(ephemeral, input);
        m.WriteBytes(input[64..]);
        SHA256.HashData(input, destination);
        CryptographicOperations.ZeroMemory(input);
    }

}
