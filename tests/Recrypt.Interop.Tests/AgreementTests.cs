using System.Security.Cryptography;

namespace Recrypt.Interop.Tests;

/// <summary>Deterministic functions give the same bytes on both sides, on random inputs from either side.</summary>
public sealed class AgreementTests(IronCorePeer peer) : InteropTest(peer)
{
    private const int Rounds = 8;

    [Theory]
    [InlineData(Side.Ours)]
    [InlineData(Side.Theirs)]
    public void ComputePublicKey_Agrees(Side generator)
    {
        for (var i = 0; i < Rounds; i++)
        {
            var pair = Of(generator).GenerateKeyPair();
            using var privateKey = PrivateKey.Import(pair.PrivateKey);

            var theirs = PublicKey.FromIronCoreJson(Peer.Call("computePublicKey", new() { ["privateKey"] = Wire.Hex(pair.PrivateKey) }).ToJsonString());
            var ours = Api.ComputePublicKey(privateKey);

            Assert.Equal(theirs, ours);
            Assert.Equal(PublicKey.FromIronCoreJson(pair.PublicKeyJson), ours);
        }
    }

    [Fact]
    public void ComputePublicKey_AgreesOnRandomScalars()
    {
        // Uniform 32-byte strings, including ones >= r that both sides reduce.
        for (var i = 0; i < Rounds; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(PrivateKey.Size);
            using var privateKey = PrivateKey.Import(bytes);

            var theirs = PublicKey.FromIronCoreJson(Peer.Call("computePublicKey", new() { ["privateKey"] = Wire.Hex(bytes) }).ToJsonString());

            Assert.Equal(theirs, Api.ComputePublicKey(privateKey));
        }
    }

    [Theory]
    [InlineData(Side.Ours)]
    [InlineData(Side.Theirs)]
    public void DeriveSymmetricKey_Agrees(Side generator)
    {
        for (var i = 0; i < Rounds; i++)
        {
            var bytes = Of(generator).GeneratePlaintext();
            using var plaintext = Plaintext.Import(bytes);
            using var ours = Api.DeriveSymmetricKey(plaintext);

            var theirs = Wire.Bytes(Peer.Call("deriveSymmetricKey", new() { ["plaintext"] = Wire.Hex(bytes) }));

            Assert.Equal(theirs, ours.Export());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(64)]
    [InlineData(1000)]
    public void Hash256_Agrees(int length)
    {
        var data = RandomNumberGenerator.GetBytes(length);

        var theirs = Wire.Bytes(Peer.Call("hash256", new() { ["hashableBytes"] = Wire.Hex(data) }));

        Assert.Equal(theirs, TransformEncryption.Hash256(data));
    }

    [Fact]
    public void AddAndSubtractPrivateKeys_Agree()
    {
        for (var i = 0; i < Rounds; i++)
        {
            var a = Us.GenerateKeyPair().PrivateKey;
            var b = Them.GenerateKeyPair().PrivateKey;
            using var ourA = PrivateKey.Import(a);
            using var ourB = PrivateKey.Import(b);
            using var sum = Api.AddPrivateKeys(ourA, ourB);
            using var difference = Api.SubtractPrivateKeys(ourA, ourB);

            Assert.Equal(Wire.Bytes(Peer.Call("addPrivateKeys", new() { ["privateKeyA"] = Wire.Hex(a), ["privateKeyB"] = Wire.Hex(b) })), sum.Export());
            Assert.Equal(Wire.Bytes(Peer.Call("subtractPrivateKeys", new() { ["privateKeyA"] = Wire.Hex(a), ["privateKeyB"] = Wire.Hex(b) })), difference.Export());
        }
    }

    [Fact]
    public void AugmentPublicKey_Agrees()
    {
        for (var i = 0; i < Rounds; i++)
        {
            var a = Us.GenerateKeyPair().PublicKeyJson;
            var b = Them.GenerateKeyPair().PublicKeyJson;

            var theirs = PublicKey.FromIronCoreJson(Peer.Call("augmentPublicKey256", new() { ["currentPublicKey"] = Wire.Json(a), ["otherPublicKey"] = Wire.Json(b) }).ToJsonString());

            Assert.Equal(theirs, Api.AugmentPublicKey(PublicKey.FromIronCoreJson(a), PublicKey.FromIronCoreJson(b)));
        }
    }
}
