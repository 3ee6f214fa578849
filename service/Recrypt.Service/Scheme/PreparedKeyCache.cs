using Microsoft.Extensions.Caching.Memory;
using Recrypt.Service.Documents;
using Recrypt.Service.Observability;

namespace Recrypt.Service.Scheme;

/// <summary>
/// The transform keys this instance applied recently, decoded and checked once (<see cref="PreparedTransformKey"/>),
/// by their encoding: a grantee's next fetch skips the key's decoding, point checks and signature check, about a
/// sixth of an Api256 transform. At most <see cref="TransformLimitOptions.PreparedKeyCacheSize"/> keys are kept
/// (the least recently used go first); 0 turns the cache off.
/// </summary>
/// <remarks>
/// Access is still decided on every fetch from the stored rows (a revoked grant is never looked up again), and a
/// key is found only by its exact encoding, which the database gave: the cache changes how often a key is checked,
/// never which key is applied or to whom. Transform keys hold no secret. An evicted key is not disposed, since a
/// transform may still be using it; its native memory is freed when it is collected.
/// </remarks>
internal sealed class PreparedKeyCache : IDisposable
{
    private readonly MemoryCache? _keys;

    public PreparedKeyCache(TransformLimitOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.PreparedKeyCacheSize, "Transforms:PreparedKeyCacheSize");
        if (options.PreparedKeyCacheSize > 0)
        {
            _keys = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.PreparedKeyCacheSize, CompactionPercentage = 0.1 });
        }
    }

    /// <summary>The prepared key for <paramref name="encoding"/>, prepared by <paramref name="prepare"/> when it is not kept.</summary>
    public PreparedTransformKey Get(byte[] encoding, Func<byte[], PreparedTransformKey> prepare)
    {
        if (_keys is null)
        {
            return prepare(encoding);
        }
        var key = new EncodingKey(encoding);
        if (_keys.TryGetValue(key, out PreparedTransformKey? prepared))
        {
            RecryptMetrics.PreparedKeyLookups.Add(1, new KeyValuePair<string, object?>("outcome", "hit"));
            return prepared!;
        }
        RecryptMetrics.PreparedKeyLookups.Add(1, new KeyValuePair<string, object?>("outcome", "miss"));
        prepared = prepare(encoding);
        _keys.Set(key, prepared, new MemoryCacheEntryOptions { Size = 1 });
        return prepared;
    }

    /// <summary>How many keys are kept now.</summary>
    public int Count => _keys?.Count ?? 0;

    public void Dispose() => _keys?.Dispose();

    /// <summary>An encoding compared by its bytes (the cache's key).</summary>
    private sealed class EncodingKey(byte[] bytes) : IEquatable<EncodingKey>
    {
        private readonly byte[] _bytes = bytes;
        private readonly int _hash = HashOf(bytes);

        public bool Equals(EncodingKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

        public override bool Equals(object? obj) => Equals(obj as EncodingKey);

        public override int GetHashCode() => _hash;

        // HashCode is seeded per process, so nobody can choose encodings that collide here.
        private static int HashOf(byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
