using Recrypt.Managed;
using Recrypt.Managed.Curve;
using Recrypt.Managed.Field;
using Fp = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.PModulus>;
using Fp12 = Recrypt.Managed.Field.Fp12<Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.PModulus>>;
using Fr = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.RModulus>;
using Pairing = Recrypt.Managed.Pairing<
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.PModulus>, Recrypt.Managed.Field.U256, Recrypt.Managed.Curve.Bn256>;
using Points = Recrypt.Managed.Curve.Points<
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.PModulus>, Recrypt.Managed.Field.U256, Recrypt.Managed.Curve.Bn256>;
using Scheme = Recrypt.Managed.Scheme<
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.PModulus>,
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.RModulus>,
    Recrypt.Managed.Field.U256,
    Recrypt.Managed.Curve.Bn256>;

namespace Recrypt.Tests.Engines;

/// <summary>Known answers for the managed engine's layers (spec section 9), below the API.</summary>
public sealed class ManagedKnownAnswerTests
{
    private const string PairingQ =
        "735117e2f9a0830512ec3547031f1e1b0d059f7dcef1fbecebe6f0e8c8effb59" +
        "30babbf122c321490641985f431e5ea9a0dc2be87d6c93db508c820426b24c90" +
        "6ab9f773a976984f32a164def6edf32b7ad0b56541c4d8bb8c9587d8fe3d6dfd" +
        "6a6a5334382131d887ecbb7cb05fece6ce75754cbd44f4afce84b7cff4dbcd25";

    private const string PairingValue =
        "2d975d8c65b577810297bc5b7193691a6892cefacbee2544fb16f67ba7c825d54bff7dc7983fb830ec19f39e78268d8191d96ec9974ac41ef8100acca66e6934" +
        "06c4c1d5c2d00bbfc5eac19626b1967ce3ca5a60bce0122626d0662f53463f7f509cf319e11149b9f03c5c442efecb02c3fd98c4034490c505c6983f4f862928" +
        "87fe9de48e020614a01af0a1ae62a44b47342ead7d99af4c6a0f1eec6cbfdc010e26a8e2e7136d4027e2ff75226d1c456767129d1232fa257503f6cf34cb635f" +
        "76d617fc05a8f85acff827a14f3ffdc99be13ac7bb0b823d30d8752bf205d28b3540c0e3e718e5cd7d1153d3d392e246a251d8f4a5d7490b4fa18d369a270de9" +
        "87bd2932b2a9e20f9b51b8b1adfeda2b434985710e73bb335d5b568eb8c1407a232c6479f7e8768b2e85a025cb9e7162315ff7ebeef6bd73ef896bb14748aa0d" +
        "85ff626aef9f9cef0310f93a9541ef9ce2207eb9b57077db4572531a879c1cad268aebaf44e6ae76c70f48aed806180ced89dfc17f962de209f2a3437b4fe791";

    [Fact]
    public void Pairing_OfTheSpecsPoints_IsRecryptsKnownValue()
    {
        var q = Scheme.DecodeHashedTempKey(Convert.FromHexString(PairingQ));

        var value = Pairing.Pair(Points.G1Generator, q);

        var bytes = new byte[Fp12.Size];
        value.WriteBytes(bytes);
        Assert.Equal(PairingValue, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Pairing_IsBilinear()
    {
        var a = U256.FromUInt64(0x1234_5678_9abc_def1);
        var b = U256.FromUInt64(0x0fed_cba9_8765_4321);
        var p = Points.MultiplyG1Generator(a).ToAffine(out _);
        var q = Points.MultiplyG2Generator(b).ToAffine(out _);
        var ab = Fr.FromCanonical(a) * Fr.FromCanonical(b);

        var left = Pairing.Pair(p, q);
        var right = Pairing.Pair(Points.MultiplyG1Generator(ab.ToCanonical()).ToAffine(out _), Bn256.G2Generator);

        Assert.NotEqual(0UL, Fp12.EqualMask(left, right));
    }

    [Fact]
    public void FieldInverse_TimesTheElement_IsOne()
    {
        var x = Fp.FromHex("2d50c53d5fb07c1b4a3dd83a655b250db81c8c001cc1a1d8044961e270c88d33");

        Assert.NotEqual(0UL, Fp.EqualMask(x * x.Invert(), Fp.One));
    }

    [Fact]
    public void WideReduction_IsTheIntegerModP()
    {
        // 2^256 mod p = 2^256 - p (spec 1.1: p < 2^256 < 2p).
        var wide = new byte[64];
        wide[31] = 1;

        var bytes = new byte[32];
        Fp.FromBytesWide(wide).WriteBigEndian(bytes);

        Assert.Equal("704afe1cb55c7806559013479e7b23de11a4772edf4a4a61e7a35393a1f76999", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void ChaCha20Stream_OfTheZeroKey_IsTheClassicVector()
    {
        using var random = new ChaCha20Random(new byte[32]);
        var bytes = new byte[16];

        random.Fill(bytes);

        Assert.Equal("76b8e0ada0f13d90405d6ae55386bd28", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void ChaCha20Stream_DoesNotDependOnRequestSizes()
    {
        using var a = new ChaCha20Random(Enumerable.Repeat((byte)7, 32).ToArray());
        using var b = new ChaCha20Random(Enumerable.Repeat((byte)7, 32).ToArray());
        var whole = new byte[200];
        var parts = new byte[200];

        a.Fill(whole);
        b.Fill(parts.AsSpan(0, 3));
        b.Fill(parts.AsSpan(3, 100));
        b.Fill(parts.AsSpan(103));

        Assert.Equal(whole, parts);
    }

    [Fact]
    public void ChaCha20Stream_RekeysFromTheOperatingSystemAfterOneMebibyte()
    {
        using var a = new ChaCha20Random(new byte[32]);
        using var b = new ChaCha20Random(new byte[32]);
        var first = new byte[1 << 20];
        var second = new byte[1 << 20];
        a.Fill(first);
        b.Fill(second);
        Assert.Equal(first, second);

        var nextA = new byte[32];
        var nextB = new byte[32];
        a.Fill(nextA);
        b.Fill(nextB);

        Assert.NotEqual(nextA, nextB);
    }
}
