namespace Recrypt.Managed.Field;

/// <summary>
/// The constants of the tower over F_p and of its twist (spec 1.4, 1.5, A.2), derived from p at type
/// initialization rather than written down: γ_w = ξ^((p−1)/6) and its powers γ_v = γ_w², γ_v² = γ_w⁴,
/// γ_y = γ_w³, and the twist's b′ = 3/ξ. Public values only.
/// </summary>
internal static class TowerConstants<F>
    where F : struct, IPrimeField<F>
{
    /// <summary>γ_w = ξ^((p−1)/6): w^p = γ_w·w.</summary>
    public static readonly Fp2<F> GammaW = PowPublic(Fp2<F>.Xi, ModulusMinusOneOver(6));

    /// <summary>γ_v = ξ^((p−1)/3): v^p = γ_v·v.</summary>
    public static readonly Fp2<F> GammaV = GammaW.Square();

    /// <summary>γ_v² = ξ^(2(p−1)/3).</summary>
    public static readonly Fp2<F> GammaV2 = GammaV.Square();

    /// <summary>γ_y = ξ^((p−1)/2), for the twist Frobenius on y.</summary>
    public static readonly Fp2<F> GammaY = GammaV * GammaW;

    /// <summary>b′ = 3/ξ, the twist's curve constant.</summary>
    public static readonly Fp2<F> TwistB = new Fp2<F>(F.FromUInt64(3), F.Zero) * Fp2<F>.Xi.Invert();

    /// <summary>3b′ = 9/ξ.</summary>
    public static readonly Fp2<F> TwistB3 = TwistB.Double() + TwistB;

    /// <summary>(p − 1)/d, big-endian, for a d that divides p − 1 (p is odd, so p − 1 only clears its last bit).</summary>
    private static byte[] ModulusMinusOneOver(int d)
    {
        var n = F.ModulusBytes();
        n[^1] -= 1;
        var remainder = 0;
        for (var i = 0; i < n.Length; i++)
        {
            var v = (remainder << 8) | n[i];
            n[i] = (byte)(v / d);
            remainder = v % d;
        }
        return remainder == 0 ? n : throw new InvalidOperationException($"Internal error in Recrypt: {d} does not divide p − 1.");
    }

    /// <summary>x^e, square and multiply over the bits of a public big-endian exponent.</summary>
    private static Fp2<F> PowPublic(in Fp2<F> x, ReadOnlySpan<byte> exponent)
    {
        var acc = Fp2<F>.One;
        foreach (var b in exponent)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                acc = acc.Square();
                if (((b >> bit) & 1) != 0)
                {
                    acc *= x;
                }
            }
        }
        return acc;
    }
}
