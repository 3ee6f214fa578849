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

/// <summary>
/// recrypt's Api256 and Api480 (spec section 4, appendix A) in managed code, written once over the curve:
/// base field <typeparamref name="F"/>, scalar field <typeparamref name="S"/>, both on limbs
/// <typeparamref name="L"/>, curve <typeparamref name="C"/> (<see cref="Scheme256"/>, <see cref="Scheme480"/>).
/// Every operation has its random draws in the order and sizes of spec 6.3 and A.4, so that a seeded
/// <see cref="ChaCha20Random"/> reproduces IronCore's outputs. Secrets (private keys, plaintexts, temp keys,
/// nonces) are handled in constant time and their byte buffers wiped; <see cref="System.Numerics.BigInteger"/>
/// is never used.
/// </summary>
internal static class Scheme<F, S, L, C>
    where F : struct, IPrimeField<F, L>
    where S : struct, IPrimeField<S, L>
    where L : struct, ILimbs<L>
    where C : struct, IBnCurve<F>
{
    /// <summary>A private key: one field element (32 or 60 bytes).</summary>
    public static int PrivateKeySize => F.Size;

    /// <summary>A public key: x ‖ y.</summary>
    public static int PublicKeySize => 2 * F.Size;

    /// <summary>A Schnorr signature: r ‖ s, each a scalar.</summary>
    public static int SchnorrSignatureSize => 2 * S.Size;

    // Keys

    /// <summary>A private key's scalar: its bytes reduced mod p (spec 3.1), as the canonical integer.</summary>
    public static L PrivateKeyScalar(ReadOnlySpan<byte> privateKey) => F.FromBytesReduced(privateKey).ToCanonical();

    /// <summary>Decodes x ‖ y (each reduced mod p) and checks the curve equation.</summary>
    public static bool TryDecodePublicKey(ReadOnlySpan<byte> bytes, out Affine<F, G1Curve<F>> point)
    {
        point = new Affine<F, G1Curve<F>>(F.FromBytesReduced(bytes[..F.Size]), F.FromBytesReduced(bytes[F.Size..(2 * F.Size)]));
        return point.IsOnCurveMask() != 0;
    }

    public static Affine<F, G1Curve<F>> DecodePublicKey(ReadOnlySpan<byte> bytes) =>
        TryDecodePublicKey(bytes, out var point) ? point : throw new SchemeException(SchemeError.InvalidPublicKey);

    /// <summary>The affine form of a projective result; the identity is <see cref="SchemeError.InvalidPublicKey"/>.</summary>
    public static Affine<F, G1Curve<F>> Affine(in Point<F, G1Curve<F>> p)
    {
        var affine = p.ToAffine(out var isFinite);
        return isFinite != 0 ? affine : throw new SchemeException(SchemeError.InvalidPublicKey);
    }

    private static Affine<Fp2<F>, G2Curve<F>> Affine(in Point<Fp2<F>, G2Curve<F>> p)
    {
        var affine = p.ToAffine(out var isFinite);
        return isFinite != 0 ? affine : throw new SchemeException(SchemeError.InvalidPublicKey);
    }

    /// <summary>4.3: [k]G_P.</summary>
    public static void ComputePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        var k = PrivateKeyScalar(privateKey);
        Affine(Points<F, L, C>.MultiplyG1Generator(k)).WriteBytes(publicKey);
        k = default;
    }

    /// <summary>The canonical encoding of a public key, or false when it is not on the curve.</summary>
    public static bool TryCanonicalizePublicKey(ReadOnlySpan<byte> publicKey, Span<byte> canonical)
    {
        if (!TryDecodePublicKey(publicKey, out var point))
        {
            return false;
        }
        point.WriteBytes(canonical);
        return true;
    }

    /// <summary>4.4: the point sum.</summary>
    public static void AugmentPublicKey(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum) =>
        Affine(Point<F, G1Curve<F>>.AddAffine(DecodePublicKey(a).ToProjective(), DecodePublicKey(b))).WriteBytes(sum);

    /// <summary>4.5: (a mod r ± b mod r) mod r, first minus second.</summary>
    public static void CombinePrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, bool subtract, Span<byte> result)
    {
        var x = S.FromAny(PrivateKeyScalar(a));
        var y = S.FromAny(PrivateKeyScalar(b));
        var z = subtract ? x - y : x + y;
        z.WriteBytes(result);
    }

    // Plaintexts

    /// <summary>4.6, A.4: the F_p¹² element of 12 random field-sized draws (one read) raised to (p¹²−1)/r.</summary>
    public static Fp12<F> RandomGt(IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[Fp12<F>.Size];
        random.Fill(bytes);
        var raw = Fp12<F>.FromBytesReduced(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        var isZero = raw.IsZeroMask();
        var result = Pairing<F, L, C>.FinalExponentiation(raw);
        Fp12<F>.Wipe(ref raw);
        return isZero == 0 ? result : throw new SchemeException(SchemeError.RandomSourceFailed);
    }

    /// <summary>4.7: SHA-256 of the canonical encoding.</summary>
    public static void DeriveSymmetricKey(ReadOnlySpan<byte> plaintext, Span<byte> key)
    {
        Span<byte> canonical = stackalloc byte[Fp12<F>.Size];
        WriteCanonical(plaintext, canonical);
        SHA256.HashData(canonical, key);
        CryptographicOperations.ZeroMemory(canonical);
    }

    /// <summary>4.8, A.4: the curve's hash of the canonical plaintext, mod p.</summary>
    public static void DerivePrivateKey(ReadOnlySpan<byte> plaintext, Span<byte> privateKey)
    {
        Span<byte> canonical = stackalloc byte[Fp12<F>.Size];
        Span<byte> digest = stackalloc byte[F.Size];
        WriteCanonical(plaintext, canonical);
        C.DerivePrivateKeyBytes(canonical, digest);
        F.FromBytesReduced(digest).WriteBytes(privateKey);
        CryptographicOperations.ZeroMemory(canonical);
        CryptographicOperations.ZeroMemory(digest);
    }

    private static void WriteCanonical(ReadOnlySpan<byte> plaintext, Span<byte> canonical)
    {
        var m = Fp12<F>.FromBytesReduced(plaintext);
        m.WriteBytes(canonical);
        Fp12<F>.Wipe(ref m);
    }

    // Encryption and transformation

    /// <summary>4.9 with the ephemeral key drawn from <paramref name="random"/>.</summary>
    public static EncryptedValueData<F> Encrypt(IRandomSource random, ReadOnlySpan<byte> plaintext, in Affine<F, G1Curve<F>> to, ReadOnlySpan<byte> signingKeyPair)
    {
        var ke = RandomPrivateKey(random);
        var ephemeral = Affine(Points<F, L, C>.MultiplyG1Generator(ke));
        var mask = PairWithGq(to.ToProjective().Multiply(ke));
        ke = default;
        var m = Fp12<F>.FromBytesReduced(plaintext);
        var c = mask * m;
        var value = new EncryptedValueData<F> { EphemeralPublicKey = ephemeral };
        c.WriteBytes(value.EncryptedMessage);
        AuthHash(ephemeral, m, value.AuthHash);
        Fp12<F>.Wipe(ref mask);
        Fp12<F>.Wipe(ref m);
        value.Sign(signingKeyPair);
        return value;
    }

    /// <summary>4.10: decrypts a value of any level with the last recipient's private key.</summary>
    public static void Decrypt(in EncryptedValueData<F> value, ReadOnlySpan<byte> privateKey, Span<byte> plaintext)
    {
        var c = Fp12<F>.FromBytesReduced(value.EncryptedMessage);
        if (!value.VerifySignature())
        {
            throw new SchemeException(SchemeError.InvalidEncryptedValueSignature);
        }
        var k = PrivateKeyScalar(privateKey);
        Fp12<F> m;
        if (value.Blocks.Length == 0)
        {
            var mask = PairWithGq(value.EphemeralPublicKey.ToProjective().Negate().Multiply(k));
            m = c * mask;
            Fp12<F>.Wipe(ref mask);
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
                var hr = Affine(Point<Fp2<F>, G2Curve<F>>.Add(Hash2(rr), h));
                Fp12<F>.Wipe(ref kk);
                Fp12<F>.Wipe(ref rr);
                kk = block.EncryptedTempKey * Pairing<F, L, C>.Pair(block.PublicKey.Negate(), hAffine);
                rr = block.RandomTransformEncryptedTempKey * Pairing<F, L, C>.Pair(block.RandomTransformPublicKey.Negate(), hr);
            }
            var combined = Affine(Point<Fp2<F>, G2Curve<F>>.Add(Hash2(kk), Hash2(rr)));
            Fp12<F>.Wipe(ref kk);
            Fp12<F>.Wipe(ref rr);
            m = c * Pairing<F, L, C>.Pair(value.EphemeralPublicKey.Negate(), combined);
        }
        k = default;
        Span<byte> expected = stackalloc byte[32];
        AuthHash(value.EphemeralPublicKey, m, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, value.AuthHash))
        {
            Fp12<F>.Wipe(ref m);
            throw new SchemeException(SchemeError.DecryptFailed);
        }
        m.WriteBytes(plaintext);
        Fp12<F>.Wipe(ref m);
    }

    /// <summary>4.11, drawing s then K.</summary>
    public static TransformKeyData<F> GenerateTransformKey(
        IRandomSource random, ReadOnlySpan<byte> fromPrivateKey, in Affine<F, G1Curve<F>> to, ReadOnlySpan<byte> signingKeyPair)
    {
        var s = RandomPrivateKey(random);
        var k = RandomGt(random);
        var epk = Affine(Points<F, L, C>.MultiplyG1Generator(s));
        var etk = PairWithGq(to.ToProjective().Multiply(s)) * k;
        s = default;
        var from = PrivateKeyScalar(fromPrivateKey);
        var fromQ = Points<F, L, C>.MultiplyG2Generator(from);
        from = default;
        var htk = Affine(Point<Fp2<F>, G2Curve<F>>.Add(Hash2(k), fromQ.Negate()));
        Fp12<F>.Wipe(ref k);
        var key = new TransformKeyData<F>
        {
            EphemeralPublicKey = epk,
            ToPublicKey = to,
            EncryptedTempKey = etk,
            HashedTempKey = htk,
        };
        htk.WriteBytes(key.HashedTempKeyInput);
        signingKeyPair[Ed25519.SeedSize..].CopyTo(key.PublicSigningKey);
        Span<byte> signed = stackalloc byte[TransformKeyData<F>.SignedSize];
        key.WriteSignedBytes(key.PublicSigningKey, signed);
        Ed25519.Sign(signingKeyPair[..Ed25519.SeedSize], key.PublicSigningKey, signed, key.Signature);
        return key;
    }

    /// <summary>4.13, drawing K′ then t before any check.</summary>
    /// <param name="resultBlocks">Where the result's blocks go: one more than <paramref name="value"/> has.</param>
    /// <param name="keyVerified">Whether the key's signature was checked before (a prepared key): it is not checked again.</param>
    public static EncryptedValueData<F> Transform(
        IRandomSource random, scoped in EncryptedValueData<F> value, scoped in TransformKeyData<F> key, ReadOnlySpan<byte> signingKeyPair,
        Span<Block<F>> resultBlocks, bool keyVerified = false)
    {
        if (resultBlocks.Length != value.Blocks.Length + 1)
        {
            throw new ArgumentException("The result has one block more than the value.", nameof(resultBlocks));
        }
        var kPrime = RandomGt(random);
        var t = RandomPrivateKey(random);
        var valueOk = value.VerifySignature();
        var keyOk = keyVerified || key.VerifySignature();
        if (!valueOk)
        {
            throw new SchemeException(SchemeError.InvalidEncryptedValueSignature);
        }
        if (!keyOk)
        {
            throw new SchemeException(SchemeError.InvalidTransformKeySignature);
        }
        var rpk = Affine(Points<F, L, C>.MultiplyG1Generator(t));
        var ertk = PairWithGq(key.ToPublicKey.ToProjective().Multiply(t)) * kPrime;
        t = default;
        var newBlock = new Block<F>(key.EphemeralPublicKey, key.EncryptedTempKey, rpk, ertk);
        var hk = Hash2(kPrime);
        Fp12<F>.Wipe(ref kPrime);
        var combined = Affine(Point<Fp2<F>, G2Curve<F>>.AddAffine(hk, key.HashedTempKey));
        var result = new EncryptedValueData<F>
        {
            EphemeralPublicKey = value.EphemeralPublicKey,
            EncryptedMessage = value.EncryptedMessage,
            AuthHash = value.AuthHash,
            Blocks = resultBlocks,
        };
        value.Blocks.CopyTo(result.Blocks);
        if (value.Blocks.Length == 0)
        {
            var c = Pairing<F, L, C>.Pair(value.EphemeralPublicKey, combined) * Fp12<F>.FromBytesReduced(value.EncryptedMessage);
            c.WriteBytes(result.EncryptedMessage);
        }
        else
        {
            var last = value.Blocks[^1];
            result.Blocks[^2] = new Block<F>(
                last.PublicKey,
                last.EncryptedTempKey * Pairing<F, L, C>.Pair(last.PublicKey, key.HashedTempKey),
                last.RandomTransformPublicKey,
                last.RandomTransformEncryptedTempKey * Pairing<F, L, C>.Pair(last.RandomTransformPublicKey, combined));
        }
        result.Blocks[^1] = newBlock;
        result.Sign(signingKeyPair);
        return result;
    }

    /// <summary>4.12: HTK − [a mod p]G_Q, emitted canonically; everything else, the signature included, unchanged.</summary>
    public static void AugmentTransformKey(ref TransformKeyData<F> key, ReadOnlySpan<byte> privateKey)
    {
        var a = PrivateKeyScalar(privateKey);
        var aQ = Points<F, L, C>.MultiplyG2Generator(a);
        a = default;
        key.HashedTempKey = Affine(Point<Fp2<F>, G2Curve<F>>.AddAffine(aQ.Negate(), key.HashedTempKey));
        key.HashedTempKey.WriteBytes(key.HashedTempKeyInput);
    }

    /// <summary>
    /// Decodes a hashed temp key (each coordinate reduced); it must satisfy the twist equation and lie
    /// in Point<Fp2<F>, G2Curve<F>> ([r]Q = O). The subgroup check is the native core's rule, not recrypt's (spec pitfall 19):
    /// every hashed temp key anyone's implementation makes is a combination of G_Q and H, so it only
    /// refuses crafted points of small order, which would silently corrupt a transformed value.
    /// </summary>
    public static Affine<Fp2<F>, G2Curve<F>> DecodeHashedTempKey(ReadOnlySpan<byte> bytes)
    {
        var point = new Affine<Fp2<F>, G2Curve<F>>(Fp2<F>.FromBytesReduced(bytes[..Fp2<F>.Size]), Fp2<F>.FromBytesReduced(bytes[Fp2<F>.Size..(2 * Fp2<F>.Size)]));
        if (point.IsOnCurveMask() == 0 || point.ToProjective().Multiply(S.Modulus).IsIdentityMask() == 0)
        {
            throw new SchemeException(SchemeError.DecodeFailed);
        }
        return point;
    }

    public static Block<F> DecodeBlock(ReadOnlySpan<byte> bytes)
    {
        var (point, element) = (2 * F.Size, Fp12<F>.Size);
        return new(
            DecodePublicKey(bytes[..point]),
            Fp12<F>.FromBytesReduced(bytes[point..(point + element)]),
            DecodePublicKey(bytes[(point + element)..(2 * point + element)]),
            Fp12<F>.FromBytesReduced(bytes[(2 * point + element)..(2 * point + 2 * element)]));
    }

    // Schnorr (spec 4.14)

    public static void SchnorrSign(
        IRandomSource random, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        var pk = DecodePublicKey(publicKey);
        Span<byte> bytes = stackalloc byte[S.Size];
        S nonce;
        while (true)
        {
            random.Fill(bytes);
            nonce = S.FromBytesCanonical(bytes, out var isCanonical);
            if (isCanonical != 0)
            {
                break;
            }
        }
        CryptographicOperations.ZeroMemory(bytes);
        SchnorrSignWithNonce(privateKey, pk, message, nonce, signature);
        nonce = default;
    }

    public static void SchnorrSignWithNonce(ReadOnlySpan<byte> privateKey, in Affine<F, G1Curve<F>> publicKey, ReadOnlySpan<byte> message, in S nonce, Span<byte> signature)
    {
        var rPoint = Affine(Points<F, L, C>.MultiplyG1Generator(nonce.ToCanonical()));
        var rs = S.FromAny(rPoint.X.ToCanonical());
        var h = SchnorrChallenge(rs, publicKey, message);
        var k = S.FromAny(PrivateKeyScalar(privateKey));
        var s = nonce - h * k;
        k = default;
        rs.WriteBytes(signature);
        s.WriteBytes(signature[S.Size..]);
    }

    public static bool SchnorrVerify(in Affine<F, G1Curve<F>> publicKey, ReadOnlySpan<byte> augmentingPrivateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var rs = S.FromAny(L.FromBigEndian(signature[..S.Size]));
        var s = S.FromAny(L.FromBigEndian(signature[S.Size..(2 * S.Size)]));
        var h = SchnorrChallenge(rs, publicKey, message);
        var u = publicKey.ToProjective();
        if (!augmentingPrivateKey.IsEmpty)
        {
            u = Point<F, G1Curve<F>>.Add(u, Points<F, L, C>.MultiplyG1Generator(PrivateKeyScalar(augmentingPrivateKey)).Negate());
        }
        var v = Point<F, G1Curve<F>>.Add(Points<F, L, C>.MultiplyG1Generator(s.ToCanonical()), u.Multiply(h.ToCanonical()));
        var affine = v.ToAffine(out var isFinite);
        return isFinite != 0 && S.EqualMask(S.FromAny(affine.X.ToCanonical()), rs) != 0;
    }

    private static S SchnorrChallenge(in S rs, in Affine<F, G1Curve<F>> publicKey, ReadOnlySpan<byte> message)
    {
        Span<byte> r = stackalloc byte[S.Size];
        Span<byte> pk = stackalloc byte[2 * F.Size];
        Span<byte> wide = stackalloc byte[64];
        rs.WriteBytes(r);
        publicKey.WriteBytes(pk);
        Hashing.Sha256(r, pk, message, wide[..32]);
        Hashing.Sha256(pk, message, r, wide[32..]);
        return S.FromAny(F.FromBytesWide(wide).ToCanonical());
    }

    // Building blocks

    /// <summary>A field element's size of random bytes reduced mod p, as a scalar (spec 4.2, A.4).</summary>
    private static L RandomPrivateKey(IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[F.Size];
        random.Fill(bytes);
        var k = PrivateKeyScalar(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return k;
    }

    /// <summary>A fresh private key's bytes and its public key (spec 4.2).</summary>
    public static void GenerateKeyPair(IRandomSource random, Span<byte> privateKey, Span<byte> publicKey)
    {
        random.Fill(privateKey);
        F.FromBytesReduced(privateKey).WriteBytes(privateKey);
        ComputePublicKey(privateKey, publicKey);
    }

    /// <summary>e(P, G_Q) for a projective P; the identity is <see cref="SchemeError.InvalidPublicKey"/> (spec 2.1).</summary>
    private static Fp12<F> PairWithGq(in Point<F, G1Curve<F>> p) => Pairing<F, L, C>.PairWithG2Generator(Affine(p));

    /// <summary>hash2 (spec 3.4): [int(SHA256(0x00‖K) ‖ SHA256(0x01‖K)) mod p]·H.</summary>
    private static Point<Fp2<F>, G2Curve<F>> Hash2(in Fp12<F> k)
    {
        Span<byte> input = stackalloc byte[1 + Fp12<F>.Size];
        Span<byte> wide = stackalloc byte[64];
        k.WriteBytes(input[1..]);
        input[0] = 0;
        SHA256.HashData(input, wide[..32]);
        input[0] = 1;
        SHA256.HashData(input, wide[32..]);
        var n = F.FromBytesWide(wide).ToCanonical();
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(wide);
        var result = Points<F, L, C>.MultiplyHashElement(n);
        n = default;
        return result;
    }

    /// <summary>3.5: SHA256(E.x ‖ E.y ‖ m).</summary>
    private static void AuthHash(in Affine<F, G1Curve<F>> ephemeral, in Fp12<F> m, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[2 * F.Size + Fp12<F>.Size];
        ephemeral.WriteBytes(input);
        m.WriteBytes(input[(2 * F.Size)..]);
        SHA256.HashData(input, destination);
        CryptographicOperations.ZeroMemory(input);
    }
}

/// <summary>The Ed25519 signing key pairs of the scheme (spec 3.6), the same for both curves.</summary>
internal static class SigningKeys
{
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
}
