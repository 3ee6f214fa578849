namespace Recrypt.Tests.Api;

/// <summary>One instance shared by many threads, as an application shares it.</summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int OperationsPerThread = 50;

    [Fact]
    public async Task ManyThreads_SharingOneInstance_RoundTripEveryValue()
    {
        var w = World.Instance;
        using var api = new TransformEncryption();

        var failures = await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Run(() =>
        {
            var failed = 0;
            for (var i = 0; i < OperationsPerThread; i++)
            {
                using var plaintext = api.GeneratePlaintext();
                var transformed = api.Transform(api.Encrypt(plaintext, w.AlicePublic, w.Signing), w.AliceToBob, w.Signing);
                using var decrypted = api.Decrypt(transformed, w.BobPrivate);
                failed += plaintext.Export().AsSpan().SequenceEqual(decrypted.Export()) ? 0 : 1;
            }
            return failed;
        })));

        Assert.All(failures, f => Assert.Equal(0, f));
    }

    [Fact]
    public async Task ManyThreads_SharingADeterministicInstance_EachGetADifferentKey()
    {
        using var api = TransformEncryption.CreateInsecureDeterministic(new byte[TransformEncryption.SeedSize]);

        var keys = await Task.WhenAll(Enumerable.Range(0, Threads * 4).Select(_ => Task.Run(() =>
        {
            var (privateKey, publicKey) = api.GenerateKeyPair();
            privateKey.Dispose();
            return publicKey;
        })));

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void Dispose_WhileOtherThreadsCall_EndsTheirCallsCleanly()
    {
        var w = World.Instance;
        var api = new TransformEncryption();
        using var working = new CountdownEvent(Threads);
        var unexpected = new System.Collections.Concurrent.ConcurrentBag<Exception>();

        // Dedicated threads, so that the callers are all running when Dispose comes, however busy the thread pool is.
        var callers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            for (var calls = 0; ; calls++)
            {
                try
                {
                    api.Encrypt(w.Plaintext, w.AlicePublic, w.Signing);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (Exception e)
                {
                    unexpected.Add(e);
                    return;
                }
                if (calls == 0)
                {
                    working.Signal();
                }
            }
        })).ToArray();
        Array.ForEach(callers, t => t.Start());
        Assert.True(working.Wait(TimeSpan.FromSeconds(60)));

        api.Dispose();

        Assert.All(callers, t => Assert.True(t.Join(TimeSpan.FromSeconds(60))));
        Assert.Empty(unexpected);
    }
}
