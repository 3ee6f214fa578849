using Recrypt.Managed.Field;

namespace Recrypt.Managed.Curve;

/// <summary>
/// Precomputed multiples of a fixed base B for scalars on limbs <typeparamref name="K"/>: row i holds
/// [j·16^i]B for j = 1..15 (affine), so [k]B is a sum of one table entry per 4-bit digit of k, with no doublings. Every lookup reads a
/// whole row, and a zero digit adds and then discards, so the work is the same for every k.
/// </summary>
internal sealed class FixedBase<T, C, K>
    where T : struct, IField<T>
    where C : struct, ICurve<T>
    where K : struct, ILimbs<K>
{
    private static int Rows => 2 * K.Bytes;
    private const int Columns = 15;

    private readonly Affine<T, C>[] _table;

    public FixedBase(in Affine<T, C> @base)
    {
        var projective = new Point<T, C>[Rows * Columns];
        var rowBase = @base.ToProjective();
        for (var i = 0; i < Rows; i++)
        {
            var e = rowBase;
            for (var j = 0; j < Columns; j++)
            {
                projective[i * Columns + j] = e;
                e = Point<T, C>.Add(e, rowBase);
            }
            rowBase = e;
        }
        _table = BatchToAffine(projective);
    }

    /// <summary>[k]B, in constant time.</summary>
    public Point<T, C> Multiply(in K k)
    {
        var acc = Point<T, C>.Identity;
        var table = _table.AsSpan();
        for (var i = 0; i < Rows; i++)
        {
            var digit = k.Nibble(i);
            var row = table.Slice(i * Columns, Columns);
            var entry = row[0];
            for (var j = 1; j < Columns; j++)
            {
                var d = (uint)(j + 1) ^ digit;
                var mask = 0 - (((ulong)d - 1) >> 63);
                entry = new Affine<T, C>(C.Select(entry.X, row[j].X, mask), C.Select(entry.Y, row[j].Y, mask));
            }
            var sum = Point<T, C>.AddAffine(acc, entry);
            var isZero = 0 - (((ulong)digit - 1) >> 63);
            acc = Point<T, C>.Select(sum, acc, isZero);
        }
        return acc;
    }

    /// <summary>Affine forms of many points with one inversion (Montgomery's trick); none may be the identity.</summary>
    private static Affine<T, C>[] BatchToAffine(Point<T, C>[] points)
    {
        var prefix = new T[points.Length];
        var acc = C.One;
        for (var i = 0; i < points.Length; i++)
        {
            prefix[i] = acc;
            acc = C.Mul(acc, points[i].Z);
        }
        var inverse = C.Invert(acc);
        var result = new Affine<T, C>[points.Length];
        for (var i = points.Length - 1; i >= 0; i--)
        {
            var zi = C.Mul(inverse, prefix[i]);
            inverse = C.Mul(inverse, points[i].Z);
            result[i] = new Affine<T, C>(C.Mul(points[i].X, zi), C.Mul(points[i].Y, zi));
        }
        return result;
    }
}
