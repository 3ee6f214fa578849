using System.Runtime.CompilerServices;

namespace Recrypt.Managed.Field;

/// <summary>
/// An odd modulus below 2^256 and the Montgomery constants derived from it (R = 2^256). The only
/// hand-written number of each field is its modulus.
/// </summary>
internal interface IModulus
{
    static abstract U256 Modulus { get; }

    /// <summary>−m⁻¹ mod 2^64.</summary>
    static abstract ulong Inv { get; }

    /// <summary>R mod m: the Montgomery form of 1.</summary>
    static abstract U256 R { get; }

    /// <summary>R² mod m: converts into Montgomery form.</summary>
    static abstract U256 R2 { get; }

    /// <summary>R³ mod m: converts the high half of a 512-bit value.</summary>
    static abstract U256 R3 { get; }
}

/// <summary>Derives the Montgomery constants of a modulus once, at type initialization.</summary>
internal static class Montgomery
{
    public static ulong NegativeInverse(ulong m0)
    {
        ulong inv = 1;
        for (var i = 0; i < 63; i++)
        {
            inv *= inv;
            inv *= m0;
        }
        return 0 - inv;
    }

    /// <summary>2^(256·n) mod m, by doubling (public constants only).</summary>
    public static U256 PowerOfR(in U256 m, int n)
    {
        var v = U256.ReduceOnce(U256.Sub(U256.Zero, m, out _), 0, m); // 2^256 − m = R mod m (m > 2^255) or more
        v = ReduceFully(v, m);
        for (var i = 0; i < 256 * (n - 1); i++)
        {
            var s = U256.Add(v, v, out var carry);
            v = U256.ReduceOnce(s, carry, m);
        }
        return v;
    }

    private static U256 ReduceFully(U256 v, in U256 m)
    {
        // For a modulus far below 2^256 (the Ed25519 ones), 2^256 − m may exceed m several times.
        while (U256.LessThan(v, m) == 0)
        {
            v = U256.Sub(v, m, out _);
        }
        return v;
    }
}

