using Recrypt.Managed.Curve;
using Recrypt.Managed.Field;

namespace Recrypt.Managed;

/// <summary>
/// The optimal ate pairing of spec section 2, with exactly recrypt's value:
/// e(P, Q) = f^((p¹²−1)/r), f = f_{6t+2,Q}(P)·ℓ_{T,Q1}(P)·ℓ_{T+Q1,−Q2}(P), for P on E and Q on the
/// twist. Lines are evaluated in the projective form of spec 2.2 and their F_p² denominators are
/// dropped (the final exponent sends them to 1). The loop digits and exponent chains are public
/// constants, so the sequence of operations is the same for every input.
/// </summary>
internal static class Pairing
{
    /// <summary>The NAF digits of 6t+2 below its leading 1, most significant first (spec 2.3).</summary>
    private static ReadOnlySpan<sbyte> LoopDigits =>
    [
        0, 0, 0, 1, 0, 0, 0, 0, -1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, -1, 0, 0, 0, -1, 0, 1, 0, 0,
        0, 1, 0, -1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, -1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0,
        1, 0, 0, 0,
    ];

    private static readonly Lazy<Line[]> s_generatorLines = new(() => Prepare(Points.G2Generator));

    /// <summary>A line before evaluation at P: c0·y_P + c1·x_P·w + c2·v·w (spec 2.2 with c0 = Z·D, c1 = −Z·N, c2 = X·N − Y·D).</summary>
    private readonly struct Line(in Fp2 c0, in Fp2 c1, in Fp2 c2)
    {
        public readonly Fp2 C0 = c0, C1 = c1, C2 = c2;
    }

    /// <summary>e(P, Q); P must not be the identity (callers reject it, spec 2.1). Lines are used as they are made: nothing is allocated.</summary>
    public static Fp12 Pair(in G1Affine p, in G2Affine q)
    {
        var sink = new Evaluator(p);
        WalkLines(q, ref sink);
        return FinalExponentiation(sink.F);
    }

    /// <summary>e(P, G_Q), with the lines of G_Q computed once.</summary>
    public static Fp12 PairWithG2Generator(in G1Affine p) => FinalExponentiation(MillerLoop(p, s_generatorLines.Value));

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
    private static void WalkLines<TSink>(in G2Affine q, ref TSink sink)
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
                r = G2.AddAffine(r, addend);
            }
        }
        var q1 = Points.Frobenius(q);
        var q2 = Points.Frobenius(q1);
        sink.Addition(AdditionLine(r, q1));
        r = G2.AddAffine(r, q1);
        sink.Addition(AdditionLine(r, q2.Negate()));
    }

    /// <summary>Keeps the lines, for a Q that is paired many times (G_Q).</summary>
    private struct Collector() : ILineSink
    {
        private readonly Line[] _lines = new Line[LoopDigits.Length + 24];
        private int _count;

        public readonly Line[] Lines => _lines[.._count];

        public void Doubling(in Line line) => _lines[_count++] = line;

        public void Addition(in Line line) => _lines[_count++] = line;
    }

    /// <summary>Evaluates each line at P as it comes: the Miller loop itself.</summary>
    private struct Evaluator(in G1Affine p) : ILineSink
    {
        private readonly G1Affine _p = p;

        public Fp12 F = Fp12.One;

        public void Doubling(in Line line) => F = MultiplyByLine(F.Square(), line, _p);

        public void Addition(in Line line) => F = MultiplyByLine(F, line, _p);
    }

    private static Line[] Prepare(in G2Affine q)
    {
        var collector = new Collector();
        WalkLines(q, ref collector);
        return collector.Lines;
    }

    /// <summary>Line with slope N/D through the twist point (X:Y:Z).</summary>
    private static Line MakeLine(in Fp2 x, in Fp2 y, in Fp2 z, in Fp2 n, in Fp2 d) => new(z * d, -(z * n), x * n - y * d);

    /// <summary>The tangent at R: N = 3X², D = 2YZ.</summary>
    private static Line DoublingLine(in G2 r)
    {
        var x2 = r.X.Square();
        return MakeLine(r.X, r.Y, r.Z, x2.Double() + x2, (r.Y * r.Z).Double());
    }

    /// <summary>The line through Q (affine) and R: N = Y_R − y_Q·Z_R, D = X_R − x_Q·Z_R, taken through Q.</summary>
    private static Line AdditionLine(in G2 r, in G2Affine q) =>
        MakeLine(q.X, q.Y, Fp2.One, r.Y - q.Y * r.Z, r.X - q.X * r.Z);

    private static Fp12 MillerLoop(in G1Affine p, Line[] lines)
    {
        var f = Fp12.One;
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

    private static Fp12 MultiplyByLine(in Fp12 f, in Line l, in G1Affine p) => f.MulByLine(l.C0.MulFp(p.Y), l.C1.MulFp(p.X), l.C2);

    /// <summary>y^x for a unitary y and x = 2²¹ − 2¹⁸ + 2¹⁵ + 2⁸ + 1 (spec 2.4).</summary>
    private static Fp12 PowX(in Fp12 y)
    {
        var acc = y;
        var square = y;
        var done = 0;
        foreach (var (bits, negate) in (ReadOnlySpan<(int, bool)>)[(8, false), (15, false), (18, true), (21, false)])
        {
            for (; done < bits; done++)
            {
                square = square.CyclotomicSquare();
            }
            acc *= negate ? square.Conjugate() : square;
        }
        return acc;
    }

    /// <summary>
    /// f^((p¹²−1)/r): the easy part (p⁶−1)(p²+1), then Devegili–Scott–Dahab's hard part
    /// (p⁴−p²+1)/r written in x (spec 2.4 steps 1–7).
    /// </summary>
    public static Fp12 FinalExponentiation(in Fp12 input)
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
