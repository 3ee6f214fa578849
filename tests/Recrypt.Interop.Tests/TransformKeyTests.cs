namespace Recrypt.Interop.Tests;

/// <summary>Transform keys made by one side and used by the other, and the operations on them.</summary>
public sealed class TransformKeyTests(IronCorePeer peer) : InteropTest(peer)
{
    [Fact]
    public void OurTransformKey_TheirTransform()
    {
        var (from, to, plaintext, value) = Level0ValueFor(Them);
        var transformKey = Us.GenerateTransformKey(from.PrivateKey, to.PublicKeyJson, Us.GenerateSigningKeyPair());

        var transformed = Them.Transform(value, transformKey, Them.GenerateSigningKeyPair());

        Assert.Equal(plaintext, Them.Decrypt(transformed, to.PrivateKey));
        Assert.Equal(plaintext, Us.Decrypt(transformed, to.PrivateKey));
    }

    [Fact]
    public void TheirTransformKey_OurTransform()
    {
        var (from, to, plaintext, value) = Level0ValueFor(Us);
        var transformKey = Them.GenerateTransformKey(from.PrivateKey, to.PublicKeyJson, Them.GenerateSigningKeyPair());

        var transformed = Us.Transform(value, transformKey, Us.GenerateSigningKeyPair());

        Assert.Equal(plaintext, Us.Decrypt(transformed, to.PrivateKey));
        Assert.Equal(plaintext, Them.Decrypt(transformed, to.PrivateKey));
    }

    [Fact]
    public void TheirTransformKey_SurvivesOurJsonRoundTrip()
    {
        var from = Them.GenerateKeyPair();
        var to = Them.GenerateKeyPair();
        var json = Them.GenerateTransformKey(from.PrivateKey, to.PublicKeyJson, Them.GenerateSigningKeyPair());

        var key = TransformKey.FromIronCoreJson(json);

        Assert.True(key.VerifySignature());
        Assert.Equal(PublicKey.FromIronCoreJson(to.PublicKeyJson), key.ToPublicKey);
        Assert.True(Wire.SameJson(json, key.ToIronCoreJson()));
        Assert.Equal(key, TransformKey.Import(key.Export()));
    }

    [Theory]
    [InlineData(Side.Ours)]
    [InlineData(Side.Theirs)]
    public void TransformKeyToBytes256_Agrees(Side maker)
    {
        for (var i = 0; i < 3; i++)
        {
            var from = Of(maker).GenerateKeyPair();
            var to = Of(Other(maker)).GenerateKeyPair();
            var json = Of(maker).GenerateTransformKey(from.PrivateKey, to.PublicKeyJson, Of(maker).GenerateSigningKeyPair());

            var theirs = Wire.Bytes(Peer.Call("transformKeyToBytes256", new() { ["transformKey"] = Wire.Json(json) }));
            var ours = TransformKey.FromIronCoreJson(json).ToIronCoreBytes();

            Assert.Equal(TransformKey.IronCoreBytesSize, ours.Length);
            Assert.Equal(theirs, ours);
        }
    }

    [Theory]
    [InlineData(Side.Ours)]
    [InlineData(Side.Theirs)]
    public void AugmentedTransformKeys_AgreeAndWorkAcrossSides(Side transformer)
    {
        // The augmented-key flow: values for a user are encrypted to master + server; the device's
        // transform key from master is augmented with the server's private key.
        var master = Them.GenerateKeyPair();
        var server = Us.GenerateKeyPair();
        var device = Of(transformer).GenerateKeyPair();

        var ourMasterPublic = Api.AugmentPublicKey(PublicKey.FromIronCoreJson(master.PublicKeyJson), PublicKey.FromIronCoreJson(server.PublicKeyJson));
        var theirMasterPublic = PublicKey.FromIronCoreJson(Peer.Call("augmentPublicKey256", new()
        {
            ["currentPublicKey"] = Wire.Json(master.PublicKeyJson),
            ["otherPublicKey"] = Wire.Json(server.PublicKeyJson),
        }).ToJsonString());
        Assert.Equal(theirMasterPublic, ourMasterPublic);

        var transformKeyJson = Of(Other(transformer)).GenerateTransformKey(master.PrivateKey, device.PublicKeyJson, Them.GenerateSigningKeyPair());
        using var serverPrivate = PrivateKey.Import(server.PrivateKey);
        var ourAugmented = Api.AugmentTransformKey(TransformKey.FromIronCoreJson(transformKeyJson), serverPrivate).ToIronCoreJson();
        var theirAugmented = Peer.Call("augmentTransformKey256", new()
        {
            ["transformKey"] = Wire.Json(transformKeyJson),
            ["privateKey"] = Wire.Hex(server.PrivateKey),
        }).ToJsonString();
        Assert.True(Wire.SameJson(theirAugmented, ourAugmented), $"augmented keys differ:\n ours   {ourAugmented}\n theirs {theirAugmented}");

        var plaintext = Of(Other(transformer)).GeneratePlaintext();
        var value = Of(Other(transformer)).Encrypt(plaintext, ourMasterPublic.ToIronCoreJson(), Us.GenerateSigningKeyPair());
        var transformed = Of(transformer).Transform(value, ourAugmented, Of(transformer).GenerateSigningKeyPair());

        Assert.Equal(plaintext, Us.Decrypt(transformed, device.PrivateKey));
        Assert.Equal(plaintext, Them.Decrypt(transformed, device.PrivateKey));
    }

    private static (KeyPairData From, KeyPairData To, byte[] Plaintext, string Value) Level0ValueFor(ISide encryptor)
    {
        var from = encryptor.GenerateKeyPair();
        var to = encryptor.GenerateKeyPair();
        var plaintext = encryptor.GeneratePlaintext();
        return (from, to, plaintext, encryptor.Encrypt(plaintext, from.PublicKeyJson, encryptor.GenerateSigningKeyPair()));
    }
}