/// <summary>
/// An element of the prime field of <typeparamref name="M"/> in Montgomery form. Every operation is
/// constant time; equality and zero tests return masks or compare in constant time.
/// </summary>
internal readonly struct Fe<M> : IEquatable<Fe<M>>
    where M : struct, IModulus
{
    public readonly U256 Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Fe(in U256 montgomery) => Value = montgomery;

    public static Fe<M> Zero => default;

    public static Fe<M> One => new(M.R);

    /// <summary>The element of a canonical integer v &lt; m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<M> FromCanonical(in U256 v) => new(U256.MontMul<M>(v, M.R2));

    /// <summary>The element of any integer v &lt; 2^256 (reduced modulo m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<M> FromAny(in U256 v) => new(U256.MontMul<M>(v, M.R2));

    public static Fe<M> FromUInt64(ulong v) => FromCanonical(U256.FromUInt64(v));

    public static Fe<M> FromHex(string hex) => FromCanonical(U256.FromHex(hex));

    /// <summary>32 big-endian bytes reduced modulo m (spec 1.6: never rejected).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<M> FromBytesReduced(ReadOnlySpan<byte> bytes) => FromAny(U256.FromBigEndian(bytes));

    /// <summary>32 big-endian bytes that must be below m; the mask is all ones when they are.</summary>
    public static Fe<M> FromBytesCanonical(ReadOnlySpan<byte> bytes, out ulong isCanonical)
    {
        var v = U256.FromBigEndian(bytes);
        isCanonical = 0 - U256.LessThan(v, M.Modulus);
        return FromAny(v);
    }

    /// <summary>A 512-bit big-endian integer reduced modulo m (spec 1.7).</summary>
    public static Fe<M> FromBytesWide(ReadOnlySpan<byte> bytes)
    {
        var hi = new Fe<M>(U256.MontMul<M>(U256.FromBigEndian(bytes[..32]), M.R3));
        var lo = new Fe<M>(U256.MontMul<M>(U256.FromBigEndian(bytes[32..64]), M.R2));
        return hi + lo;
    }

    /// <summary>A 512-bit little-endian integer reduced modulo m (Ed25519 scalars).</summary>
    public static Fe<M> FromBytesWideLittleEndian(ReadOnlySpan<byte> bytes)
    {
        var lo = new Fe<M>(U256.MontMul<M>(U256.FromLittleEndian(bytes[..32]), M.R2));
        var hi = new Fe<M>(U256.MontMul<M>(U256.FromLittleEndian(bytes[32..64]), M.R3));
        return hi + lo;
    }

    /// <summary>The canonical integer (out of Montgomery form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public U256 ToCanonical() => U256.MontMul<M>(Value, U256.FromUInt64(1));

    public void WriteBigEndian(Span<byte> destination) => ToCanonical().WriteBigEndian(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<M> operator +(in Fe<M> a, in Fe<M> b)
    {
        var s = U256.Add(a.Value, b.Value, out var carry);
        return new(U256.ReduceOnce(s, carry, M.Modulus));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<M> operator -(in Fe<M> a, in Fe<M> b)
    {
        var d = U256.Sub(a.Value, b.Value, out var borrow);
        var mask = 0 - borrow;
        var m = M.Modulus;
        return new(U256.Add(d, new U256(m.L0 & mask, m.L1 & mask, m.L2 & mask, m.L3 & mask), out _));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<M> operator -(in Fe<M> a) => Zero - a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<M> operator *(in Fe<M> a, in Fe<M> b) => new(U256.MontMul<M>(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fe<M> Square() => new(U256.MontMul<M>(Value, Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fe<M> Double() => this + this;

    /// <summary>All ones when zero, else zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong IsZeroMask() => U256.EqualMask(Value, U256.Zero);

    /// <summary>All ones when equal, else zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EqualMask(in Fe<M> a, in Fe<M> b) => U256.EqualMask(a.Value, b.Value);

    /// <summary><paramref name="b"/> where <paramref name="mask"/> is all ones, else <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<M> Select(in Fe<M> a, in Fe<M> b, ulong mask) => new(U256.Select(a.Value, b.Value, mask));

    /// <summary>this^e for a public exponent, with 4-bit windows (the exponent's bits steer nothing secret).</summary>
    public Fe<M> PowPublic(in U256 e)
    {
        Span<Fe<M>> table = stackalloc Fe<M>[16];
        table[0] = One;
        for (var i = 1; i < 16; i++)
        {
            table[i] = table[i - 1] * this;
        }
        var acc = One;
        for (var i = 63; i >= 0; i--)
        {
            acc = acc.Square().Square().Square().Square();
            acc *= table[(int)e.Nibble(i)];
        }
        return acc;
    }

    /// <summary>The inverse by Fermat's little theorem (zero for zero); constant time.</summary>
    public Fe<M> Invert() => PowPublic(U256.Sub(M.Modulus, U256.FromUInt64(2), out _));

    public bool Equals(Fe<M> other) => EqualMask(this, other) != 0;

    public override bool Equals(object? obj) => obj is Fe<M> other && Equals(other);

    public override int GetHashCode() => 0;
}

/// <summary>p of spec 1.1: the base field F_p of the BN curve.</summary>
internal readonly struct PModulus : IModulus
{
    private static readonly U256 s_m = U256.FromHex("8fb501e34aa387f9aa6fecb86184dc21ee5b88d120b5b59e185cac6c5e089667");
    private static readonly ulong s_inv = Montgomery.NegativeInverse(s_m.L0);
    private static readonly U256 s_r = Montgomery.PowerOfR(s_m, 1);
    private static readonly U256 s_r2 = Montgomery.PowerOfR(s_m, 2);
    private static readonly U256 s_r3 = Montgomery.PowerOfR(s_m, 3);

    public static U256 Modulus => s_m;

    public static ulong Inv => s_inv;

    public static U256 R => s_r;

    public static U256 R2 => s_r2;

    public static U256 R3 => s_r3;
}

/// <summary>r of spec 1.1: the order of the groups, the scalar field F_r.</summary>
internal readonly struct RModulus : IModulus
{
    private static readonly U256 s_m = U256.FromHex("8fb501e34aa387f9aa6fecb86184dc212e8d8e12f82b39241a2ef45b57ac7261");
    private static readonly ulong s_inv = Montgomery.NegativeInverse(s_m.L0);
    private static readonly U256 s_r = Montgomery.PowerOfR(s_m, 1);
    private static readonly U256 s_r2 = Montgomery.PowerOfR(s_m, 2);
    private static readonly U256 s_r3 = Montgomery.PowerOfR(s_m, 3);

    public static U256 Modulus => s_m;

    public static ulong Inv => s_inv;

    public static U256 R => s_r;

    public static U256 R2 => s_r2;

    public static U256 R3 => s_r3;
}
