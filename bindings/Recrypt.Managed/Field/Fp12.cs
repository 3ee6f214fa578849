using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Recrypt.Managed.Field;

/// <summary>
/// F_p¹² = F_p⁶[w]/(w² − v): d0 + d1·w (spec 1.3), 12 field elements (384 or 720 bytes) encoded d1 ‖ d0
/// (spec 1.6). Plaintexts, pairing values and encrypted temp keys.
/// </summary>
internal readonly struct Fp12<F>
    where F : struct, IPrimeField<F>
{
    public readonly Fp6<F> D0, D1;

    public static int Size => 2 * Fp6<F>.Size;


    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp12(in Fp6<F> d0, in Fp6<F> d1)
    {
        D0 = d0;
        D1 = d1;
    }

    public static Fp12<F> One => new(Fp6<F>.One, Fp6<F>.Zero);

    /// <summary>Decodes 384 bytes, reducing every coefficient (spec 1.6).</summary>
    public static Fp12<F> FromBytesReduced(ReadOnlySpan<byte> bytes) => new(Fp6<F>.FromBytesReduced(bytes[Fp6<F>.Size..]), Fp6<F>.FromBytesReduced(bytes));

    public void WriteBytes(Span<byte> destination)
    {
        D1.WriteBytes(destination);
        D0.WriteBytes(destination[Fp6<F>.Size..]);
    }

    public static Fp12<F> operator *(in Fp12<F> x, in Fp12<F> y)
    {
        var t0 = x.D0 * y.D0;
        var t1 = x.D1 * y.D1;
        return new(t0 + t1.MulByV(), (x.D0 + x.D1) * (y.D0 + y.D1) - t0 - t1);
    }

    public Fp12<F> Square()
    {
        var ab = D0 * D1;
        var c0 = (D0 + D1) * (D0 + D1.MulByV()) - ab - ab.MulByV();
        return new(c0, ab.Double());
    }

    /// <summary>Granger–Scott squaring, valid for elements of the cyclotomic subgroup (spec 2.4).</summary>
    public Fp12<F> CyclotomicSquare()
    {
        var (z0, z4, z3) = (D0.C0, D0.C1, D0.C2);
        var (z2, z1, z5) = (D1.C0, D1.C1, D1.C2);
        Fp4Square(z0, z1, out var t0, out var t1);
        Fp4Square(z2, z3, out var t2, out var t3);
        Fp4Square(z4, z5, out var t4, out var t5);
        return new(
            new Fp6<F>(Minus(t0, z0), Minus(t2, z4), Minus(t4, z3)),
            new Fp6<F>(Plus(t5.MulByXi(), z2), Plus(t1, z1), Plus(t3, z5)));

        static void Fp4Square(in Fp2<F> a, in Fp2<F> b, out Fp2<F> c0, out Fp2<F> c1)
        {
            var ab = a * b;
            c0 = (a + b) * (b.MulByXi() + a) - ab - ab.MulByXi();
            c1 = ab.Double();
        }

        static Fp2<F> Minus(in Fp2<F> t, in Fp2<F> z) => (t - z).Double() + t;

        static Fp2<F> Plus(in Fp2<F> t, in Fp2<F> z) => (t + z).Double() + t;
    }

    /// <summary>Multiplication by the line l0 + l1·w + l2·v·w (spec 2.2, sparse).</summary>
    public Fp12<F> MulByLine(in Fp2<F> l0, in Fp2<F> l1, in Fp2<F> l2)
    {
        var a = D0.MulFp2(l0);
        var b = D1.MulBy01(l1, l2);
        var e = (D0 + D1).MulBy01(l0 + l1, l2);
        return new(a + b.MulByV(), e - a - b);
    }

    /// <summary>d0 − d1·w: the p⁶-th power, the inverse of a unitary element.</summary>
    public Fp12<F> Conjugate() => new(D0, -D1);

    public Fp12<F> Invert()
    {
        var t = (D0.Square() - D1.Square().MulByV()).Invert();
        return new(D0 * t, -(D1 * t));
    }

    public Fp12<F> Frobenius() => new(D0.Frobenius(), D1.Frobenius().MulFp2(TowerConstants<F>.GammaW));

    public ulong IsZeroMask() => D0.IsZeroMask() & D1.IsZeroMask();

    public static ulong EqualMask(in Fp12<F> x, in Fp12<F> y) => Fp6<F>.EqualMask(x.D0, y.D0) & Fp6<F>.EqualMask(x.D1, y.D1);

    /// <summary>Zeroes a secret element in place.</summary>
    public static void Wipe(ref Fp12<F> value) => CryptographicOperations.ZeroMemory(
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Span<Fp12<F>>(ref value)));
}
