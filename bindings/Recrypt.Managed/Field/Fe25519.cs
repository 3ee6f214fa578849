using System.Runtime.CompilerServices;

namespace Recrypt.Managed.Field;

/// <summary>
/// An element of F_p for p = 2^255 − 19 (Ed25519's field), on four 64-bit limbs holding any value
/// below 2^256 that is congruent to it (weakly reduced); <see cref="ToCanonical"/> gives the value
/// below p. The special form of p makes reduction a multiplication by 38 (2^256 ≡ 38), so a product
/// costs 16 limb multiplications and 4 for the reduction where Montgomery's needs 32. Every operation
/// is constant time: carries become masks and multiples of 38, never branches.
/// </summary>
internal readonly struct Fe25519
{
    private const ulong Fold = 38; // 2^256 mod p

    private static readonly U256 s_modulus = new(0xffffffffffffffedUL, ulong.MaxValue, ulong.MaxValue, 0x7fffffffffffffffUL);

    private readonly U256 _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Fe25519(in U256 value) => _value = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Fe25519(ulong l0, ulong l1, ulong l2, ulong l3) => _value = new U256(l0, l1, l2, l3);

    public static U256 Modulus => s_modulus;

    public static Fe25519 Zero => default;

    public static Fe25519 One => new(1, 0, 0, 0);

    /// <summary>The element of an integer below 2^256 (any such integer is a valid representation).</summary>
    public static Fe25519 FromCanonical(in U256 v) => new(v);

    public static Fe25519 FromUInt64(ulong v) => new(v, 0, 0, 0);

    /// <summary>The canonical integer, below p: at most two subtractions of p from a value below 2^256 = 2p + 38.</summary>
    public U256 ToCanonical()
    {
        var v = U256.ReduceOnce(_value, 0, s_modulus);
        return U256.ReduceOnce(v, 0, s_modulus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe25519 operator +(in Fe25519 a, in Fe25519 b)
    {
        var s = U256.Add(a._value, b._value, out var carry);
        return FoldCarry(s, carry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe25519 operator -(in Fe25519 a, in Fe25519 b)
    {
        // a − b + 2^256·w ≡ a − b + 38·w: take 38 away for each wrap below zero (at most twice).
        var d = U256.Sub(a._value, b._value, out var borrow);
        ulong w = 0;
        var d0 = U256.Sbb(d.L0, borrow * Fold, ref w);
        var d1 = U256.Sbb(d.L1, 0, ref w);
        var d2 = U256.Sbb(d.L2, 0, ref w);
        var d3 = U256.Sbb(d.L3, 0, ref w);
        return new(d0 - w * Fold, d1, d2, d3); // after a second wrap d is near 2^256: no third
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe25519 operator -(in Fe25519 a) => Zero - a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe25519 operator *(in Fe25519 a, in Fe25519 b) => new(Multiply(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fe25519 Square() => new(SquareWide(_value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fe25519 Double() => this + this;

    /// <summary>this^e for a public exponent (constants), square and multiply over all 256 bits.</summary>
    public Fe25519 PowPublic(in U256 e)
    {
        var acc = One;
        for (var i = 255; i >= 0; i--)
        {
            acc = acc.Square();
            acc = Select(acc, acc * this, 0 - e.Bit(i));
        }
        return acc;
    }

    /// <summary>this^(2^n), for the fixed exponent chains.</summary>
    private Fe25519 SquareTimes(int n)
    {
        var r = this;
        for (var i = 0; i < n; i++)
        {
            r = r.Square();
        }
        return r;
    }

    /// <summary>All ones when zero (as an element, whatever its representation), else zero.</summary>
    public ulong IsZeroMask() => U256.EqualMask(ToCanonical(), U256.Zero);

    /// <summary>All ones when equal as elements, else zero.</summary>
    public static ulong EqualMask(in Fe25519 a, in Fe25519 b) => U256.EqualMask(a.ToCanonical(), b.ToCanonical());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe25519 Select(in Fe25519 a, in Fe25519 b, ulong mask) => new(U256.Select(a._value, b._value, mask));

    /// <summary>The inverse, this^(p−2), by the fixed chain of 254 squarings and 11 multiplications (zero for zero).</summary>
    public Fe25519 Invert()
    {
        var t250 = Pow2To250Minus1(out var z11);
        return t250.SquareTimes(5) * z11; // 2^255 − 32 + 11 = p − 2
    }

    /// <summary>this^((p−5)/8) = this^(2^252 − 3), for square roots (RFC 8032 5.1.3).</summary>
    public Fe25519 PowP58() => Pow2To250Minus1(out _).SquareTimes(2) * this;

    /// <summary>this^(2^250 − 1), and this^11 on the way.</summary>
    private Fe25519 Pow2To250Minus1(out Fe25519 z11)
    {
        var z2 = Square();
        var z9 = z2.SquareTimes(2) * this;
        z11 = z9 * z2;
        var z5 = z11.Square() * z9; // 2^5 − 1
        var z10 = z5.SquareTimes(5) * z5;
        var z20 = z10.SquareTimes(10) * z10;
        var z40 = z20.SquareTimes(20) * z20;
        var z50 = z40.SquareTimes(10) * z10;
        var z100 = z50.SquareTimes(50) * z50;
        var z200 = z100.SquareTimes(100) * z100;
        return z200.SquareTimes(50) * z50;
    }

    /// <summary>a·b mod p, weakly reduced: the 512-bit product, then high·38 + low, then the last carry folded twice.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static U256 Multiply(in U256 a, in U256 b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong c = 0;
        var b0 = b.L0;
        var t0 = U256.Mac(0, a0, b0, ref c);
        var t1 = U256.Mac(0, a1, b0, ref c);
        var t2 = U256.Mac(0, a2, b0, ref c);
        var t3 = U256.Mac(0, a3, b0, ref c);
        var t4 = c;

        c = 0;
        var b1 = b.L1;
        t1 = U256.Mac(t1, a0, b1, ref c);
        t2 = U256.Mac(t2, a1, b1, ref c);
        t3 = U256.Mac(t3, a2, b1, ref c);
        t4 = U256.Mac(t4, a3, b1, ref c);
        var t5 = c;

        c = 0;
        var b2 = b.L2;
        t2 = U256.Mac(t2, a0, b2, ref c);
        t3 = U256.Mac(t3, a1, b2, ref c);
        t4 = U256.Mac(t4, a2, b2, ref c);
        t5 = U256.Mac(t5, a3, b2, ref c);
        var t6 = c;

        c = 0;
        var b3 = b.L3;
        t3 = U256.Mac(t3, a0, b3, ref c);
        t4 = U256.Mac(t4, a1, b3, ref c);
        t5 = U256.Mac(t5, a2, b3, ref c);
        t6 = U256.Mac(t6, a3, b3, ref c);
        var t7 = c;

        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>a² mod p, weakly reduced: the six cross products once and doubled, plus the four squares (10 limb products, not 16).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static U256 SquareWide(in U256 a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong c = 0;
        var t1 = U256.Mac(0, a0, a1, ref c);
        var t2 = U256.Mac(0, a0, a2, ref c);
        var t3 = U256.Mac(0, a0, a3, ref c);
        var t4 = c;
        c = 0;
        t3 = U256.Mac(t3, a1, a2, ref c);
        t4 = U256.Mac(t4, a1, a3, ref c);
        var t5 = c;
        c = 0;
        t5 = U256.Mac(t5, a2, a3, ref c);
        var t6 = c;

        var t7 = t6 >> 63;
        t6 = (t6 << 1) | (t5 >> 63);
        t5 = (t5 << 1) | (t4 >> 63);
        t4 = (t4 << 1) | (t3 >> 63);
        t3 = (t3 << 1) | (t2 >> 63);
        t2 = (t2 << 1) | (t1 >> 63);
        t1 <<= 1;

        ulong h0 = 0, h1 = 0, h2 = 0, h3 = 0;
        var t0 = U256.Mac(0, a0, a0, ref h0);
        var l1 = U256.Mac(0, a1, a1, ref h1);
        var l2 = U256.Mac(0, a2, a2, ref h2);
        var l3 = U256.Mac(0, a3, a3, ref h3);
        c = 0;
        t1 = U256.Adc(t1, h0, ref c);
        t2 = U256.Adc(t2, l1, ref c);
        t3 = U256.Adc(t3, h1, ref c);
        t4 = U256.Adc(t4, l2, ref c);
        t5 = U256.Adc(t5, h2, ref c);
        t6 = U256.Adc(t6, l3, ref c);
        t7 += h3 + c; // a² < 2^512: no carry out
        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>t mod p for a 512-bit t (limbs t0…t7), weakly reduced: low + 38·high, then the last carry folded twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static U256 Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        // low + 38·high: a fifth limb below 39.
        ulong c = 0;
        var r0 = U256.Mac(t0, t4, Fold, ref c);
        var r1 = U256.Mac(t1, t5, Fold, ref c);
        var r2 = U256.Mac(t2, t6, Fold, ref c);
        var r3 = U256.Mac(t3, t7, Fold, ref c);

        // The fifth limb is worth 38 each; a carry out of that means the four limbs wrapped to a small
        // value, so adding the second 38 cannot carry again.
        ulong carry = 0;
        r0 = U256.Adc(r0, c * Fold, ref carry);
        r1 = U256.Adc(r1, 0, ref carry);
        r2 = U256.Adc(r2, 0, ref carry);
        r3 = U256.Adc(r3, 0, ref carry);
        return new U256(r0 + carry * Fold, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fe25519 FoldCarry(in U256 s, ulong carry)
    {
        ulong c = 0;
        var r0 = U256.Adc(s.L0, carry * Fold, ref c);
        var r1 = U256.Adc(s.L1, 0, ref c);
        var r2 = U256.Adc(s.L2, 0, ref c);
        var r3 = U256.Adc(s.L3, 0, ref c);
        return new(r0 + c * Fold, r1, r2, r3);
    }
}
