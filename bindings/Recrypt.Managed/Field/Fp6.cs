using System.Runtime.CompilerServices;

namespace Recrypt.Managed.Field;

/// <summary>F_p⁶ = F_p²[v]/(v³ − ξ): c0 + c1·v + c2·v² (spec 1.3). Encoded c2 ‖ c1 ‖ c0, the highest power first.</summary>
internal readonly struct Fp6
{
    public readonly Fp2 C0, C1, C2;

    /// <summary>γ_v = ξ^((p−1)/3): v^p = γ_v·v (spec 1.5).</summary>
    public static readonly Fp2 GammaV = Fp2.FromHex(
        "2338e7dbf670f3602324553813044cae8580d5c665af30b5887f568e3cb7f583",
        "39b2f6d974b6caadc7d02cfe70ced2875207b77fdf0538e78ce345691eca8113");

    /// <summary>γ_v² = ξ^(2(p−1)/3).</summary>
    public static readonly Fp2 GammaV2 = Fp2.FromHex(
        "2fdafc97ff7a78a03552af4af082d0c917ca1b663b9d811a308270ab07b3d0db",
        "2bf695e2b89fd9c2802d69ceaa1d943860546a1f7686cf204a0e9aa690456cbe");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6(in Fp2 c0, in Fp2 c1, in Fp2 c2)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
    }

    public static Fp6 Zero => default;

    public static Fp6 One => new(Fp2.One, Fp2.Zero, Fp2.Zero);

    public static Fp6 FromBytesReduced(ReadOnlySpan<byte> bytes) =>
        new(Fp2.FromBytesReduced(bytes[128..192]), Fp2.FromBytesReduced(bytes[64..128]), Fp2.FromBytesReduced(bytes[..64]));

    public void WriteBytes(Span<byte> destination)
    {
        C2.WriteBytes(destination);
        C1.WriteBytes(destination[64..]);
        C0.WriteBytes(destination[128..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 operator +(in Fp6 x, in Fp6 y) => new(x.C0 + y.C0, x.C1 + y.C1, x.C2 + y.C2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 operator -(in Fp6 x, in Fp6 y) => new(x.C0 - y.C0, x.C1 - y.C1, x.C2 - y.C2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 operator -(in Fp6 x) => new(-x.C0, -x.C1, -x.C2);

    /// <summary>Karatsuba over F_p²: six F_p² multiplications.</summary>
    public static Fp6 operator *(in Fp6 x, in Fp6 y)
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
    public Fp6 MulByV() => new(C2.MulByXi(), C0, C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6 MulFp2(in Fp2 s) => new(C0 * s, C1 * s, C2 * s);

    /// <summary>Multiplication by b0 + b1·v (a sparse factor of a line).</summary>
    public Fp6 MulBy01(in Fp2 b0, in Fp2 b1)
    {
        var t0 = C0 * b0;
        var t1 = C1 * b1;
        return new(
            ((C1 + C2) * b1 - t1).MulByXi() + t0,
            (C0 + C1) * (b0 + b1) - t0 - t1,
            (C0 + C2) * b0 - t0 + t1);
    }

    /// <summary>Chung–Hasan SQR2.</summary>
    public Fp6 Square()
    {
        var s0 = C0.Square();
        var s1 = (C0 * C1).Double();
        var s2 = (C0 - C1 + C2).Square();
        var s3 = (C1 * C2).Double();
        var s4 = C2.Square();
        return new(s3.MulByXi() + s0, s4.MulByXi() + s1, s1 + s2 + s3 - s0 - s4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6 Double() => new(C0.Double(), C1.Double(), C2.Double());

    public Fp6 Invert()
    {
        var a = C0.Square() - (C1 * C2).MulByXi();
        var b = C2.Square().MulByXi() - C0 * C1;
        var c = C1.Square() - C0 * C2;
        var f = C0 * a + (C2 * b + C1 * c).MulByXi();
        var fi = f.Invert();
        return new(a * fi, b * fi, c * fi);
    }

    public Fp6 Frobenius() => new(C0.Conjugate(), C1.Conjugate() * GammaV, C2.Conjugate() * GammaV2);

    public ulong IsZeroMask() => C0.IsZeroMask() & C1.IsZeroMask() & C2.IsZeroMask();

    public static ulong EqualMask(in Fp6 x, in Fp6 y) => Fp2.EqualMask(x.C0, y.C0) & Fp2.EqualMask(x.C1, y.C1) & Fp2.EqualMask(x.C2, y.C2);
}
