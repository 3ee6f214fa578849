global using G1 = Recrypt.Managed.Curve.Point<Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.PModulus>, Recrypt.Managed.Curve.G1Curve>;
global using G1Affine = Recrypt.Managed.Curve.Affine<Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.PModulus>, Recrypt.Managed.Curve.G1Curve>;
global using G2 = Recrypt.Managed.Curve.Point<Recrypt.Managed.Field.Fp2, Recrypt.Managed.Curve.G2Curve>;
global using G2Affine = Recrypt.Managed.Curve.Affine<Recrypt.Managed.Field.Fp2, Recrypt.Managed.Curve.G2Curve>;
using Recrypt.Managed.Field;

namespace Recrypt.Managed.Curve;

/// <summary>The fixed points of the scheme (spec 1.2, 1.4) and their multiplication tables, built on first use.</summary>
internal static class Points
{
    /// <summary>G_P = (1, 2), recrypt's <c>generator</c>: the base of public keys.</summary>
    public static readonly G1Affine G1Generator = new(Fp.FromUInt64(1), Fp.FromUInt64(2));

    /// <summary>G_Q, recrypt's <c>g1</c>: the twist point that is every pairing's second argument.</summary>
    public static readonly G2Affine G2Generator = new(
        Fp2.FromHex(
            "2d50c53d5fb07c1b4a3dd83a655b250db81c8c001cc1a1d8044961e270c88d33",
            "25672b2835437ab9fc7585e4c3d11d5635829aed08bc789fa20a17dacc7156cd"),
        Fp2.FromHex(
            "3f522209fae97ad8b098e1f9c29a7af631acd5c01d39c91d04b959931a5a074d",
            "3c7aa797f37bf4b7af63ba89bf92c8022dd7bfb07d7b795e2690cbd1bf0b1403"));

    /// <summary>H, recrypt's <c>hash_element</c>: the base of hash2.</summary>
    public static readonly G2Affine HashElement = new(
        Fp2.FromHex(
            "404aa43975985524b2e5ab01836fed70581402ad73a0cbe6b589c3c395591aa1",
            "1ada2fe8ed2af9c8a1960821173cd5f479037b8d6bec325fc8cbc857eff7a41a"),
        Fp2.FromHex(
            "325b33959667f9ef7a6f32f424fc0293243552ffe0f1ba50993a9abae5c5a2d7",
            "76f6d30d59c3ec8e80ff1b0ddb7633dd44f553966a1012f26da064f2710ef1df"));

    /// <summary>γ_y = ξ^((p−1)/2), for the twist Frobenius on y (spec 1.5).</summary>
    public static readonly Fp2 GammaY = Fp2.FromHex(
        "557c27d02b743e1399c493ca21477d195a60587870c386048a71b87fb5a357a9",
        "70bf758d37b9324122ddcea602519b2a20c580983194dc6f86f87d12c2e17094");

    private static readonly Lazy<FixedBase<Fp, G1Curve>> s_g1Table = new(() => new(G1Generator));
    private static readonly Lazy<FixedBase<Fp2, G2Curve>> s_g2Table = new(() => new(G2Generator));
    private static readonly Lazy<FixedBase<Fp2, G2Curve>> s_hashTable = new(() => new(HashElement));

    /// <summary>[k]G_P.</summary>
    public static G1 MultiplyG1Generator(in U256 k) => s_g1Table.Value.Multiply(k);

    /// <summary>[k]G_Q.</summary>
    public static G2 MultiplyG2Generator(in U256 k) => s_g2Table.Value.Multiply(k);

    /// <summary>[k]H.</summary>
    public static G2 MultiplyHashElement(in U256 k) => s_hashTable.Value.Multiply(k);

    /// <summary>The twist Frobenius ψ⁻¹∘π_p∘ψ: (conj(x)·γ_v, conj(y)·γ_y) (spec 1.5).</summary>
    public static G2Affine Frobenius(in G2Affine q) => new(q.X.Conjugate() * Fp6.GammaV, q.Y.Conjugate() * GammaY);

    public static void WriteBytes(in G1Affine p, Span<byte> destination)
    {
        p.X.WriteBigEndian(destination);
        p.Y.WriteBigEndian(destination[32..]);
    }

    public static void WriteBytes(in G2Affine p, Span<byte> destination)
    {
        p.X.WriteBytes(destination);
        p.Y.WriteBytes(destination[64..]);
    }
}
