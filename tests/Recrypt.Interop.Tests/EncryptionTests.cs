namespace Recrypt.Interop.Tests;

/// <summary>Level-0 values: one side encrypts, the other decrypts.</summary>
public sealed class EncryptionTests(IronCorePeer peer) : InteropTest(peer)
{
    public static TheoryData<Side, Side, Side> Cases
    {
        get
        {
            var data = new TheoryData<Side, Side, Side>();
            foreach (var encryptor in Enum.GetValues<Side>())
            {
                foreach (var keysBy in Enum.GetValues<Side>())
                {
                    foreach (var signingBy in Enum.GetValues<Side>())
                    {
                        data.Add(encryptor, keysBy, signingBy);
                    }
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncryptOnOneSide_DecryptOnTheOther(Side encryptor, Side keysBy, Side signingBy)
    {
        var recipient = Of(keysBy).GenerateKeyPair();
        var signing = Of(signingBy).GenerateSigningKeyPair();
        var plaintext = Of(encryptor).GeneratePlaintext();

        var encrypted = Of(encryptor).Encrypt(plaintext, recipient.PublicKeyJson, signing);

        Assert.Equal(plaintext, Of(Other(encryptor)).Decrypt(encrypted, recipient.PrivateKey));
        Assert.Equal(plaintext, Of(encryptor).Decrypt(encrypted, recipient.PrivateKey));
    }

    [Fact]
    public void OurEncrypt_TheirDecrypt()
    {
        var (privateKey, publicKey) = Api.GenerateKeyPair();
        using (privateKey)
        {
            using var signing = Api.GenerateSigningKeyPair();
            using var plaintext = Api.GeneratePlaintext();
            var encrypted = Api.Encrypt(plaintext, publicKey, signing);

            var decrypted = Peer.Call("decrypt", new()
            {
                ["encryptedValue"] = Wire.Json(encrypted.ToIronCoreJson()),
                ["privateKey"] = Wire.Hex(privateKey.Export()),
            });

            Assert.Equal(plaintext.Export(), Wire.Bytes(decrypted));
        }
    }

    [Fact]
    public void TheirEncrypt_OurDecrypt()
    {
        var keys = Peer.Call("generateKeyPair");
        var signing = Peer.Call("generateEd25519KeyPair");
        var plaintext = Wire.Bytes(Peer.Call("generatePlaintext"));
        var encrypted = Peer.Call("encrypt", new()
        {
            ["plaintext"] = Wire.Hex(plaintext),
            ["toPublicKey"] = keys["publicKey"]!.DeepClone(),
            ["privateSigningKey"] = signing["privateKey"]!.DeepClone(),
        });

        var value = EncryptedValue.FromIronCoreJson(encrypted.ToJsonString());
        using var privateKey = PrivateKey.Import(Wire.Bytes(keys["privateKey"]));
        using var decrypted = Api.Decrypt(value, privateKey);

        Assert.Equal(plaintext, decrypted.Export());
        Assert.True(value.VerifySignature());
        Assert.Equal(Wire.Bytes(signing["publicKey"]), value.PublicSigningKey.Export());
        Assert.True(Wire.SameJson(encrypted.ToJsonString(), value.ToIronCoreJson()));
    }

    [Fact]
    public void TheWrongKeyFailsOnBothSides()
    {
        var recipient = Them.GenerateKeyPair();
        var stranger = Us.GenerateKeyPair();
        var encrypted = Us.Encrypt(Us.GeneratePlaintext(), recipient.PublicKeyJson, Us.GenerateSigningKeyPair());

        var ours = Assert.Throws<RecryptException>(() => Us.Decrypt(encrypted, stranger.PrivateKey));
        Assert.Equal(RecryptError.DecryptFailed, ours.Error);
        var theirs = Assert.Throws<PeerException>(() => Them.Decrypt(encrypted, stranger.PrivateKey));
        Assert.Equal("recrypt", theirs.Kind);
    }
}
