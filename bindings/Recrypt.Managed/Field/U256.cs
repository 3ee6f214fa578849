using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Recrypt.Managed.Field;

/// <summary>
/// A 256-bit integer on four little-endian 64-bit limbs, and the constant-time limb arithmetic the
/// Montgomery fields are built from: no branch and no memory index depends on a limb's value. Its
/// Montgomery radix is R = 2^256.
/// </summary>
internal readonly struct U256 : ILimbs<U256>
{
    public static int Bytes => 32;

    public readonly ulong L0, L1, L2, L3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public U256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public static U256 Zero => default;

    public static U256 FromUInt64(ulong value) => new(value, 0, 0, 0);

    /// <summary>The integer of 64 hex digits (big-endian), for constants.</summary>
    public static U256 FromHex(string hex) => Limbs.FromHex<U256>(hex);

    /// <summary>The integer of 32 big-endian bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 FromBigEndian(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes));

    /// <summary>The integer of 32 little-endian bytes.</summary>
    public static U256 FromLittleEndian(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBigEndian(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], L0);
    }

    public void WriteLittleEndian(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, L0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], L1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], L2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], L3);
    }

    /// <summary>Limb <paramref name="index"/> (0 = least significant); the index is public.</summary>
    public ulong Limb(int index) => index switch
    {
        0 => L0,
        1 => L1,
        2 => L2,
        _ => L3,
    };

    /// <summary>The 4-bit digit <paramref name="index"/> (0 = least significant); the index is public.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Nibble(int index) => (uint)(Limb(index >> 4) >> ((index & 15) * 4)) & 0xf;

    /// <summary>Bit <paramref name="index"/>; the index is public.</summary>
    public ulong Bit(int index) => (Limb(index >> 6) >> (index & 63)) & 1;

    // Limb primitives

    /// <summary>a + b + carry; carry in and out are 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Adc(ulong a, ulong b, ref ulong carry)
    {
        var s = a + b + carry;
        carry = ((a & b) | ((a | b) & ~s)) >> 63;
        return s;
    }

    /// <summary>a − b − borrow; borrow in and out are 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sbb(ulong a, ulong b, ref ulong borrow)
    {
        var d = a - b - borrow;
        borrow = ((~a & b) | (~(a ^ b) & d)) >> 63;
        return d;
    }

    /// <summary>a + b·c + carry, returning the low limb and leaving the high one in carry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mac(ulong a, ulong b, ulong c, ref ulong carry)
    {
        ulong lo, hi;
        if (Bmi2.X64.IsSupported)
        {
            // The high half from MULX and the low half from IMUL keep both in registers
            // (Math.BigMul's out parameter goes through memory).
            hi = Bmi2.X64.MultiplyNoFlags(b, c);
            lo = b * c;
        }
        else
        {
            hi = Math.BigMul(b, c, out lo);
        }
        lo += a;
        hi += lo < a ? 1UL : 0UL; // the JIT emits setb here, never a branch
        lo += carry;
        hi += lo < carry ? 1UL : 0UL;
        carry = hi;
        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Add(in U256 a, in U256 b, out ulong carry)
    {
        carry = 0;
        var r0 = Adc(a.L0, b.L0, ref carry);
        var r1 = Adc(a.L1, b.L1, ref carry);
        var r2 = Adc(a.L2, b.L2, ref carry);
        var r3 = Adc(a.L3, b.L3, ref carry);
        return new U256(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Sub(in U256 a, in U256 b, out ulong borrow)
    {
        borrow = 0;
        var r0 = Sbb(a.L0, b.L0, ref borrow);
        var r1 = Sbb(a.L1, b.L1, ref borrow);
        var r2 = Sbb(a.L2, b.L2, ref borrow);
        var r3 = Sbb(a.L3, b.L3, ref borrow);
        return new U256(r0, r1, r2, r3);
    }

    /// <summary><paramref name="b"/> where <paramref name="mask"/> is all ones, <paramref name="a"/> where it is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Select(in U256 a, in U256 b, ulong mask) => new(
        a.L0 ^ ((a.L0 ^ b.L0) & mask),
        a.L1 ^ ((a.L1 ^ b.L1) & mask),
        a.L2 ^ ((a.L2 ^ b.L2) & mask),
        a.L3 ^ ((a.L3 ^ b.L3) & mask));

    /// <summary>All ones when a = b, else zero; constant time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EqualMask(in U256 a, in U256 b)
    {
        var d = (a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3);
        return ((d | (0 - d)) >> 63) - 1;
    }

    /// <summary>1 when a &lt; b, else 0; constant time.</summary>
    public static ulong LessThan(in U256 a, in U256 b)
    {
        Sub(a, b, out var borrow);
        return borrow;
    }

    /// <summary>hi·2^256 + v reduced to [0, m), for a value below 2m (hi is 0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 ReduceOnce(in U256 v, ulong hi, in U256 m)
    {
        var d = Sub(v, m, out var borrow);
        return Select(v, d, 0 - (hi | (borrow ^ 1)));
    }

    /// <summary>Montgomery multiplication (CIOS): a·b / 2^256 mod m, for a·b &lt; 2^256·m.</summary>
    /// <remarks>
    /// Generic over the modulus so that the JIT compiles one body per field with the modulus limbs
    /// and −m⁻¹ as constants: they take no registers, which keeps the whole product in registers.
    /// Not inlined into its callers: one compact body keeps the tower code within the JIT's inlining budget.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static U256 MontMul<M>(in U256 a, in U256 b)
        where M : struct, IModulus<U256>
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        MontStep<M>(a0, a1, a2, a3, b.L0, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontStep<M>(a0, a1, a2, a3, b.L1, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontStep<M>(a0, a1, a2, a3, b.L2, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontStep<M>(a0, a1, a2, a3, b.L3, ref t0, ref t1, ref t2, ref t3, ref t4);
        return ReduceOnce(new U256(t0, t1, t2, t3), t4, M.Modulus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MontStep<M>(
        ulong a0, ulong a1, ulong a2, ulong a3, ulong bi, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4)
        where M : struct, IModulus<U256>
    {
        ulong c = 0;
        var u0 = Mac(t0, a0, bi, ref c);
        var u1 = Mac(t1, a1, bi, ref c);
        var u2 = Mac(t2, a2, bi, ref c);
        var u3 = Mac(t3, a3, bi, ref c);
        ulong c2 = 0;
        var u4 = Adc(t4, c, ref c2);

        var k = u0 * Montgomery<U256, M>.Inv;
        c = 0;
        _ = Mac(u0, k, M.Modulus.L0, ref c);
        t0 = Mac(u1, k, M.Modulus.L1, ref c);
        t1 = Mac(u2, k, M.Modulus.L2, ref c);
        t2 = Mac(u3, k, M.Modulus.L3, ref c);
        ulong c3 = 0;
        t3 = Adc(u4, c, ref c3);
        t4 = c2 + c3;
    }
}
