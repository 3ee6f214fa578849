using System.Runtime.CompilerServices;

namespace Recrypt.Managed.Field;

/// <summary>F_p² = F_p[u]/(u² + 1): a + b·u (spec 1.3). Encoded b ‖ a, the u-coefficient first (spec 1.6).</summary>
internal readonly struct Fp2<F> : IField<Fp2<F>>
    where F : struct, IPrimeField<F>
{
    public readonly F A, B;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2(in F a, in F b)
    {
        A = a;
        B = b;
    }

    public static int Size => 2 * F.Size;

    public static Fp2<F> Zero => default;

    public static Fp2<F> One => new(F.One, F.Zero);

    /// <summary>ξ = u + 3 (spec 1.3).</summary>
    public static Fp2<F> Xi => new(F.FromUInt64(3), F.One);

    public static Fp2<F> FromBytesReduced(ReadOnlySpan<byte> bytes) => new(F.FromBytesReduced(bytes[F.Size..]), F.FromBytesReduced(bytes));

    public void WriteBytes(Span<byte> destination)
    {
        B.WriteBytes(destination);
        A.WriteBytes(destination[F.Size..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2<F> operator +(in Fp2<F> x, in Fp2<F> y) => new(x.A + y.A, x.B + y.B);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2<F> operator -(in Fp2<F> x, in Fp2<F> y) => new(x.A - y.A, x.B - y.B);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2<F> operator -(in Fp2<F> x) => new(-x.A, -x.B);

    /// <summary>Karatsuba: three base-field multiplications.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2<F> operator *(in Fp2<F> x, in Fp2<F> y)
    {
        var t0 = x.A * y.A;
        var t1 = x.B * y.B;
        return new(t0 - t1, (x.A + x.B) * (y.A + y.B) - t0 - t1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2<F> MulFp(in F s) => new(A * s, B * s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2<F> Square()
    {
        var ab = A * B;
        return new((A + B) * (A - B), ab.Double());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2<F> Double() => new(A.Double(), B.Double());

    /// <summary>Multiplication by ξ = u + 3: (a + bu)(3 + u) = (3a − b) + (a + 3b)u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2<F> MulByXi()
    {
        var a3 = A.Double() + A;
        var b3 = B.Double() + B;
        return new(a3 - B, A + b3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2<F> Conjugate() => new(A, -B);

    public Fp2<F> Invert()
    {
        var inverse = (A.Square() + B.Square()).Invert();
        return new(A * inverse, -(B * inverse));
    }

    public ulong IsZeroMask() => A.IsZeroMask() & B.IsZeroMask();

    public static ulong EqualMask(in Fp2<F> x, in Fp2<F> y) => F.EqualMask(x.A, y.A) & F.EqualMask(x.B, y.B);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2<F> Select(in Fp2<F> x, in Fp2<F> y, ulong mask) => new(F.Select(x.A, y.A, mask), F.Select(x.B, y.B, mask));
}
