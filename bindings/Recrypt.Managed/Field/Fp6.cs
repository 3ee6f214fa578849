using System.Runtime.CompilerServices;

namespace Recrypt.Managed.Field;

/// <summary>F_p⁶ = F_p²[v]/(v³ − ξ): c0 + c1·v + c2·v² (spec 1.3). Encoded c2 ‖ c1 ‖ c0, the highest power first.</summary>
internal readonly struct Fp6<F>
    where F : struct, IPrimeField<F>
{
    public readonly Fp2<F> C0, C1, C2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6(in Fp2<F> c0, in Fp2<F> c1, in Fp2<F> c2)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
    }

    public static int Size => 3 * Fp2<F>.Size;

    public static Fp6<F> Zero => default;

    public static Fp6<F> One => new(Fp2<F>.One, Fp2<F>.Zero, Fp2<F>.Zero);

    public static Fp6<F> FromBytesReduced(ReadOnlySpan<byte> bytes) =>
        new(Fp2<F>.FromBytesReduced(bytes[(2 * Fp2<F>.Size)..]), Fp2<F>.FromBytesReduced(bytes[Fp2<F>.Size..]), Fp2<F>.FromBytesReduced(bytes));

    public void WriteBytes(Span<byte> destination)
    {
        C2.WriteBytes(destination);
        C1.WriteBytes(destination[Fp2<F>.Size..]);
        C0.WriteBytes(destination[(2 * Fp2<F>.Size)..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6<F> operator +(in Fp6<F> x, in Fp6<F> y) => new(x.C0 + y.C0, x.C1 + y.C1, x.C2 + y.C2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6<F> operator -(in Fp6<F> x, in Fp6<F> y) => new(x.C0 - y.C0, x.C1 - y.C1, x.C2 - y.C2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6<F> operator -(in Fp6<F> x) => new(-x.C0, -x.C1, -x.C2);

    /// <summary>Karatsuba over F_p²: six F_p² multiplications.</summary>
    public static Fp6<F> operator *(in Fp6<F> x, in Fp6<F> y)
    {
        var t0 = x.C0 * y.C0;
        var t1 = x.C1 * y.C1;
        var t2 = x.C2 * y.C2;
        return new(
            ((x.C1 + x.C2) * (y.C1 + y.C2) - t1 - t2).MulByXi() + t0,
            (x.C0 + x.C1) * (y.C0 + y.C1) - t0 - t1 + t2.MulByXi(),
            (x.C0 + x.C2) * (y.C0 + y.C2) - t0 - t2 + t1);
    }

    /// <summary>Multiplication by v: (c0, c1, c2) ↦ (ξ·c2, c0, c1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6<F> MulByV() => new(C2.MulByXi(), C0, C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6<F> MulFp2(in Fp2<F> s) => new(C0 * s, C1 * s, C2 * s);

    /// <summary>Multiplication by b0 + b1·v (a sparse factor of a line).</summary>
    public Fp6<F> MulBy01(in Fp2<F> b0, in Fp2<F> b1)
    {
        var t0 = C0 * b0;
        var t1 = C1 * b1;
        return new(
            ((C1 + C2) * b1 - t1).MulByXi() + t0,
            (C0 + C1) * (b0 + b1) - t0 - t1,
            (C0 + C2) * b0 - t0 + t1);
    }

    /// <summary>Chung–Hasan SQR2.</summary>
    public Fp6<F> Square()
    {
        var s0 = C0.Square();
        var s1 = (C0 * C1).Double();
        var s2 = (C0 - C1 + C2).Square();
        var s3 = (C1 * C2).Double();
        var s4 = C2.Square();
        return new(s3.MulByXi() + s0, s4.MulByXi() + s1, s1 + s2 + s3 - s0 - s4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6<F> Double() => new(C0.Double(), C1.Double(), C2.Double());

    public Fp6<F> Invert()
    {
        var a = C0.Square() - (C1 * C2).MulByXi();
        var b = C2.Square().MulByXi() - C0 * C1;
        var c = C1.Square() - C0 * C2;
        var f = C0 * a + (C2 * b + C1 * c).MulByXi();
        var fi = f.Invert();
        return new(a * fi, b * fi, c * fi);
    }

    public Fp6<F> Frobenius() => new(C0.Conjugate(), C1.Conjugate() * TowerConstants<F>.GammaV, C2.Conjugate() * TowerConstants<F>.GammaV2);

    public ulong IsZeroMask() => C0.IsZeroMask() & C1.IsZeroMask() & C2.IsZeroMask();

    public static ulong EqualMask(in Fp6<F> x, in Fp6<F> y) => Fp2<F>.EqualMask(x.C0, y.C0) & Fp2<F>.EqualMask(x.C1, y.C1) & Fp2<F>.EqualMask(x.C2, y.C2);
}
