global using Scalar25519 = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Ed25519.OrderModulus>;
using System.Security.Cryptography;
using Recrypt.Managed.Field;

namespace Recrypt.Managed;

/// <summary>
/// Ed25519 (RFC 8032, PureEdDSA: SHA-512, no context). Signing is constant time in the seed and
/// the nonce. Verification is cofactorless and strict: s must be below L, and the public key must
/// be a canonical encoding (y &lt; p; x = 0 only with the sign bit clear) of a point that is not of
/// small order. The same rules as the native core.
/// </summary>
internal static class Ed25519
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    /// <summary>L = 2^252 + 27742317777372353535851937790883648493, the order of the base point.</summary>
    internal readonly struct OrderModulus : IModulus<U256>
    {
        private static readonly U256 s_m = U256.FromHex("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");

        public static U256 Modulus => s_m;

        public static int Size => 32;
    }

    private static readonly Fe25519 s_d = -Fe25519.FromUInt64(121665) * Fe25519.FromUInt64(121666).Invert();
    private static readonly Fe25519 s_d2 = s_d.Double();
    private static readonly Fe25519 s_sqrtMinusOne = Fe25519.FromUInt64(2).PowPublic(
        U256.FromHex("1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb"));

    private static readonly Lazy<Niels[]> s_baseTable = new(BuildBaseTable);
    private static readonly Lazy<Niels[]> s_oddBaseMultiples = new(BuildOddBaseMultiples);

    /// <summary>A point in extended coordinates: x = X/Z, y = Y/Z, x·y = T/Z.</summary>
    private readonly struct Extended(in Fe25519 x, in Fe25519 y, in Fe25519 z, in Fe25519 t)
    {
        public readonly Fe25519 X = x, Y = y, Z = z, T = t;

        public static Extended Identity => new(Fe25519.Zero, Fe25519.One, Fe25519.One, Fe25519.Zero);

        /// <summary>Complete addition for a = −1 (Hisil–Wong–Carter–Dawson, add-2008-hwcd-3).</summary>
        public static Extended Add(in Extended p, in Extended q)
        {
            var a = (p.Y - p.X) * (q.Y - q.X);
            var b = (p.Y + p.X) * (q.Y + q.X);
            var c = p.T * s_d2 * q.T;
            var d = (p.Z * q.Z).Double();
            return Finish(a, b, c, d);
        }

        /// <summary>Addition of a cached odd multiple of the public key (verification: public data).</summary>
        public static Extended Add(in Extended p, in Cached q, bool withT)
        {
            var a = (p.Y - p.X) * q.YMinusX;
            var b = (p.Y + p.X) * q.YPlusX;
            var c = p.T * q.T2d;
            var d = (p.Z * q.Z).Double();
            return Finish(a, b, c, d, withT);
        }

        /// <summary>
        /// Mixed addition with a precomputed point (the identity entry included); <paramref name="withT"/>
        /// false leaves T zero, for a result that is only doubled or encoded next.
        /// </summary>
        public static Extended Add(in Extended p, in Niels q, bool withT = true)
        {
            var a = (p.Y - p.X) * q.YMinusX;
            var b = (p.Y + p.X) * q.YPlusX;
            var c = p.T * q.T2d;
            var d = p.Z.Double();
            return Finish(a, b, c, d, withT);
        }

        private static Extended Finish(in Fe25519 a, in Fe25519 b, in Fe25519 c, in Fe25519 d, bool withT = true)
        {
            var e = b - a;
            var f = d - c;
            var g = d + c;
            var h = b + a;
            return new(e * f, g * h, f * g, withT ? e * h : Fe25519.Zero);
        }

        /// <summary>
        /// Doubling for a = −1 (dbl-2008-hwcd); it reads X, Y and Z only. E, F, G and H are all taken
        /// negated (the products are unchanged), which saves two additions.
        /// </summary>
        public Extended Double(bool withT = true)
        {
            var a = X.Square();
            var b = Y.Square();
            var c = Z.Square().Double();
            var negH = a + b;
            var negE = negH - (X + Y).Square();
            var negG = a - b;
            var negF = c + negG;
            return new(negE * negF, negG * negH, negF * negG, withT ? negE * negH : Fe25519.Zero);
        }

        public Extended Negate() => new(-X, Y, Z, -T);

        public static Extended Select(in Extended a, in Extended b, ulong mask) => new(
            Fe25519.Select(a.X, b.X, mask), Fe25519.Select(a.Y, b.Y, mask), Fe25519.Select(a.Z, b.Z, mask), Fe25519.Select(a.T, b.T, mask));

        public void Encode(Span<byte> destination)
        {
            var zi = Z.Invert();
            var x = (X * zi).ToCanonical();
            var y = (Y * zi).ToCanonical();
            y.WriteLittleEndian(destination);
            destination[31] |= (byte)((x.L0 & 1) << 7);
        }
    }

    /// <summary>A precomputed point (y + x, y − x, 2d·x·y); the identity is (1, 1, 0).</summary>
    private readonly struct Niels(in Fe25519 yPlusX, in Fe25519 yMinusX, in Fe25519 t2d)
    {
        public readonly Fe25519 YPlusX = yPlusX, YMinusX = yMinusX, T2d = t2d;

        public static Niels Identity => new(Fe25519.One, Fe25519.One, Fe25519.Zero);

        /// <summary>
        /// The precomputed forms of many public points with one field inversion (Montgomery's trick); none may
        /// have Z = 0. Building the tables point by point took one inversion each, seconds in the browser.
        /// </summary>
        public static void FromExtended(ReadOnlySpan<Extended> points, Span<Niels> destination)
        {
            var prefix = new Fe25519[points.Length];
            var acc = Fe25519.One;
            for (var i = 0; i < points.Length; i++)
            {
                prefix[i] = acc;
                acc *= points[i].Z;
            }
            var inverse = acc.Invert();
            for (var i = points.Length - 1; i >= 0; i--)
            {
                var zi = inverse * prefix[i];
                inverse *= points[i].Z;
                var x = points[i].X * zi;
                var y = points[i].Y * zi;
                destination[i] = new(y + x, y - x, x * y * s_d2);
            }
        }

        public static Niels Select(in Niels a, in Niels b, ulong mask) => new(
            Fe25519.Select(a.YPlusX, b.YPlusX, mask), Fe25519.Select(a.YMinusX, b.YMinusX, mask), Fe25519.Select(a.T2d, b.T2d, mask));

        public Niels Negate() => new(YMinusX, YPlusX, -T2d);
    }

    /// <summary>A projective point ready to be added: (Y + X, Y − X, Z, 2d·T).</summary>
    private readonly struct Cached(in Fe25519 yPlusX, in Fe25519 yMinusX, in Fe25519 z, in Fe25519 t2d)
    {
        public readonly Fe25519 YPlusX = yPlusX, YMinusX = yMinusX, Z = z, T2d = t2d;

        public static Cached From(in Extended p) => new(p.Y + p.X, p.Y - p.X, p.Z, p.T * s_d2);

        public Cached Negate() => new(YMinusX, YPlusX, Z, -T2d);
    }

    /// <summary>The base point B: y = 4/5, x even (RFC 8032 5.1).</summary>
    private static Extended BasePoint()
    {
        Span<byte> encoded = stackalloc byte[32];
        Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666", encoded, out _, out _);
        return TryDecode(encoded, out var b) ? b : throw new InvalidOperationException("Internal error in Recrypt: the Ed25519 base point does not decode.");
    }

    /// <summary>Row i holds [j·16^i]B for j = 0..15 (j = 0 the identity), so [k]B is 64 lookups and additions.</summary>
    private static Niels[] BuildBaseTable()
    {
        var points = new Extended[64 * 16];
        var rowBase = BasePoint();
        for (var i = 0; i < 64; i++)
        {
            points[i * 16] = rowBase; // a placeholder with Z ≠ 0 for the batch inversion; the identity goes here
            var e = rowBase;
            for (var j = 1; j < 16; j++)
            {
                points[i * 16 + j] = e;
                e = Extended.Add(e, rowBase);
            }
            rowBase = e;
        }
        var table = new Niels[points.Length];
        Niels.FromExtended(points, table);
        for (var i = 0; i < 64; i++)
        {
            table[i * 16] = Niels.Identity;
        }
        return table;
    }

    /// <summary>[k]B for a 256-bit k, in constant time (every row read whole).</summary>
    private static Extended MultiplyBase(in U256 k)
    {
        var table = s_baseTable.Value.AsSpan();
        var acc = Extended.Identity;
        for (var i = 0; i < 64; i++)
        {
            var digit = k.Nibble(i);
            var row = table.Slice(i * 16, 16);
            var entry = row[0];
            for (var j = 1; j < 16; j++)
            {
                var mask = 0 - ((((ulong)((uint)j ^ digit)) - 1) >> 63);
                entry = Niels.Select(entry, row[j], mask);
            }
            acc = Extended.Add(acc, entry);
        }
        return acc;
    }

    /// <summary>The odd multiples B, 3B, …, 127B, for the base point's 8-bit signed windows in verification.</summary>
    private static Niels[] BuildOddBaseMultiples()
    {
        var points = new Extended[64];
        var b = BasePoint();
        var twoB = Cached.From(b.Double());
        var e = b;
        for (var j = 0; j < points.Length; j++)
        {
            points[j] = e;
            e = Extended.Add(e, twoB, withT: true);
        }
        var table = new Niels[points.Length];
        Niels.FromExtended(points, table);
        return table;
    }

    /// <summary>
    /// [s]B + [k]P for public s, k and P (verification only: variable time). Straus's method over the
    /// width-w NAFs of both scalars: one chain of doublings, an addition for each nonzero digit, odd
    /// multiples of P made here (w = 5) and of B precomputed (w = 8).
    /// </summary>
    private static Extended DoubleScalarMultiplyVartime(in U256 s, in Extended p, in U256 k)
    {
        Span<sbyte> sDigits = stackalloc sbyte[256];
        Span<sbyte> kDigits = stackalloc sbyte[256];
        WidthNaf(s, 8, sDigits);
        WidthNaf(k, 5, kDigits);

        Span<Cached> pMultiples = stackalloc Cached[8];
        var twoP = Cached.From(p.Double());
        var e = p;
        pMultiples[0] = Cached.From(e);
        for (var j = 1; j < pMultiples.Length; j++)
        {
            e = Extended.Add(e, twoP, withT: true);
            pMultiples[j] = Cached.From(e);
        }
        var bMultiples = s_oddBaseMultiples.Value;

        var i = 255;
        while (i >= 0 && sDigits[i] == 0 && kDigits[i] == 0)
        {
            i--;
        }
        var acc = Extended.Identity;
        for (; i >= 0; i--)
        {
            var sDigit = sDigits[i];
            var kDigit = kDigits[i];
            acc = acc.Double(withT: sDigit != 0 || kDigit != 0);
            if (kDigit != 0)
            {
                var entry = pMultiples[Math.Abs(kDigit) >> 1];
                acc = Extended.Add(acc, kDigit > 0 ? entry : entry.Negate(), withT: sDigit != 0);
            }
            if (sDigit != 0)
            {
                var entry = bMultiples[Math.Abs(sDigit) >> 1];
                acc = Extended.Add(acc, sDigit > 0 ? entry : entry.Negate(), withT: false);
            }
        }
        return acc;
    }

    /// <summary>
    /// The width-<paramref name="w"/> non-adjacent form of a public k &lt; 2^255, least significant digit
    /// first: every nonzero digit is odd and below 2^(w−1) in absolute value, and is followed by at
    /// least w − 1 zeros.
    /// </summary>
    private static void WidthNaf(in U256 k, int w, Span<sbyte> digits)
    {
        digits.Clear();
        var width = 1L << w;
        var mask = (ulong)width - 1;
        long carry = 0;
        var position = 0;
        while (position < 256)
        {
            var limb = position >> 6;
            var bit = position & 63;
            var window = k.Limb(limb) >> bit;
            if (bit != 0 && limb < 3)
            {
                window |= k.Limb(limb + 1) << (64 - bit);
            }
            var value = carry + (long)(window & mask);
            if ((value & 1) == 0)
            {
                position++;
                continue;
            }
            if (value < width / 2)
            {
                carry = 0;
                digits[position] = (sbyte)value;
            }
            else
            {
                carry = 1;
                digits[position] = (sbyte)(value - width);
            }
            position += w;
        }
    }

    /// <summary>Decodes a point (RFC 8032 5.1.3), refusing a y at or above p and x = 0 with the sign bit set. Public data only.</summary>
    private static bool TryDecode(ReadOnlySpan<byte> encoded, out Extended point)
    {
        point = default;
        Span<byte> bytes = stackalloc byte[32];
        encoded.CopyTo(bytes);
        var sign = (ulong)(bytes[31] >> 7);
        bytes[31] &= 0x7f;
        var yInt = U256.FromLittleEndian(bytes);
        if (U256.LessThan(yInt, Fe25519.Modulus) == 0)
        {
            return false;
        }
        var y = Fe25519.FromCanonical(yInt);
        var y2 = y.Square();
        var u = y2 - Fe25519.One;
        var v = s_d * y2 + Fe25519.One;
        var v3 = v.Square() * v;
        var x = u * v3 * (u * v3.Square() * v).PowP58();
        var vx2 = v * x.Square();
        if (Fe25519.EqualMask(vx2, u) == 0)
        {
            if (Fe25519.EqualMask(vx2, -u) == 0)
            {
                return false;
            }
            x *= s_sqrtMinusOne;
        }
        var xCanonical = x.ToCanonical();
        if (x.IsZeroMask() != 0 && sign == 1)
        {
            return false;
        }
        if ((xCanonical.L0 & 1) != sign)
        {
            x = -x;
        }
        point = new Extended(x, y, Fe25519.One, x * y);
        return true;
    }

    /// <summary>The public key of a seed: the encoding of [a]B, a the clamped first half of SHA-512(seed).</summary>
    public static void ComputePublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        Span<byte> h = stackalloc byte[64];
        try
        {
            SHA512.HashData(seed, h);
            var a = ClampedScalar(h);
            MultiplyBase(a).Encode(publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(h);
        }
    }

    /// <summary>RFC 8032 signature of <paramref name="message"/> by the key pair seed ‖ public key.</summary>
    public static void Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        Span<byte> h = stackalloc byte[64];
        Span<byte> digest = stackalloc byte[64];
        try
        {
            SHA512.HashData(seed, h);
            var a = Scalar25519.FromAny(ClampedScalar(h));

            Hashing.Sha512(h[32..], message, [], digest);
            var r = Scalar25519.FromBytesWideLittleEndian(digest);
            var rCanonical = r.ToCanonical();
            MultiplyBase(rCanonical).Encode(signature[..32]);

            var k = Challenge(signature[..32], publicKey, message, digest);
            var s = r + k * a;
            s.ToCanonical().WriteLittleEndian(signature[32..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(h);
            CryptographicOperations.ZeroMemory(digest);
        }
    }

    /// <summary>Strict, cofactorless RFC 8032 verification.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!TryDecodePublicKey(publicKey, out var a))
        {
            return false;
        }
        var s = U256.FromLittleEndian(signature[32..]);
        if (U256.LessThan(s, OrderModulus.Modulus) == 0)
        {
            return false;
        }
        Span<byte> digest = stackalloc byte[64];
        var k = Challenge(signature[..32], publicKey, message, digest).ToCanonical();
        var check = DoubleScalarMultiplyVartime(s, a.Negate(), k);
        Span<byte> encoded = stackalloc byte[32];
        check.Encode(encoded);
        return CryptographicOperations.FixedTimeEquals(encoded, signature[..32]);
    }

    /// <summary>Whether the key decodes canonically to a point of order other than 1, 2, 4 or 8.</summary>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> publicKey) => TryDecodePublicKey(publicKey, out _);

    /// <summary>A public key that decodes canonically to a point of order other than 1, 2, 4 or 8.</summary>
    private static bool TryDecodePublicKey(ReadOnlySpan<byte> publicKey, out Extended point)
    {
        if (!TryDecode(publicKey, out point))
        {
            return false;
        }
        var eight = point.Double().Double().Double();
        var isIdentity = eight.X.IsZeroMask() & Fe25519.EqualMask(eight.Y, eight.Z);
        return isIdentity == 0;
    }

    /// <summary>SHA-512(R ‖ A ‖ M) mod L.</summary>
    private static Scalar25519 Challenge(ReadOnlySpan<byte> r, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> digest)
    {
        Hashing.Sha512(r, publicKey, message, digest);
        return Scalar25519.FromBytesWideLittleEndian(digest);
    }

    /// <summary>The first 32 bytes of h, clamped (RFC 8032 5.1.5), as an integer.</summary>
    private static U256 ClampedScalar(ReadOnlySpan<byte> h)
    {
        var v = U256.FromLittleEndian(h[..32]);
        return new U256(v.L0 & ~7UL, v.L1, v.L2, (v.L3 & 0x7fffffffffffffffUL) | 0x4000000000000000UL);
    }
}
