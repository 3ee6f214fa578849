using System.Security.Cryptography;
using Recrypt.Managed.Field;

namespace Recrypt.Managed.Curve;

/// <summary>
/// What distinguishes one of recrypt's BN curves from the other, over its base field <typeparamref name="F"/>:
/// the BN parameter x (from which the pairing's loop and exponent chains are derived), the twist point G_Q
/// (an arbitrary choice of recrypt's, so written down; the tests check it is on the twist and of order r),
/// and the one scheme rule that is not size-generic (derive_private_key). Everything else (p's tower
/// constants, b′, H) is derived.
/// </summary>
internal interface IBnCurve<F>
    where F : struct, IPrimeField<F>
{
    /// <summary>The curve's x: with t = x³, p = 36t⁴ + 36t³ + 24t² + 6t + 1 and the Miller loop runs over 6t + 2.</summary>
    static abstract ulong X { get; }

    /// <summary>G_Q, recrypt's <c>g1</c>: the twist point that is every pairing's second argument.</summary>
    static abstract Affine<Fp2<F>, G2Curve<F>> G2Generator { get; }

    /// <summary>
    /// The private key's bytes (<see cref="IField{T}.Size"/> of them, before reduction mod p) derived from a
    /// canonical plaintext (spec 4.8, A.4).
    /// </summary>
    static abstract void DerivePrivateKeyBytes(ReadOnlySpan<byte> canonicalPlaintext, Span<byte> destination);
}

/// <summary>recrypt's Api256 curve (spec section 1).</summary>
internal readonly struct Bn256 : IBnCurve<Fp>
{
    private static readonly Affine<Fp2<Fp>, G2Curve<Fp>> s_g2Generator = new(
        Point2("2d50c53d5fb07c1b4a3dd83a655b250db81c8c001cc1a1d8044961e270c88d33", "25672b2835437ab9fc7585e4c3d11d5635829aed08bc789fa20a17dacc7156cd"),
        Point2("3f522209fae97ad8b098e1f9c29a7af631acd5c01d39c91d04b959931a5a074d", "3c7aa797f37bf4b7af63ba89bf92c8022dd7bfb07d7b795e2690cbd1bf0b1403"));

    public static ulong X => 1868033;

    public static Affine<Fp2<Fp>, G2Curve<Fp>> G2Generator => s_g2Generator;

    /// <summary>SHA256(m) (spec 4.8); the caller reduces it mod p.</summary>
    public static void DerivePrivateKeyBytes(ReadOnlySpan<byte> canonicalPlaintext, Span<byte> destination) =>
        SHA256.HashData(canonicalPlaintext, destination);

    private static Fp2<Fp> Point2(string a, string b) => new(Fp.FromHex(a), Fp.FromHex(b));
}

/// <summary>recrypt's Api480 curve (spec appendix A).</summary>
internal readonly struct Bn480 : IBnCurve<Fp480>
{
    private static readonly Affine<Fp2<Fp480>, G2Curve<Fp480>> s_g2Generator = new(
        Point2(
            "db4365e116bcb8a9f1cd16c16f659be8441624488f0fa10cee176e6219c78cda3a75041e41eb847603b2eabe65b2f31867cbfc784f453487387ecaaa",
            "e8a1e6285c4061a07c584136417db3e867cf77b12288380e518dab8538228e96abad778e1fe576deff39e638e030933cb8fa5c388fa8b06991ea6332"),
        Point2(
            "ee51da494993536a1fb297d54eb0c6804e8c6c6fd3d158900c9a421e276e058c620cf10104b27e945d8d124909a2a93fbda08b6ce6e072eeeafa15c6",
            "fca04d212ab8b13be77f82635c3ce496f0b3c0611aaf492f47067a062d754a28d442b701cb48a06809ffce876bb536c6b1371107e314f92a160c5c0a"));

    public static ulong X => 815653986953;

    public static Affine<Fp2<Fp480>, G2Curve<Fp480>> G2Generator => s_g2Generator;

    /// <summary>h₀[4..32] ‖ h₁ with h_i = SHA256(i ‖ m) (spec A.4); the caller reduces it mod p.</summary>
    public static void DerivePrivateKeyBytes(ReadOnlySpan<byte> canonicalPlaintext, Span<byte> destination)
    {
        Span<byte> digest = stackalloc byte[32];
        ReadOnlySpan<byte> zero = [0], one = [1];
        Hashing.Sha256(zero, canonicalPlaintext, [], digest);
        digest[4..].CopyTo(destination);
        Hashing.Sha256(one, canonicalPlaintext, [], destination[28..60]);
        CryptographicOperations.ZeroMemory(digest);
    }

    private static Fp2<Fp480> Point2(string a, string b) => new(Fp480.FromHex(a), Fp480.FromHex(b));
}
