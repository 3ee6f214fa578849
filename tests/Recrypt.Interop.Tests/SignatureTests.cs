using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Recrypt.Interop.Tests;

/// <summary>Schnorr and Ed25519 signatures made by one side and checked by the other.</summary>
public sealed class SignatureTests(IronCorePeer peer) : InteropTest(peer)
{
    [Fact]
    public void OurSchnorrSignature_TheyVerify()
    {
        var (privateKey, publicKey) = Api.GenerateKeyPair();
        using (privateKey)
        {
            var message = RandomNumberGenerator.GetBytes(100);
            var signature = Api.SchnorrSign(privateKey, publicKey, message);

            Assert.True(TheyVerifySchnorr(publicKey, null, message, signature));
            Assert.False(TheyVerifySchnorr(publicKey, null, Flipped(message), signature));
            Assert.False(TheyVerifySchnorr(publicKey, null, message, Flipped(signature)));
        }
    }

    [Fact]
    public void TheirSchnorrSignature_WeVerify()
    {
        var keys = Them.GenerateKeyPair();
        var publicKey = PublicKey.FromIronCoreJson(keys.PublicKeyJson);
        var message = RandomNumberGenerator.GetBytes(100);
        var signature = Wire.Bytes(Peer.Call("schnorrSign", new()
        {
            ["privateKey"] = Wire.Hex(keys.PrivateKey),
            ["publicKey"] = Wire.Json(keys.PublicKeyJson),
            ["message"] = Wire.Hex(message),
        }));

        Assert.Equal(TransformEncryption.SchnorrSignatureSize, signature.Length);
        Assert.True(Api.SchnorrVerify(publicKey, null, message, signature));
        Assert.False(Api.SchnorrVerify(publicKey, null, Flipped(message), signature));
        Assert.False(Api.SchnorrVerify(publicKey, null, message, Flipped(signature)));
    }

    [Theory]
    [InlineData(Side.Ours)]
    [InlineData(Side.Theirs)]
    public void AugmentedSchnorrSignatures_VerifyOnBothSides(Side signer)
    {
        var user = Of(signer).GenerateKeyPair();
        var server = Of(Other(signer)).GenerateKeyPair();
        using var userPrivate = PrivateKey.Import(user.PrivateKey);
        using var serverPrivate = PrivateKey.Import(server.PrivateKey);
        var augmentedPublic = Api.AugmentPublicKey(PublicKey.FromIronCoreJson(user.PublicKeyJson), PublicKey.FromIronCoreJson(server.PublicKeyJson));
        using var augmentedPrivate = Api.AddPrivateKeys(userPrivate, serverPrivate);
        var message = RandomNumberGenerator.GetBytes(48);

        // Signed with the user's key for the augmented public key: verified with the server's key as the augmenting key.
        var byUser = SchnorrSign(signer, user.PrivateKey, augmentedPublic, message);
        Assert.True(Api.SchnorrVerify(augmentedPublic, serverPrivate, message, byUser));
        Assert.True(TheyVerifySchnorr(augmentedPublic, server.PrivateKey, message, byUser));

        // Signed with the summed private key: verifies against the augmented public key alone.
        var byAugmented = SchnorrSign(signer, augmentedPrivate.Export(), augmentedPublic, message);
        Assert.True(Api.SchnorrVerify(augmentedPublic, null, message, byAugmented));
        Assert.True(TheyVerifySchnorr(augmentedPublic, null, message, byAugmented));

        Assert.False(Api.SchnorrVerify(augmentedPublic, serverPrivate, Flipped(message), byUser));
        Assert.False(TheyVerifySchnorr(augmentedPublic, server.PrivateKey, Flipped(message), byUser));
    }

    [Fact]
    public void OurEd25519Signature_TheyVerify_AndTheySignTheSameBytes()
    {
        using var pair = Api.GenerateSigningKeyPair();
        var message = RandomNumberGenerator.GetBytes(77);
        var signature = Api.Ed25519Sign(pair, message);

        Assert.True(TheyVerifyEd25519(pair.PublicKey.Export(), message, signature));
        Assert.False(TheyVerifyEd25519(pair.PublicKey.Export(), Flipped(message), signature));
        Assert.False(TheyVerifyEd25519(pair.PublicKey.Export(), message, Flipped(signature)));

        // Ed25519 is deterministic: the same key and message give the same signature on both sides.
        var theirs = Wire.Bytes(Peer.Call("ed25519Sign", new() { ["signingPrivateKey"] = Wire.Hex(pair.Export()), ["message"] = Wire.Hex(message) }));
        Assert.Equal(signature, theirs);
    }

    [Fact]
    public void TheirEd25519Signature_WeVerify()
    {
        var pair = Peer.Call("generateEd25519KeyPair");
        var message = RandomNumberGenerator.GetBytes(77);
        var signature = Wire.Bytes(Peer.Call("ed25519Sign", new() { ["signingPrivateKey"] = pair["privateKey"]!.DeepClone(), ["message"] = Wire.Hex(message) }));
        var publicKey = PublicSigningKey.Import(Wire.Bytes(pair["publicKey"]));

        Assert.True(Api.Ed25519Verify(publicKey, message, signature));
        Assert.False(Api.Ed25519Verify(publicKey, Flipped(message), signature));
        Assert.False(Api.Ed25519Verify(publicKey, message, Flipped(signature)));
    }

    [Theory]
    [InlineData(Side.Ours)]
    [InlineData(Side.Theirs)]
    public void Ed25519PublicKeys_Agree(Side generator)
    {
        var pair = Of(generator).GenerateSigningKeyPair();
        using var ours = SigningKeyPair.Import(pair);
        var theirs = Wire.Bytes(Peer.Call("computeEd25519PublicKey", new() { ["signingPrivateKey"] = Wire.Hex(pair) }));

        Assert.Equal(theirs, ours.PublicKey.Export());
        Assert.Equal(pair[32..], theirs);
    }

    private byte[] SchnorrSign(Side signer, byte[] privateKey, PublicKey publicKey, byte[] message)
    {
        if (signer == Side.Ours)
        {
            using var key = PrivateKey.Import(privateKey);
            return Api.SchnorrSign(key, publicKey, message);
        }
        return Wire.Bytes(Peer.Call("schnorrSign", new()
        {
            ["privateKey"] = Wire.Hex(privateKey),
            ["publicKey"] = Wire.Json(publicKey.ToIronCoreJson()),
            ["message"] = Wire.Hex(message),
        }));
    }

    private bool TheyVerifySchnorr(PublicKey publicKey, byte[]? augmentingPrivateKey, byte[] message, byte[] signature) =>
        Peer.Call("schnorrVerify", new()
        {
            ["publicKey"] = Wire.Json(publicKey.ToIronCoreJson()),
            ["augmentedPrivateKey"] = augmentingPrivateKey is null ? null : JsonValue.Create(Wire.Hex(augmentingPrivateKey)),
            ["message"] = Wire.Hex(message),
            ["signature"] = Wire.Hex(signature),
        }).GetValue<bool>();

    private bool TheyVerifyEd25519(byte[] publicKey, byte[] message, byte[] signature) =>
        Peer.Call("ed25519Verify", new()
        {
            ["signingPublicKey"] = Wire.Hex(publicKey),
            ["message"] = Wire.Hex(message),
            ["signature"] = Wire.Hex(signature),
        }).GetValue<bool>();

    private static byte[] Flipped(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }
}
