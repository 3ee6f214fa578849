namespace Recrypt.Tests.Api;

/// <summary>The Api480 types end to end on the native engine: keys, encryption, transform keys, two hops, decryption.</summary>
public sealed class Api480RoundTripTests
{
    private static readonly TransformEncryption480 s_api = new(RecryptBackend.Native);

    [Fact]
    public void EncryptTransformTwiceDecrypt_RecoversThePlaintext_WithTheLastKeyOnly()
    {
        using var alice = s_api.GenerateKeyPair();
        using var bob = s_api.GenerateKeyPair();
        using var carol = s_api.GenerateKeyPair();
        using var signing = s_api.GenerateSigningKeyPair();
        using var plaintext = s_api.GeneratePlaintext();

        var encrypted = s_api.Encrypt(plaintext, alice.PublicKey, signing);
        var aliceToBob = s_api.GenerateTransformKey(alice.PrivateKey, bob.PublicKey, signing);
        var bobToCarol = s_api.GenerateTransformKey(bob.PrivateKey, carol.PublicKey, signing);
        var toBob = s_api.Transform(encrypted, aliceToBob, signing);
        var toCarol = s_api.Transform(toBob, bobToCarol, signing);

        using var fromAlice = s_api.Decrypt(encrypted, alice.PrivateKey);
        using var fromBob = s_api.Decrypt(toBob, bob.PrivateKey);
        using var fromCarol = s_api.Decrypt(toCarol, carol.PrivateKey);
        Assert.Equal(plaintext, fromAlice);
        Assert.Equal(plaintext, fromBob);
        Assert.Equal(plaintext, fromCarol);
        Assert.Equal(RecryptError.DecryptFailed, Assert.Throws<RecryptException>(() => s_api.Decrypt(toCarol, bob.PrivateKey)).Error);
        Assert.Equal([0, 1, 2], new[] { encrypted, toBob, toCarol }.Select(v => v.TransformBlocks.Count));
        Assert.Equal(972 + 2 * 1680, toCarol.Size);
        Assert.Equal(bob.PublicKey, aliceToBob.ToPublicKey);
        Assert.Equal(bobToCarol.EphemeralPublicKey, toCarol.TransformBlocks[1].PublicKey);
    }

    [Fact]
    public void Sizes_AreThoseOfTheC_Abi()
    {
        using var pair = s_api.GenerateKeyPair();
        using var signing = s_api.GenerateSigningKeyPair();
        using var plaintext = s_api.GeneratePlaintext();
        var transformKey = s_api.GenerateTransformKey(pair.PrivateKey, pair.PublicKey, signing);

        Assert.Equal((60, 120, 720, 1298, 1232, 120), (PrivateKey480.Size, PublicKey480.Size, Plaintext480.Size, TransformKey480.Size,
            TransformKey480.IronCoreBytesSize, TransformEncryption480.SchnorrSignatureSize));
        Assert.Equal(60, pair.PrivateKey.Export().Length);
        Assert.Equal(120, pair.PublicKey.Export().Length);
        Assert.Equal(720, plaintext.Export().Length);
        Assert.Equal(1298, transformKey.Export().Length);
        Assert.Equal(1232, transformKey.ToIronCoreBytes().Length);
        Assert.Equal(972, s_api.Encrypt(plaintext, pair.PublicKey, signing).Size);
    }

    [Fact]
    public void Values_SurviveExportImportAndIronCoreJson()
    {
        using var pair = s_api.GenerateKeyPair();
        using var signing = s_api.GenerateSigningKeyPair();
        using var plaintext = s_api.GeneratePlaintext();
        var encrypted = s_api.Transform(
            s_api.Encrypt(plaintext, pair.PublicKey, signing), s_api.GenerateTransformKey(pair.PrivateKey, pair.PublicKey, signing), signing);
        var transformKey = s_api.GenerateTransformKey(pair.PrivateKey, pair.PublicKey, signing);

        Assert.Equal(pair.PublicKey, PublicKey480.Import(pair.PublicKey.Export()));
        Assert.Equal(pair.PublicKey, PublicKey480.FromIronCoreJson(pair.PublicKey.ToIronCoreJson()));
        Assert.Equal(encrypted, EncryptedValue480.Import(encrypted.Export()));
        Assert.Equal(encrypted, EncryptedValue480.FromIronCoreJson(encrypted.ToIronCoreJson()));
        Assert.Equal(transformKey, TransformKey480.Import(transformKey.Export()));
        Assert.Equal(transformKey, TransformKey480.FromIronCoreJson(transformKey.ToIronCoreJson()));
        Assert.True(EncryptedValue480.Import(encrypted.Export()).VerifySignature());
        using var imported = PrivateKey480.Import(pair.PrivateKey.Export());
        Assert.Equal(pair.PublicKey, s_api.ComputePublicKey(imported));
        using var symmetric = s_api.DeriveSymmetricKey(plaintext);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(plaintext.Export()), symmetric.Export());
    }

    [Fact]
    public void Api256Encodings_AreRefusedByTheApi480Types()
    {
        var api256 = Shared.For(RecryptBackend.Native);
        var (privateKey, publicKey) = api256.GenerateKeyPair();
        privateKey.Dispose();
        using var signing = api256.GenerateSigningKeyPair();
        using var plaintext = api256.GeneratePlaintext();
        var encrypted = api256.Encrypt(plaintext, publicKey, signing);

        Assert.Throws<ArgumentException>(() => PublicKey480.Import(publicKey.Export()));
        Assert.False(EncryptedValue480.TryImport(encrypted.Export(), out _));
        Assert.Equal(RecryptError.MalformedEncoding, Assert.Throws<RecryptException>(() => EncryptedValue480.Import(encrypted.Export())).Error);
        Assert.Equal(
            RecryptError.MalformedEncoding,
            Assert.Throws<RecryptException>(() => s_api.Transform(encrypted.Export(), new byte[TransformKey480.Size], signing)).Error);
    }

    [Fact]
    public void InsecureDeterministic_ReproducesItsKeysFromTheSeed()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using var first = TransformEncryption480.CreateInsecureDeterministic(seed, RecryptBackend.Native);
        using var second = TransformEncryption480.CreateInsecureDeterministic(seed, RecryptBackend.Native);

        using var a = first.GenerateKeyPair();
        using var b = second.GenerateKeyPair();

        Assert.Equal(a.PrivateKey.Export(), b.PrivateKey.Export());
        Assert.Equal(a.PublicKey, b.PublicKey);
    }
}
