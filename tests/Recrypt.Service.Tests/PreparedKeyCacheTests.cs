using Recrypt.Service.Documents;
using Recrypt.Service.Scheme;

namespace Recrypt.Service.Tests;

/// <summary>
/// The service's cache of prepared transform keys: a key is found by its bytes (another array with the same bytes
/// finds it, one flipped bit does not), at most the configured number are kept, 0 prepares every time, and a
/// negative size is refused at start.
/// </summary>
public sealed class PreparedKeyCacheTests
{
    private static readonly TransformEncryption s_recrypt = new();

    private static byte[] NewTransformKey()
    {
        var (fromPrivate, _) = s_recrypt.GenerateKeyPair();
        var (toPrivate, toPublic) = s_recrypt.GenerateKeyPair();
        using var signing = s_recrypt.GenerateSigningKeyPair();
        var key = s_recrypt.GenerateTransformKey(fromPrivate, toPublic, signing).Export();
        fromPrivate.Dispose();
        toPrivate.Dispose();
        return key;
    }

    private static PreparedTransformKey Prepare(byte[] encoding) => s_recrypt.PrepareTransformKey(encoding);

    [Fact]
    public void AKeyIsPreparedOnce_AndFoundByItsBytes()
    {
        using var cache = new PreparedKeyCache(new TransformLimitOptions());
        var prepares = 0;
        PreparedTransformKey Counted(byte[] encoding)
        {
            prepares++;
            return Prepare(encoding);
        }
        var encoding = NewTransformKey();

        var first = cache.Get(encoding, Counted);
        var again = cache.Get((byte[])encoding.Clone(), Counted);

        Assert.Same(first, again);
        Assert.Equal(1, prepares);
        // The signature's last byte: a different (and invalid) key, never the kept one.
        var other = (byte[])encoding.Clone();
        other[^1] ^= 1;
        Assert.Throws<RecryptException>(() => cache.Get(other, Counted));
        Assert.Equal(2, prepares);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void AtMostTheConfiguredNumberOfKeysAreKept()
    {
        using var cache = new PreparedKeyCache(new TransformLimitOptions { PreparedKeyCacheSize = 2 });
        var keys = Enumerable.Range(0, 3).Select(_ => NewTransformKey()).ToArray();
        foreach (var key in keys)
        {
            _ = cache.Get(key, Prepare);
        }
        // The third did not fit: the cache keeps two and compacts in the background.
        Assert.True(cache.Count <= 2, $"{cache.Count} kept");
    }

    [Fact]
    public void ASizeOfZero_PreparesEveryTime_AndANegativeSizeIsRefused()
    {
        using var cache = new PreparedKeyCache(new TransformLimitOptions { PreparedKeyCacheSize = 0 });
        var encoding = NewTransformKey();
        Assert.NotSame(cache.Get(encoding, Prepare), cache.Get(encoding, Prepare));
        Assert.Equal(0, cache.Count);

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new PreparedKeyCache(new TransformLimitOptions { PreparedKeyCacheSize = -1 }));
        Assert.Contains("Transforms:PreparedKeyCacheSize", refused.Message, StringComparison.Ordinal);
    }
}
