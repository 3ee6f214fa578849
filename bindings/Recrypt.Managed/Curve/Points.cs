using System.Security.Cryptography;
using System.Text;
using Recrypt.Managed.Field;

namespace Recrypt.Managed.Curve;

/// <summary>
/// The fixed points of the scheme on curve <typeparamref name="C"/> (spec 1.2, 1.4, A.2) and their
/// multiplication tables for scalars on limbs <typeparamref name="L"/>, built on first use.
/// </summary>
internal static class Points<F, L, C>
    where F : struct, IPrimeField<F, L>
    where L : struct, ILimbs<L>
    where C : struct, IBnCurve<F>
{
    /// <summary>G_P = (1, 2), recrypt's <c>generator</c>: the base of public keys (the same on both curves).</summary>
    public static readonly Affine<F, G1Curve<F>> G1Generator = new(F.FromUInt64(1), F.FromUInt64(2));

    /// <summary>
    /// H, recrypt's <c>hash_element</c>: the base of hash2. It is [SHA256("Mon Feb 19 16:30:21 MST 2018\n")]G_Q
    /// on both curves (spec 1.4, A.2, 11.6), and derived so here.
    /// </summary>
    public static readonly Affine<Fp2<F>, G2Curve<F>> HashElement = DeriveHashElement();

    private static readonly Lazy<FixedBase<F, G1Curve<F>, L>> s_g1Table = new(() => new(G1Generator));
    private static readonly Lazy<FixedBase<Fp2<F>, G2Curve<F>, L>> s_g2Table = new(() => new(C.G2Generator));
    private static readonly Lazy<FixedBase<Fp2<F>, G2Curve<F>, L>> s_hashTable = new(() => new(HashElement));

    /// <summary>[k]G_P.</summary>
    public static Point<F, G1Curve<F>> MultiplyG1Generator(in L k) => s_g1Table.Value.Multiply(k);

    /// <summary>[k]G_Q.</summary>
    public static Point<Fp2<F>, G2Curve<F>> MultiplyG2Generator(in L k) => s_g2Table.Value.Multiply(k);

    /// <summary>[k]H.</summary>
    public static Point<Fp2<F>, G2Curve<F>> MultiplyHashElement(in L k) => s_hashTable.Value.Multiply(k);

    /// <summary>The twist Frobenius ψ⁻¹∘π_p∘ψ: (conj(x)·γ_v, conj(y)·γ_y) (spec 1.5).</summary>
    public static Affine<Fp2<F>, G2Curve<F>> Frobenius(in Affine<Fp2<F>, G2Curve<F>> q) =>
        new(q.X.Conjugate() * TowerConstants<F>.GammaV, q.Y.Conjugate() * TowerConstants<F>.GammaY);

    private static Affine<Fp2<F>, G2Curve<F>> DeriveHashElement()
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes("Mon Feb 19 16:30:21 MST 2018\n"), digest);
        return C.G2Generator.ToProjective().Multiply(L.FromBigEndian(digest)).ToAffine(out _);
    }
}
