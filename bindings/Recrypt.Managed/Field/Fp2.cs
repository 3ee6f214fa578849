using System.Runtime.CompilerServices;

namespace Recrypt.Managed.Field;

/// <summary>F_p² = F_p[u]/(u² + 1): a + b·u (spec 1.3). Encoded b ‖ a, the u-coefficient first (spec 1.6).</summary>
internal readonly struct Fp2
{
    public readonly Fp A, B;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2(in Fp a, in Fp b)
    {
        A = a;
        B = b;
    }

    public static Fp2 Zero => default;

    public static Fp2 One => new(Fp.One, Fp.Zero);

    /// <summary>a + b·u from hex constants (a is the constant part).</summary>
    public static Fp2 FromHex(string a, string b) => new(Fp.FromHex(a), Fp.FromHex(b));

    public static Fp2 FromBytesReduced(ReadOnlySpan<byte> bytes) => new(Fp.FromBytesReduced(bytes[32..64]), Fp.FromBytesReduced(bytes[..32]));

    public void WriteBytes(Span<byte> destination)
    {
        B.WriteBigEndian(destination);
        A.WriteBigEndian(destination[32..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator +(in Fp2 x, in Fp2 y) => new(x.A + y.A, x.B + y.B);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator -(in Fp2 x, in Fp2 y) => new(x.A - y.A, x.B - y.B);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator -(in Fp2 x) => new(-x.A, -x.B);

    /// <summary>Karatsuba: three base-field multiplications.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator *(in Fp2 x, in Fp2 y)
    {
        var t0 = x.A * y.A;
        var t1 = x.B * y.B;
        return new(t0 - t1, (x.A + x.B) * (y.A + y.B) - t0 - t1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 MulFp(in Fp s) => new(A * s, B * s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Square()
    {
        var ab = A * B;
        return new((A + B) * (A - B), ab.Double());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Double() => new(A.Double(), B.Double());

    /// <summary>Multiplication by ξ = u + 3: (a + bu)(3 + u) = (3a − b) + (a + 3b)u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 MulByXi()
    {
        var a3 = A.Double() + A;
        var b3 = B.Double() + B;
        return new(a3 - B, A + b3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Conjugate() => new(A, -B);

    public Fp2 Invert()
    {
        var inverse = (A.Square() + B.Square()).Invert();
        return new(A * inverse, -(B * inverse));
    }

    public ulong IsZeroMask() => A.IsZeroMask() & B.IsZeroMask();

    public static ulong EqualMask(in Fp2 x, in Fp2 y) => Fp.EqualMask(x.A, y.A) & Fp.EqualMask(x.B, y.B);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Select(in Fp2 x, in Fp2 y, ulong mask) => new(Fp.Select(x.A, y.A, mask), Fp.Select(x.B, y.B, mask));
}
