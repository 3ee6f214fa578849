using Recrypt.Managed.Curve;
using Recrypt.Managed.Field;

namespace Recrypt.Managed;

/// <summary>
/// The optimal ate pairing of spec section 2, with exactly recrypt's value:
/// e(P, Q) = f^((p¹²−1)/r), f = f_{6t+2,Q}(P)·ℓ_{T,Q1}(P)·ℓ_{T+Q1,−Q2}(P), for P on E and Q on the
/// twist, on curve <typeparamref name="C"/>. Lines are evaluated in the projective form of spec 2.2 and
/// their F_p² denominators are dropped (the final exponent sends them to 1). The loop digits and exponent
/// chains are public constants derived from the curve's x, so the sequence of operations is the same for
/// every input.
/// </summary>
internal static class Pairing<F, L, C>
    where F : struct, IPrimeField<F, L>
    where L : struct, ILimbs<L>
    where C : struct, IBnCurve<F>
{
    /// <summary>The NAF digits of 6t+2 (t = x³) below its leading 1, most significant first (spec 2.3, A.1).</summary>
    internal static readonly sbyte[] LoopDigits = LoopDigitsOf(C.X);

    /// <summary>The nonzero NAF digits of x, least significant first, as (bit, negate): the chain of y^x (spec 2.4, A.1).</summary>
    internal static readonly (int Bit, bool Negate)[] XChain = XChainOf(C.X);

    /// <summary>The lines of one Miller loop: a doubling per digit, an addition per nonzero digit, and the two Frobenius lines.</summary>
    private static readonly int LineCount = LoopDigits.Length + LoopDigits.Count(d => d != 0) + 2;

    private static readonly Lazy<Line[]> s_generatorLines = new(() => Prepare(C.G2Generator));

    /// <summary>A line before evaluation at P: c0·y_P + c1·x_P·w + c2·v·w (spec 2.2 with c0 = Z·D, c1 = −Z·N, c2 = X·N − Y·D).</summary>
    private readonly struct Line(in Fp2<F> c0, in Fp2<F> c1, in Fp2<F> c2)
    {
        public readonly Fp2<F> C0 = c0, C1 = c1, C2 = c2;
    }

    /// <summary>The non-adjacent form of n, least significant digit first.</summary>
    internal static List<sbyte> NonAdjacentForm(UInt128 n)
    {
        var digits = new List<sbyte>();
        while (n != 0)
        {
            sbyte digit = 0;
            if ((n & 1) != 0)
            {
                digit = (sbyte)(2 - (int)(n & 3));
                n = digit > 0 ? n - 1 : n + 1;
            }
            digits.Add(digit);
            n >>= 1;
        }
        return digits;
    }

    private static sbyte[] LoopDigitsOf(ulong x)
    {
        var digits = NonAdjacentForm(6 * (UInt128)x * x * x + 2);
        digits.RemoveAt(digits.Count - 1);
        digits.Reverse();
        return [.. digits];
    }

    private static (int, bool)[] XChainOf(ulong x) =>
        [.. NonAdjacentForm(x).Select((digit, bit) => (digit, bit)).Where(d => d.digit != 0).Select(d => (d.bit, d.digit < 0))];

    /// <summary>e(P, Q); P must not be the identity (callers reject it, spec 2.1). Lines are used as they are made: nothing is allocated.</summary>
    public static Fp12<F> Pair(in Affine<F, G1Curve<F>> p, in Affine<Fp2<F>, G2Curve<F>> q)
    {
        var sink = new Evaluator(p);
        WalkLines(q, ref sink);
        return FinalExponentiation(sink.F);
    }

    /// <summary>e(P, G_Q), with the lines of G_Q computed once.</summary>
    public static Fp12<F> PairWithG2Generator(in Affine<F, G1Curve<F>> p) => FinalExponentiation(MillerLoop(p, s_generatorLines.Value));

    /// <summary>What the twist side of the Miller loop hands its lines to, in order.</summary>
    private interface ILineSink
    {
        /// <summary>The tangent line of a doubling step (the Miller value is squared first).</summary>
        void Doubling(in Line line);

        /// <summary>The line of an addition step.</summary>
        void Addition(in Line line);
    }

    /// <summary>
    /// The twist side of the Miller loop (spec 2.3): R ← 2R, R ← R ± Q for each digit, then the two
    /// Frobenius lines; every line goes to <paramref name="sink"/> (a struct, so the calls are direct).
    /// </summary>
    private static void WalkLines<TSink>(in Affine<Fp2<F>, G2Curve<F>> q, ref TSink sink)
        where TSink : struct, ILineSink
    {
        var qNegated = q.Negate();
        var r = q.ToProjective();
        foreach (var digit in LoopDigits)
        {
            sink.Doubling(DoublingLine(r));
            r = r.Double();
            if (digit != 0)
            {
                var addend = digit > 0 ? q : qNegated;
                sink.Addition(AdditionLine(r, addend));
                r = Point<Fp2<F>, G2Curve<F>>.AddAffine(r, addend);
            }
        }
        var q1 = Points<F, L, C>.Frobenius(q);
        var q2 = Points<F, L, C>.Frobenius(q1);
        sink.Addition(AdditionLine(r, q1));
        r = Point<Fp2<F>, G2Curve<F>>.AddAffine(r, q1);
        sink.Addition(AdditionLine(r, q2.Negate()));
    }

    /// <summary>Keeps the lines, for a Q that is paired many times (G_Q).</summary>
    private struct Collector() : ILineSink
    {
        private readonly Line[] _lines = new Line[LineCount];
        private int _count;

        public readonly Line[] Lines => _lines[.._count];

        public void Doubling(in Line line) => _lines[_count++] = line;

        public void Addition(in Line line) => _lines[_count++] = line;
    }

    /// <summary>Evaluates each line at P as it comes: the Miller loop itself.</summary>
    private struct Evaluator(in Affine<F, G1Curve<F>> p) : ILineSink
    {
        private readonly Affine<F, G1Curve<F>> _p = p;

        public Fp12<F> F = Fp12<F>.One;

        public void Doubling(in Line line) => F = MultiplyByLine(F.Square(), line, _p);

        public void Addition(in Line line) => F = MultiplyByLine(F, line, _p);
    }

    private static Line[] Prepare(in Affine<Fp2<F>, G2Curve<F>> q)
    {
        var collector = new Collector();
        WalkLines(q, ref collector);
        return collector.Lines;
    }

    /// <summary>Line with slope N/D through the twist point (X:Y:Z).</summary>
    private static Line MakeLine(in Fp2<F> x, in Fp2<F> y, in Fp2<F> z, in Fp2<F> n, in Fp2<F> d) => new(z * d, -(z * n), x * n - y * d);

    /// <summary>The tangent at R: N = 3X², D = 2YZ.</summary>
    private static Line DoublingLine(in Point<Fp2<F>, G2Curve<F>> r)
    {
        var x2 = r.X.Square();
        return MakeLine(r.X, r.Y, r.Z, x2.Double() + x2, (r.Y * r.Z).Double());
    }

    /// <summary>The line through Q (affine) and R: N = Y_R − y_Q·Z_R, D = X_R − x_Q·Z_R, taken through Q.</summary>
    private static Line AdditionLine(in Point<Fp2<F>, G2Curve<F>> r, in Affine<Fp2<F>, G2Curve<F>> q) =>
        MakeLine(q.X, q.Y, Fp2<F>.One, r.Y - q.Y * r.Z, r.X - q.X * r.Z);

    private static Fp12<F> MillerLoop(in Affine<F, G1Curve<F>> p, Line[] lines)
    {
        var f = Fp12<F>.One;
        var next = 0;
        foreach (var digit in LoopDigits)
        {
            f = MultiplyByLine(f.Square(), lines[next++], p);
            if (digit != 0)
            {
                f = MultiplyByLine(f, lines[next++], p);
            }
        }
        f = MultiplyByLine(f, lines[next++], p);
        return MultiplyByLine(f, lines[next], p);
    }

    private static Fp12<F> MultiplyByLine(in Fp12<F> f, in Line l, in Affine<F, G1Curve<F>> p) => f.MulByLine(l.C0.MulFp(p.Y), l.C1.MulFp(p.X), l.C2);

    /// <summary>y^x for a unitary y, along the NAF of x (spec 2.4, A.1): conjugation inverts a unitary element.</summary>
    private static Fp12<F> PowX(in Fp12<F> y)
    {
        var square = y;
        var done = 0;
        var chain = XChain;
        var acc = Fp12<F>.One;
        for (var i = 0; i < chain.Length; i++)
        {
            var (bit, negate) = chain[i];
            for (; done < bit; done++)
            {
                square = square.CyclotomicSquare();
            }
            var factor = negate ? square.Conjugate() : square;
            acc = i == 0 ? factor : acc * factor;
        }
        return acc;
    }

    /// <summary>
    /// f^((p¹²−1)/r): the easy part (p⁶−1)(p²+1), then Devegili–Scott–Dahab's hard part
    /// (p⁴−p²+1)/r written in x (spec 2.4 steps 1–7).
    /// </summary>
    public static Fp12<F> FinalExponentiation(in Fp12<F> input)
    {
        var f = input.Conjugate() * input.Invert();
        f = f.Frobenius().Frobenius() * f;

        var fbar = f.Conjugate();
        var g = fbar.CyclotomicSquare();
        g = g.CyclotomicSquare() * g;
        g = PowX(PowX(PowX(g)));
        var fbar2 = fbar.CyclotomicSquare();
        var fbar5 = fbar2.CyclotomicSquare() * fbar;
        var a = g * fbar5;
        var b = a.Frobenius() * a;
        var g1 = f.Frobenius();
        var g2 = g1.Frobenius();
        var g3 = g2.Frobenius();
        var g4 = b * g1.CyclotomicSquare() * g2;
        var g4Squared = g4.CyclotomicSquare();
        var g5 = g4Squared.CyclotomicSquare() * g4Squared;
        for (var i = 0; i < 6; i++)
        {
            g5 = PowX(g5);
        }
        var g6 = g1 * f;
        var g6Squared = g6.CyclotomicSquare();
        var g6To9 = g6Squared.CyclotomicSquare().CyclotomicSquare() * g6;
        var f4 = f.CyclotomicSquare().CyclotomicSquare();
        return g3 * g5 * g4 * b * g6To9 * a * f4;
    }
}
