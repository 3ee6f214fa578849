using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recrypt.Managed.Field;

/// <summary>
/// A 512-bit integer on eight little-endian 64-bit limbs: the limbs of the 480-bit curve's fields, whose
/// Montgomery radix is R = 2^512 (both 480-bit moduli are below R/4, so one conditional subtraction ends
/// every product). The same constant-time rules as <see cref="U256"/>: no branch and no memory index
/// depends on a limb's value. Written with loops over the limbs: eight limbs do not fit the registers anyway.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct U512 : ILimbs<U512>
{
    private const int N = 8;

    public readonly ulong L0, L1, L2, L3, L4, L5, L6, L7;

    public static int Bytes => 8 * N;

    public static U512 Zero => default;

    public static U512 FromUInt64(ulong value)
    {
        var r = default(U512);
        Span(ref r)[0] = value;
        return r;
    }

    public static U512 FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        Span<byte> padded = stackalloc byte[8 * N];
        padded[..^bytes.Length].Clear();
        bytes.CopyTo(padded[^bytes.Length..]);
        var r = default(U512);
        var limbs = Span(ref r);
        for (var i = 0; i < N; i++)
        {
            limbs[i] = BinaryPrimitives.ReadUInt64BigEndian(padded[(8 * (N - 1 - i))..]);
        }
        return r;
    }

    public static U512 FromLittleEndian(ReadOnlySpan<byte> bytes)
    {
        var r = default(U512);
        var limbs = Span(ref r);
        for (var i = 0; i < N; i++)
        {
            limbs[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..]);
        }
        return r;
    }

    public void WriteBigEndian(Span<byte> destination)
    {
        Span<byte> all = stackalloc byte[8 * N];
        var limbs = Limbs(this);
        for (var i = 0; i < N; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(all[(8 * (N - 1 - i))..], limbs[i]);
        }
        all[^destination.Length..].CopyTo(destination);
    }

    public uint Nibble(int index) => (uint)(Limbs(this)[index >> 4] >> ((index & 15) * 4)) & 0xf;

    public static U512 Add(in U512 a, in U512 b, out ulong carry) => AddOrSubtract(a, b, subtract: false, out carry);

    public static U512 Sub(in U512 a, in U512 b, out ulong borrow) => AddOrSubtract(a, b, subtract: true, out borrow);

    /// <summary>a + b or a − b limb by limb; <paramref name="subtract"/> is a constant of each caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static U512 AddOrSubtract(in U512 a, in U512 b, bool subtract, out ulong carry)
    {
        var r = default(U512);
        var x = Limbs(a);
        var y = Limbs(b);
        var z = Span(ref r);
        carry = 0;
        for (var i = 0; i < N; i++)
        {
            z[i] = subtract ? U256.Sbb(x[i], y[i], ref carry) : U256.Adc(x[i], y[i], ref carry);
        }
        return r;
    }

    public static U512 Select(in U512 a, in U512 b, ulong mask)
    {
        var r = default(U512);
        var x = Limbs(a);
        var y = Limbs(b);
        var z = Span(ref r);
        for (var i = 0; i < N; i++)
        {
            z[i] = x[i] ^ ((x[i] ^ y[i]) & mask);
        }
        return r;
    }

    public static ulong EqualMask(in U512 a, in U512 b)
    {
        var x = Limbs(a);
        var y = Limbs(b);
        ulong d = 0;
        for (var i = 0; i < N; i++)
        {
            d |= x[i] ^ y[i];
        }
        return ((d | (0 - d)) >> 63) - 1;
    }

    public static ulong LessThan(in U512 a, in U512 b)
    {
        Sub(a, b, out var borrow);
        return borrow;
    }

    public static U512 ReduceOnce(in U512 v, ulong hi, in U512 m)
    {
        var d = Sub(v, m, out var borrow);
        return Select(v, d, 0 - (hi | (borrow ^ 1)));
    }

    /// <summary>Montgomery multiplication (CIOS, as <see cref="U256.MontMul{M}"/>) on eight limbs.</summary>
    public static U512 MontMul<M>(in U512 a, in U512 b)
        where M : struct, IModulus<U512>
    {
        var modulus = M.Modulus;
        var inv = Montgomery<U512, M>.Inv;
        var x = Limbs(a);
        var y = Limbs(b);
        var m = Limbs(modulus);
        Span<ulong> t = stackalloc ulong[N + 2];
        t.Clear();
        for (var i = 0; i < N; i++)
        {
            ulong c = 0;
            for (var j = 0; j < N; j++)
            {
                t[j] = U256.Mac(t[j], x[j], y[i], ref c);
            }
            ulong c2 = 0;
            t[N] = U256.Adc(t[N], c, ref c2);
            t[N + 1] = c2;

            var k = t[0] * inv;
            c = 0;
            _ = U256.Mac(t[0], k, m[0], ref c);
            for (var j = 1; j < N; j++)
            {
                t[j - 1] = U256.Mac(t[j], k, m[j], ref c);
            }
            ulong c3 = 0;
            t[N - 1] = U256.Adc(t[N], c, ref c3);
            t[N] = t[N + 1] + c3;
        }
        var r = default(U512);
        t[..N].CopyTo(Span(ref r));
        return ReduceOnce(r, t[N], modulus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<ulong> Limbs(in U512 value) => MemoryMarshal.CreateReadOnlySpan(in value.L0, N);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Span<ulong> Span(ref U512 value) => MemoryMarshal.CreateSpan(ref Unsafe.AsRef(in value.L0), N);
}
