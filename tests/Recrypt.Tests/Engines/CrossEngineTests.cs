namespace Recrypt.Tests.Engines;

/// <summary>
/// The two engines agree: what one makes (keys, plaintexts, encrypted values, transform keys, chains
/// of one to four hops) the other decrypts, transforms and verifies, and from the same seed both
/// make byte-identical outputs.
/// </summary>
public sealed class CrossEngineTests
{
    public static TheoryData<RecryptBackend, RecryptBackend, int> Directions()
    {
        var rows = new TheoryData<RecryptBackend, RecryptBackend, int>();
        foreach (var (maker, checker) in new[] { (RecryptBackend.Native, RecryptBackend.Managed), (RecryptBackend.Managed, RecryptBackend.Native) })
        {
            for (var hops = 1; hops <= 4; hops++)
            {
                rows.Add(maker, checker, hops);
            }
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Directions))]
    public void ChainMadeOnOneEngine_IsCheckedAndExtendedOnTheOther(RecryptBackend maker, RecryptBackend checker, int hops)
    {
        using var make = new TransformEncryption(maker);
        using var check = new TransformEncryption(checker);
        var keys = Enumerable.Range(0, hops + 2).Select(_ => make.GenerateKeyPair()).ToArray();
        using var signing = make.GenerateSigningKeyPair();
        using var plaintext = make.GeneratePlaintext();

        var value = make.Encrypt(plaintext, keys[0].PublicKey, signing);
        for (var i = 0; i < hops; i++)
        {
            var transformKey = make.GenerateTransformKey(keys[i].PrivateKey, keys[i + 1].PublicKey, signing);
            Assert.True(transformKey.VerifySignature());
            value = make.Transform(value, transformKey, signing);
        }

        using (var decrypted = check.Decrypt(value, keys[hops].PrivateKey))
        {
            Assert.Equal(plaintext.Export(), decrypted.Export());
        }
        Assert.Equal(check.ComputePublicKey(keys[hops].PrivateKey), keys[hops].PublicKey);
        using var checkerSigning = check.GenerateSigningKeyPair();
        var onward = check.GenerateTransformKey(keys[hops].PrivateKey, keys[hops + 1].PublicKey, checkerSigning);
        var extended = check.Transform(value, onward, checkerSigning);
        using (var decrypted = make.Decrypt(extended, keys[hops + 1].PrivateKey))
        {
            Assert.Equal(plaintext.Export(), decrypted.Export());
        }
        Assert.Throws<RecryptException>(() => check.Decrypt(value, keys[hops + 1].PrivateKey).Dispose());
        foreach (var (privateKey, _) in keys)
        {
            privateKey.Dispose();
        }
    }

    public static TheoryData<int> Seeds => [1, 2, 3];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SameSeed_GivesByteIdenticalOutputsOnBothEngines(int seedByte)
    {
        var seed = Enumerable.Range(0, TransformEncryption.SeedSize).Select(i => (byte)(seedByte * 31 + i)).ToArray();
        var outputs = TestEngine.All.Select(backend =>
        {
            using var api = TransformEncryption.CreateInsecureDeterministic(seed, backend);
            return Run(api);
        }).ToArray();

        Assert.Equal(outputs[0].Count, outputs[1].Count);
        for (var i = 0; i < outputs[0].Count; i++)
        {
            Assert.Equal(Convert.ToHexStringLower(outputs[0][i]), Convert.ToHexStringLower(outputs[1][i]));
        }
    }

    /// <summary>Every randomised operation and a few deterministic ones, the outputs in order.</summary>
    private static List<byte[]> Run(TransformEncryption api)
    {
        var outputs = new List<byte[]>();
        var keys = Enumerable.Range(0, 5).Select(_ => api.GenerateKeyPair()).ToArray();
        using var signing = api.GenerateSigningKeyPair();
        using var plaintext = api.GeneratePlaintext();
        outputs.AddRange(keys.SelectMany(k => new[] { k.PrivateKey.Export(), k.PublicKey.Export() }));
        outputs.Add(signing.Export());
        outputs.Add(plaintext.Export());
        var value = api.Encrypt(plaintext, keys[0].PublicKey, signing);
        outputs.Add(value.Export());
        for (var i = 0; i < 4; i++)
        {
            var transformKey = api.GenerateTransformKey(keys[i].PrivateKey, keys[i + 1].PublicKey, signing);
            outputs.Add(transformKey.Export());
            outputs.Add(transformKey.ToIronCoreBytes());
            outputs.Add(api.AugmentTransformKey(transformKey, keys[4].PrivateKey).Export());
            value = api.Transform(value, transformKey, signing);
            outputs.Add(value.Export());
            using var decrypted = api.Decrypt(value, keys[i + 1].PrivateKey);
            outputs.Add(decrypted.Export());
        }
        outputs.Add(api.SchnorrSign(keys[0].PrivateKey, keys[0].PublicKey, "message"u8));
        outputs.Add(api.Ed25519Sign(signing, "message"u8));
        using (var sum = api.AddPrivateKeys(keys[0].PrivateKey, keys[1].PrivateKey))
        using (var difference = api.SubtractPrivateKeys(keys[0].PrivateKey, keys[1].PrivateKey))
        {
            outputs.Add(sum.Export());
            outputs.Add(difference.Export());
        }
        outputs.Add(api.AugmentPublicKey(keys[0].PublicKey, keys[1].PublicKey).Export());
        using (var symmetric = api.DeriveSymmetricKey(plaintext))
        using (var derived = api.DerivePrivateKey(plaintext))
        {
            outputs.Add(symmetric.Export());
            outputs.Add(derived.Export());
        }
        foreach (var (privateKey, _) in keys)
        {
            privateKey.Dispose();
        }
        return outputs;
    }
}
