namespace Recrypt.Tests.Engines;

/// <summary>Ed25519 verification on both engines refuses what RFC 8032's strict reading refuses.</summary>
public sealed class Ed25519StrictnessTests
{
    public static TheoryData<RecryptBackend> Backends => [.. TestEngine.All];

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_OfAGoodSignature_IsTrue(RecryptBackend backend)
    {
        var api = Shared.For(backend);
        using var pair = api.GenerateSigningKeyPair();

        Assert.True(api.Ed25519Verify(pair.PublicKey, "message"u8, api.Ed25519Sign(pair, "message"u8)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_WithSPlusL_IsFalse(RecryptBackend backend)
    {
        var api = Shared.For(backend);
        using var pair = api.GenerateSigningKeyPair();
        var signature = api.Ed25519Sign(pair, "message"u8);
        // s + L, little-endian; s < L < 2^253, so the sum fits in 32 bytes.
        var l = Convert.FromHexString("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        var carry = 0;
        for (var i = 0; i < 32; i++)
        {
            var sum = signature[32 + i] + l[i] + carry;
            signature[32 + i] = (byte)sum;
            carry = sum >> 8;
        }

        Assert.False(api.Ed25519Verify(pair.PublicKey, "message"u8, signature));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_WithTheIdentityAsPublicKey_IsFalseEvenForItsForgery(RecryptBackend backend)
    {
        // A = identity (small order): R = identity, s = 0 satisfies [s]B = R + [k]A for every message.
        var identity = new byte[32];
        identity[0] = 1;
        var forgery = new byte[64];
        forgery[0] = 1;

        Assert.False(Shared.For(backend).Ed25519Verify(PublicSigningKey.Import(identity), "anything"u8, forgery));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_WithANonCanonicalPublicKey_IsFalse(RecryptBackend backend)
    {
        // y = p + 1 encodes the same point as y = 1 (the identity) but is not canonical.
        var key = Convert.FromHexString("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        var forgery = new byte[64];
        forgery[0] = 1;

        Assert.False(Shared.For(backend).Ed25519Verify(PublicSigningKey.Import(key), "anything"u8, forgery));
    }
}
