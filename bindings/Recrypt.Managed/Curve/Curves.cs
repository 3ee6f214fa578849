using System.Runtime.CompilerServices;
using Recrypt.Managed.Field;

namespace Recrypt.Managed.Curve;

/// <summary>
/// A curve y² = x³ + b over a field <typeparamref name="T"/>, as the point code needs it: the constant b and
/// its multiple 3b; the field operations come from <typeparamref name="T"/> itself.
/// </summary>
internal interface ICurve<T>
    where T : struct, IField<T>
{
    static abstract T B { get; }

    /// <summary>3·b, used by the complete formulas.</summary>
    static abstract T B3 { get; }

    /// <summary>Multiplication by <see cref="B3"/>.</summary>
    static abstract T MulB3(in T a);

    static virtual T Zero => T.Zero;

    static virtual T One => T.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static virtual T Add(in T a, in T b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static virtual T Sub(in T a, in T b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static virtual T Mul(in T a, in T b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static virtual T Square(in T a) => a.Square();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static virtual T Double(in T a) => a.Double();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static virtual T Negate(in T a) => -a;

    static virtual T Invert(in T a) => a.Invert();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static virtual T Select(in T a, in T b, ulong mask) => T.Select(a, b, mask);

    static virtual ulong IsZeroMask(in T a) => a.IsZeroMask();

    static virtual ulong EqualMask(in T a, in T b) => T.EqualMask(a, b);
}

/// <summary>E: y² = x³ + 3 over F_p (spec 1.2, A.1: the same equation for both curves).</summary>
internal readonly struct G1Curve<F> : ICurve<F>
    where F : struct, IPrimeField<F>
{
    private static readonly F s_b = F.FromUInt64(3);
    private static readonly F s_b3 = F.FromUInt64(9);

    public static F B => s_b;

    public static F B3 => s_b3;

    /// <summary>9·a as 8a + a: additions are cheaper than a multiplication.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static F MulB3(in F a) => a.Double().Double().Double() + a;
}

/// <summary>E′: y² = x³ + 3/(u+3) over F_p² (spec 1.4), the D-type twist.</summary>
internal readonly struct G2Curve<F> : ICurve<Fp2<F>>
    where F : struct, IPrimeField<F>
{
    public static Fp2<F> B => TowerConstants<F>.TwistB;

    public static Fp2<F> B3 => TowerConstants<F>.TwistB3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2<F> MulB3(in Fp2<F> a) => a * TowerConstants<F>.TwistB3;
}
