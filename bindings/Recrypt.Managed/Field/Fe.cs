using System.Runtime.CompilerServices;

namespace Recrypt.Managed.Field;

/// <summary>
/// An odd prime modulus on limbs <typeparamref name="L"/>, below a quarter of the Montgomery radix
/// R = 2^(8·L.Bytes). The only hand-written number of each field is its modulus; the Montgomery constants
/// are derived from it (<see cref="Montgomery{L, M}"/>).
/// </summary>
internal interface IModulus<L>
    where L : struct, ILimbs<L>
{
    static abstract L Modulus { get; }

    /// <summary>The size of an element's encoding in bytes (32 for the 256-bit fields, 60 for the 480-bit ones).</summary>
    static abstract int Size { get; }
}

/// <summary>The Montgomery constants of a modulus, derived once at type initialization (public values only).</summary>
internal static class Montgomery<L, M>
    where L : struct, ILimbs<L>
    where M : struct, IModulus<L>
{
    /// <summary>−m⁻¹ mod 2^64.</summary>
    public static readonly ulong Inv = NegativeInverse(M.Modulus);

    /// <summary>R mod m: the Montgomery form of 1.</summary>
    public static readonly L R = PowerOfTwo(8 * L.Bytes);

    /// <summary>R² mod m: converts into Montgomery form.</summary>
    public static readonly L R2 = PowerOfTwo(16 * L.Bytes);

    /// <summary>R³ mod m: converts the high half of a wide value.</summary>
    public static readonly L R3 = PowerOfTwo(24 * L.Bytes);

    private static ulong NegativeInverse(in L m)
    {
        Span<byte> bytes = stackalloc byte[L.Bytes];
        m.WriteBigEndian(bytes);
        var m0 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[^8..]);
        ulong inv = 1;
        for (var i = 0; i < 63; i++)
        {
            inv *= inv;
            inv *= m0;
        }
        return 0 - inv;
    }

    /// <summary>2^n mod m, by doubling from 1.</summary>
    private static L PowerOfTwo(int n)
    {
        var v = L.FromUInt64(1);
        for (var i = 0; i < n; i++)
        {
            var s = L.Add(v, v, out var carry);
            v = L.ReduceOnce(s, carry, M.Modulus);
        }
        return v;
    }
}

/// <summary>Helpers over any limb size, for public constants.</summary>
internal static class Limbs
{
    /// <summary>The integer of big-endian hex digits (at most L.Bytes of them).</summary>
    public static L FromHex<L>(string hex)
        where L : struct, ILimbs<L>
    {
        Span<byte> bytes = stackalloc byte[L.Bytes];
        bytes.Clear();
        Convert.FromHexString(hex, bytes[(L.Bytes - hex.Length / 2)..], out _, out _);
        return L.FromBigEndian(bytes);
    }
}

