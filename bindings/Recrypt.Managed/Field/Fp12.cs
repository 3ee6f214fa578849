using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Recrypt.Managed.Field;

/// <summary>
/// F_p¹² = F_p⁶[w]/(w² − v): d0 + d1·w (spec 1.3), 384 bytes encoded d1 ‖ d0 (spec 1.6). Plaintexts,
/// pairing values and encrypted temp keys.
/// </summary>
internal readonly struct Fp12
{
    public const int Size = 384;

    public readonly Fp6 D0, D1;

    /// <summary>γ_w = ξ^((p−1)/6): w^p = γ_w·w (spec 1.5).</summary>
    public static readonly Fp2 GammaW = Fp2.FromHex(
        "2c367d29da983b5c9f280982fcfb8572049bf5d107a03af04b691f508d4c26a8",
        "132ab1f7691f80c23a669513f62d3830d78a8c6771ca7f4955aa3f973812f5ec");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp12(in Fp6 d0, in Fp6 d1)
    {
        D0 = d0;
        D1 = d1;
    }

    public static Fp12 One => new(Fp6.One, Fp6.Zero);

    /// <summary>Decodes 384 bytes, reducing every coefficient (spec 1.6).</summary>
    public static Fp12 FromBytesReduced(ReadOnlySpan<byte> bytes) => new(Fp6.FromBytesReduced(bytes[192..384]), Fp6.FromBytesReduced(bytes[..192]));

    public void WriteBytes(Span<byte> destination)
    {
        D1.WriteBytes(destination);
        D0.WriteBytes(destination[192..]);
    }

    public static Fp12 operator *(in Fp12 x, in Fp12 y)
    {
        var t0 = x.D0 * y.D0;
        var t1 = x.D1 * y.D1;
        return new(t0 + t1.MulByV(), (x.D0 + x.D1) * (y.D0 + y.D1) - t0 - t1);
    }

    public Fp12 Square()
    {
        var ab = D0 * D1;
        var c0 = (D0 + D1) * (D0 + D1.MulByV()) - ab - ab.MulByV();
        return new(c0, ab.Double());
    }

    /// <summary>Granger–Scott squaring, valid for elements of the cyclotomic subgroup (spec 2.4).</summary>
    public Fp12 CyclotomicSquare()
    {
        var (z0, z4, z3) = (D0.C0, D0.C1, D0.C2);
        var (z2, z1, z5) = (D1.C0, D1.C1, D1.C2);
        Fp4Square(z0, z1, out var t0, out var t1);
        Fp4Square(z2, z3, out var t2, out var t3);
        Fp4Square(z4, z5, out var t4, out var t5);
        return new(
            new Fp6(Minus(t0, z0), Minus(t2, z4), Minus(t4, z3)),
            new Fp6(Plus(t5.MulByXi(), z2), Plus(t1, z1), Plus(t3, z5)));

        static void Fp4Square(in Fp2 a, in Fp2 b, out Fp2 c0, out Fp2 c1)
        {
            var ab = a * b;
            c0 = (a + b) * (b.MulByXi() + a) - ab - ab.MulByXi();
            c1 = ab.Double();
        }

        static Fp2 Minus(in Fp2 t, in Fp2 z) => (t - z).Double() + t;

        static Fp2 Plus(in Fp2 t, in Fp2 z) => (t + z).Double() + t;
    }

    /// <summary>Multiplication by the line l0 + l1·w + l2·v·w (spec 2.2, sparse).</summary>
    public Fp12 MulByLine(in Fp2 l0, in Fp2 l1, in Fp2 l2)
    {
        var a = D0.MulFp2(l0);
        var b = D1.MulBy01(l1, l2);
        var e = (D0 + D1).MulBy01(l0 + l1, l2);
        return new(a + b.MulByV(), e - a - b);
    }

    /// <summary>d0 − d1·w: the p⁶-th power, the inverse of a unitary element.</summary>
    public Fp12 Conjugate() => new(D0, -D1);

    public Fp12 Invert()
    {
        var t = (D0.Square() - D1.Square().MulByV()).Invert();
        return new(D0 * t, -(D1 * t));
    }

    public Fp12 Frobenius() => new(D0.Frobenius(), D1.Frobenius().MulFp2(GammaW));

    public ulong IsZeroMask() => D0.IsZeroMask() & D1.IsZeroMask();

    public static ulong EqualMask(in Fp12 x, in Fp12 y) => Fp6.EqualMask(x.D0, y.D0) & Fp6.EqualMask(x.D1, y.D1);

    /// <summary>Zeroes a secret element in place.</summary>
    public static void Wipe(ref Fp12 value) => CryptographicOperations.ZeroMemory(
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Span<Fp12>(ref value)));
}
