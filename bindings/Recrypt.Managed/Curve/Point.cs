using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recrypt.Managed.Curve;

/// <summary>An affine point (x, y); never the identity.</summary>
internal readonly struct Affine<T, C>
    where T : struct, Field.IField<T>
    where C : struct, ICurve<T>
{
    public readonly T X, Y;

    public Affine(in T x, in T y)
    {
        X = x;
        Y = y;
    }

    /// <summary>All ones when y² = x³ + b.</summary>
    public ulong IsOnCurveMask() => C.EqualMask(C.Square(Y), C.Add(C.Mul(C.Square(X), X), C.B));

    public Point<T, C> ToProjective() => new(X, Y, C.One);

    public Affine<T, C> Negate() => new(X, C.Negate(Y));

    /// <summary>The encoding x ‖ y, each coordinate canonical (spec 1.6).</summary>
    public void WriteBytes(Span<byte> destination)
    {
        X.WriteBytes(destination);
        Y.WriteBytes(destination[T.Size..]);
    }
}

/// <summary>
/// A point in homogeneous projective coordinates (X:Y:Z) ↦ (X/Z, Y/Z), with the complete formulas of
/// Renes, Costello and Batina (2015, algorithms 7–9 for a = 0): every input, the identity (0:1:0)
/// and P = Q included, takes the same path.
/// </summary>
internal readonly struct Point<T, C>
    where T : struct, Field.IField<T>
    where C : struct, ICurve<T>
{
    public readonly T X, Y, Z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Point(in T x, in T y, in T z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static Point<T, C> Identity => new(C.Zero, C.One, C.Zero);

    public ulong IsIdentityMask() => C.IsZeroMask(Z);

    public Point<T, C> Negate() => new(X, C.Negate(Y), Z);

    /// <summary>Complete addition (RCB algorithm 7, a = 0).</summary>
    public static Point<T, C> Add(in Point<T, C> p, in Point<T, C> q)
    {
        var t0 = C.Mul(p.X, q.X);
        var t1 = C.Mul(p.Y, q.Y);
        var t2 = C.Mul(p.Z, q.Z);
        var t3 = C.Sub(C.Mul(C.Add(p.X, p.Y), C.Add(q.X, q.Y)), C.Add(t0, t1));
        var t4 = C.Sub(C.Mul(C.Add(p.Y, p.Z), C.Add(q.Y, q.Z)), C.Add(t1, t2));
        var x3 = C.Mul(C.Add(p.X, p.Z), C.Add(q.X, q.Z));
        var y3 = C.Sub(x3, C.Add(t0, t2));
        t0 = C.Add(C.Double(t0), t0);
        t2 = C.MulB3(t2);
        var z3 = C.Add(t1, t2);
        t1 = C.Sub(t1, t2);
        y3 = C.MulB3(y3);
        x3 = C.Sub(C.Mul(t3, t1), C.Mul(t4, y3));
        var ny = C.Add(C.Mul(t1, z3), C.Mul(y3, t0));
        var nz = C.Add(C.Mul(z3, t4), C.Mul(t0, t3));
        return new(x3, ny, nz);
    }

    /// <summary>Complete mixed addition with an affine point (RCB algorithm 8, a = 0); q must not be the identity.</summary>
    public static Point<T, C> AddAffine(in Point<T, C> p, in Affine<T, C> q)
    {
        var t0 = C.Mul(p.X, q.X);
        var t1 = C.Mul(p.Y, q.Y);
        var t3 = C.Sub(C.Mul(C.Add(q.X, q.Y), C.Add(p.X, p.Y)), C.Add(t0, t1));
        var t4 = C.Add(C.Mul(q.Y, p.Z), p.Y);
        var y3 = C.Add(C.Mul(q.X, p.Z), p.X);
        t0 = C.Add(C.Double(t0), t0);
        var t2 = C.MulB3(p.Z);
        var z3 = C.Add(t1, t2);
        t1 = C.Sub(t1, t2);
        y3 = C.MulB3(y3);
        var x3 = C.Sub(C.Mul(t3, t1), C.Mul(t4, y3));
        var ny = C.Add(C.Mul(t1, z3), C.Mul(y3, t0));
        var nz = C.Add(C.Mul(z3, t4), C.Mul(t0, t3));
        return new(x3, ny, nz);
    }

    /// <summary>Complete doubling (RCB algorithm 9, a = 0).</summary>
    public Point<T, C> Double()
    {
        var t0 = C.Square(Y);
        var z3 = C.Double(C.Double(C.Double(t0)));
        var t1 = C.Mul(Y, Z);
        var t2 = C.MulB3(C.Square(Z));
        var x3 = C.Mul(t2, z3);
        var y3 = C.Add(t0, t2);
        z3 = C.Mul(t1, z3);
        t2 = C.Add(C.Double(t2), t2);
        t0 = C.Sub(t0, t2);
        y3 = C.Add(C.Mul(t0, y3), x3);
        x3 = C.Double(C.Mul(t0, C.Mul(X, Y)));
        return new(x3, y3, z3);
    }

    public static Point<T, C> Select(in Point<T, C> a, in Point<T, C> b, ulong mask) =>
        new(C.Select(a.X, b.X, mask), C.Select(a.Y, b.Y, mask), C.Select(a.Z, b.Z, mask));

    /// <summary>The affine form, and an all-ones mask when the point is not the identity. Constant time.</summary>
    public Affine<T, C> ToAffine(out ulong isFinite)
    {
        var zi = C.Invert(Z);
        isFinite = ~IsIdentityMask();
        return new(C.Mul(X, zi), C.Mul(Y, zi));
    }

    /// <summary>
    /// [k]P for an integer k on limbs <typeparamref name="K"/>: fixed 4-bit windows from the top, every window
    /// four doublings and one addition of a table entry chosen by scanning the whole table.
    /// </summary>
    public Point<T, C> Multiply<K>(in K k)
        where K : struct, Field.ILimbs<K>
    {
        var table = new PointTable16();
        var entries = table.AsSpan();
        entries[0] = Identity;
        entries[1] = this;
        for (var i = 2; i < 16; i++)
        {
            entries[i] = (i & 1) == 0 ? entries[i / 2].Double() : Add(entries[i - 1], this);
        }
        var acc = Identity;
        for (var w = 2 * K.Bytes - 1; w >= 0; w--)
        {
            acc = acc.Double().Double().Double().Double();
            acc = Add(acc, Lookup(entries, k.Nibble(w)));
        }
        return acc;
    }

    /// <summary>entries[digit], reading every entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Point<T, C> Lookup(ReadOnlySpan<Point<T, C>> entries, uint digit)
    {
        var result = entries[0];
        for (var i = 1; i < entries.Length; i++)
        {
            var d = (uint)i ^ digit;
            var mask = ((ulong)d - 1) >> 63; // 1 when equal (d = 0), else 0
            result = Select(result, entries[i], 0 - mask);
        }
        return result;
    }

    [InlineArray(16)]
    private struct PointTable16
    {
        private Point<T, C> _element;

        public Span<Point<T, C>> AsSpan() => MemoryMarshal.CreateSpan(ref _element, 16);
    }
}
