using System.Runtime.CompilerServices;
using Recrypt.Managed.Field;

namespace Recrypt.Managed.Curve;

/// <summary>A curve y² = x³ + b over a field <typeparamref name="T"/>, as the point code needs it.</summary>
internal interface ICurve<T>
    where T : struct
{
    static abstract T B { get; }

    /// <summary>3·b, used by the complete formulas.</summary>
    static abstract T B3 { get; }

    static abstract T Zero { get; }

    static abstract T One { get; }

    static abstract T Add(in T a, in T b);

    static abstract T Sub(in T a, in T b);

    static abstract T Mul(in T a, in T b);

    static abstract T Square(in T a);

    static abstract T Double(in T a);

    static abstract T Negate(in T a);

    static abstract T Invert(in T a);

    static abstract T Select(in T a, in T b, ulong mask);

    static abstract ulong IsZeroMask(in T a);

    static abstract ulong EqualMask(in T a, in T b);

    /// <summary>Multiplication by b' where the curve constant is used (3b' for the twist); see <see cref="B3"/>.</summary>
    static abstract T MulB3(in T a);
}

/// <summary>E: y² = x³ + 3 over F_p (spec 1.2).</summary>
internal readonly struct G1Curve : ICurve<Fp>
{
    private static readonly Fp s_b = Fp.FromUInt64(3);
    private static readonly Fp s_b3 = Fp.FromUInt64(9);

    public static Fp B => s_b;

    public static Fp B3 => s_b3;

    public static Fp Zero => Fp.Zero;

    public static Fp One => Fp.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Add(in Fp a, in Fp b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Sub(in Fp a, in Fp b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Mul(in Fp a, in Fp b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Square(in Fp a) => a.Square();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Double(in Fp a) => a.Double();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Negate(in Fp a) => -a;

    public static Fp Invert(in Fp a) => a.Invert();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Select(in Fp a, in Fp b, ulong mask) => Fp.Select(a, b, mask);

    public static ulong IsZeroMask(in Fp a) => a.IsZeroMask();

    public static ulong EqualMask(in Fp a, in Fp b) => Fp.EqualMask(a, b);

    /// <summary>9·a as 8a + a: additions are cheaper than a multiplication.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp MulB3(in Fp a) => a.Double().Double().Double() + a;
}

/// <summary>E′: y² = x³ + 3/(u+3) over F_p² (spec 1.4), the D-type twist.</summary>
internal readonly struct G2Curve : ICurve<Fp2>
{
    private static readonly Fp2 s_b = Fp2.FromHex(
        "64984e1f1aa5abfb90e7f281111033b15a0cdfc596e598bb7774124bdb6c6949",
        "0e5ee696baa9f3ff5dd7fe127026e2d0316f8dae83455ef635a2de0ad6340f0a");

    private static readonly Fp2 s_b3 = Fp2.FromHex(
        "0e5ee696baa9f3ff5dd7fe127026e2d0316f8dae83455ef635a2de0ad6340f0d",
        "2b1cb3c42ffddbfe1987fa375074a870944ea90b89d01ce2a0e89a20829c2d1e");

    public static Fp2 B => s_b;

    public static Fp2 B3 => s_b3;

    public static Fp2 Zero => Fp2.Zero;

    public static Fp2 One => Fp2.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Add(in Fp2 a, in Fp2 b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Sub(in Fp2 a, in Fp2 b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Mul(in Fp2 a, in Fp2 b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Square(in Fp2 a) => a.Square();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Double(in Fp2 a) => a.Double();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Negate(in Fp2 a) => -a;

    public static Fp2 Invert(in Fp2 a) => a.Invert();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Select(in Fp2 a, in Fp2 b, ulong mask) => Fp2.Select(a, b, mask);

    public static ulong IsZeroMask(in Fp2 a) => a.IsZeroMask();

    public static ulong EqualMask(in Fp2 a, in Fp2 b) => Fp2.EqualMask(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 MulB3(in Fp2 a) => a * s_b3;
}