/// <summary>
/// An element of the prime field of <typeparamref name="M"/> on limbs <typeparamref name="L"/>, in
/// Montgomery form. Every operation is constant time; equality and zero tests return masks or compare in
/// constant time.
/// </summary>
internal readonly struct Fe<L, M> : IPrimeField<Fe<L, M>, L>, IEquatable<Fe<L, M>>
    where L : struct, ILimbs<L>
    where M : struct, IModulus<L>
{
    public readonly L Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Fe(in L montgomery) => Value = montgomery;

    public static int Size => M.Size;

    public static L Modulus => M.Modulus;

    public static Fe<L, M> Zero => default;

    public static Fe<L, M> One => new(Montgomery<L, M>.R);

    /// <summary>The element of a canonical integer v &lt; m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<L, M> FromCanonical(in L v) => new(L.MontMul<M>(v, Montgomery<L, M>.R2));

    /// <summary>The element of any integer v &lt; R (reduced modulo m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<L, M> FromAny(in L v) => new(L.MontMul<M>(v, Montgomery<L, M>.R2));

    public static Fe<L, M> FromUInt64(ulong v) => FromCanonical(L.FromUInt64(v));

    public static Fe<L, M> FromHex(string hex) => FromCanonical(Limbs.FromHex<L>(hex));

    public static byte[] ModulusBytes()
    {
        var bytes = new byte[M.Size];
        M.Modulus.WriteBigEndian(bytes);
        return bytes;
    }

    /// <summary><see cref="Size"/> big-endian bytes reduced modulo m (spec 1.6: never rejected).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<L, M> FromBytesReduced(ReadOnlySpan<byte> bytes) => FromAny(L.FromBigEndian(bytes[..M.Size]));

    /// <summary><see cref="Size"/> big-endian bytes that must be below m; the mask is all ones when they are.</summary>
    public static Fe<L, M> FromBytesCanonical(ReadOnlySpan<byte> bytes, out ulong isCanonical)
    {
        var v = L.FromBigEndian(bytes[..M.Size]);
        isCanonical = 0 - L.LessThan(v, M.Modulus);
        return FromAny(v);
    }

    /// <summary>
    /// A 512-bit big-endian integer reduced modulo m (spec 1.7): directly when it fits the limbs, else as
    /// its high half times R plus its low half.
    /// </summary>
    public static Fe<L, M> FromBytesWide(ReadOnlySpan<byte> bytes)
    {
        if (L.Bytes >= 64)
        {
            return FromAny(L.FromBigEndian(bytes[..64]));
        }
        var hi = new Fe<L, M>(L.MontMul<M>(L.FromBigEndian(bytes[..32]), Montgomery<L, M>.R3));
        var lo = new Fe<L, M>(L.MontMul<M>(L.FromBigEndian(bytes[32..64]), Montgomery<L, M>.R2));
        return hi + lo;
    }

    /// <summary>A 512-bit little-endian integer reduced modulo m (Ed25519 scalars, on 256-bit limbs).</summary>
    public static Fe<L, M> FromBytesWideLittleEndian(ReadOnlySpan<byte> bytes)
    {
        var lo = new Fe<L, M>(L.MontMul<M>(L.FromLittleEndian(bytes[..32]), Montgomery<L, M>.R2));
        var hi = new Fe<L, M>(L.MontMul<M>(L.FromLittleEndian(bytes[32..64]), Montgomery<L, M>.R3));
        return hi + lo;
    }

    /// <summary>The canonical integer (out of Montgomery form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public L ToCanonical() => L.MontMul<M>(Value, L.FromUInt64(1));

    public void WriteBigEndian(Span<byte> destination) => ToCanonical().WriteBigEndian(destination[..M.Size]);

    public void WriteBytes(Span<byte> destination) => WriteBigEndian(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<L, M> operator +(in Fe<L, M> a, in Fe<L, M> b)
    {
        var s = L.Add(a.Value, b.Value, out var carry);
        return new(L.ReduceOnce(s, carry, M.Modulus));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<L, M> operator -(in Fe<L, M> a, in Fe<L, M> b)
    {
        var d = L.Sub(a.Value, b.Value, out var borrow);
        return new(L.Add(d, L.Select(L.Zero, M.Modulus, 0 - borrow), out _));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<L, M> operator -(in Fe<L, M> a) => Zero - a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<L, M> operator *(in Fe<L, M> a, in Fe<L, M> b) => new(L.MontMul<M>(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fe<L, M> Square() => new(L.MontMul<M>(Value, Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fe<L, M> Double() => this + this;

    /// <summary>All ones when zero, else zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong IsZeroMask() => L.EqualMask(Value, L.Zero);

    /// <summary>All ones when equal, else zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EqualMask(in Fe<L, M> a, in Fe<L, M> b) => L.EqualMask(a.Value, b.Value);

    /// <summary><paramref name="b"/> where <paramref name="mask"/> is all ones, else <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fe<L, M> Select(in Fe<L, M> a, in Fe<L, M> b, ulong mask) => new(L.Select(a.Value, b.Value, mask));

    /// <summary>this^e for a public exponent, with 4-bit windows (the exponent's bits steer nothing secret).</summary>
    public Fe<L, M> PowPublic(in L e)
    {
        var storage = default(Table16);
        Span<Fe<L, M>> table = storage;
        table[0] = One;
        for (var i = 1; i < 16; i++)
        {
            table[i] = table[i - 1] * this;
        }
        var acc = One;
        for (var i = 2 * L.Bytes - 1; i >= 0; i--)
        {
            acc = acc.Square().Square().Square().Square();
            acc *= table[(int)e.Nibble(i)];
        }
        return acc;
    }

    /// <summary>The inverse by Fermat's little theorem (zero for zero); constant time.</summary>
    public Fe<L, M> Invert() => PowPublic(L.Sub(M.Modulus, L.FromUInt64(2), out _));

    public bool Equals(Fe<L, M> other) => EqualMask(this, other) != 0;

    public override bool Equals(object? obj) => obj is Fe<L, M> other && Equals(other);

    public override int GetHashCode() => 0;

    [InlineArray(16)]
    private struct Table16
    {
        private Fe<L, M> _element;
    }
}
