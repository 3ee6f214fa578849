namespace Recrypt.Tests.Vectors;

public sealed class TransformChainVectorTests
{
    private const string File = "transform-chains.json";

    public static TheoryData<RecryptBackend, string, string> Chains
    {
        get
        {
            var chains = new TheoryData<RecryptBackend, string, string>();
            foreach (var backend in TestEngine.All)
            {
                foreach (var level in new[] { "level1", "level2", "level3" })
                {
                    foreach (var id in VectorFiles.Ids(File, level))
                    {
                        chains.Add(backend, level, id);
                    }
                }
            }
            return chains;
        }
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void Chain_WithIronCoresSeed_ReproducesEveryKeyAndValue(RecryptBackend backend, string level, string id)
    {
        using var engine = TestEngine.Use(backend);
        var chain = VectorFiles.Entry(File, level, id);
        var hops = chain.Get("level").GetInt32();
        using var api = chain.SeededInstance();

        var keys = Enumerable.Range(0, hops + 1).Select(_ => api.GenerateKeyPair()).ToArray();
        using var encryptSigning = api.GenerateSigningKeyPair();
        var keySigning = Enumerable.Range(0, hops).Select(_ => api.GenerateSigningKeyPair()).ToArray();
        var transformSigning = Enumerable.Range(0, hops).Select(_ => api.GenerateSigningKeyPair()).ToArray();
        using var plaintext = api.GeneratePlaintext();
        var values = new List<EncryptedValue> { api.Encrypt(plaintext, keys[0].PublicKey, encryptSigning) };
        var transformKeys = Enumerable.Range(0, hops)
            .Select(i => api.GenerateTransformKey(keys[i].PrivateKey, keys[i + 1].PublicKey, keySigning[i]))
            .ToArray();
        for (var i = 0; i < hops; i++)
        {
            values.Add(api.Transform(values[i], transformKeys[i], transformSigning[i]));
        }

        for (var i = 0; i <= hops; i++)
        {
            VectorAssert.KeyPair(chain.Get("keys")[i], keys[i].PrivateKey, keys[i].PublicKey);
            VectorAssert.Same(chain.Get("encryptedValues")[i], values[i]);
            using var decrypted = api.Decrypt(values[i], keys[i].PrivateKey);
            VectorAssert.Same(chain.Get("decrypted")[i], decrypted);
        }
        VectorAssert.SigningKeyPair(chain.Get("signing").Get("encrypt"), encryptSigning);
        for (var i = 0; i < hops; i++)
        {
            VectorAssert.SigningKeyPair(chain.Get("signing").Get("transformKeys")[i], keySigning[i]);
            VectorAssert.SigningKeyPair(chain.Get("signing").Get("transforms")[i], transformSigning[i]);
            VectorAssert.Same(chain.Get("transformKeys")[i], transformKeys[i]);
        }
        VectorAssert.Same(chain.Get("plaintext"), plaintext);
        DisposeAll(keys.Select(k => k.PrivateKey).Concat<IDisposable>(keySigning).Concat(transformSigning));
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void IronCoresChain_DecryptsAtEveryLevel_AndTransformsAgainHere(RecryptBackend backend, string level, string id)
    {
        using var engine = TestEngine.Use(backend);
        var chain = VectorFiles.Entry(File, level, id);
        var hops = chain.Get("level").GetInt32();
        using var signing = Shared.Instance.GenerateSigningKeyPair();
        var value = chain.Get("encryptedValues")[0].EncryptedValue();

        for (var i = 0; i <= hops; i++)
        {
            using var privateKey = chain.Get("keys")[i].PrivateKey("privateKey");
            using var theirs = Shared.Instance.Decrypt(chain.Get("encryptedValues")[i].EncryptedValue(), privateKey);
            using var ours = Shared.Instance.Decrypt(value, privateKey);
            VectorAssert.Same(chain.Get("plaintext"), theirs);
            VectorAssert.Same(chain.Get("plaintext"), ours);
            Assert.Equal(i, value.TransformBlocks.Count);
            if (i < hops)
            {
                value = Shared.Instance.Transform(value, chain.Get("transformKeys")[i].TransformKey(), signing);
            }
        }
    }

    private static void DisposeAll(IEnumerable<IDisposable> disposables)
    {
        foreach (var disposable in disposables)
        {
            disposable.Dispose();
        }
    }
}
