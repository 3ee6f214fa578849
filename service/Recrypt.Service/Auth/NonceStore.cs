using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Auth;

/// <summary>
/// The nonces each identity has spent, each kept until its request's timestamp can no longer be accepted:
/// each (identity, nonce) pair is accepted once. In memory, a set of 128-bit keys (SHA-256 of the pair)
/// grouped by minute of expiry, so whole minutes are dropped as they expire and the set never holds more
/// than the replay window's requests. On disk, the same records in a <see cref="NonceJournal"/> next to
/// the database (not in it: spending a nonce takes no database lock), read back at start, so that a
/// replay is refused across restarts too.
/// </summary>
/// <remarks>
/// A nonce is accepted only once its record is written (group commit: concurrent requests share one
/// write), so a request is never acted on before its nonce would survive a crash; a replay sent while the
/// first request waits is refused, because the set already holds its key.
/// </remarks>
internal sealed class NonceStore : IDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<UInt128> _spent = [];
    private readonly SortedDictionary<long, List<UInt128>> _bySegment = [];
    private readonly NonceJournal? _journal;
    private readonly TimeProvider _time;

    public NonceStore(StorageOptions options, TimeProvider time, ILogger<NonceStore> logger)
    {
        _time = time;
        if (options.NonceDirectory is { } directory)
        {
            _journal = NonceJournal.Open(directory, time, logger, out var live);
            var now = time.GetUtcNow().UtcTicks;
            foreach (var (key, expiresAt) in live)
            {
                if (expiresAt > now)
                {
                    Remember(key, expiresAt);
                }
            }
        }
    }

    /// <summary>How many spent nonces are kept (not expired yet, or in a minute not yet dropped).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _spent.Count;
            }
        }
    }

    /// <summary>
    /// Records that <paramref name="identityId"/> used <paramref name="nonce"/>, until
    /// <paramref name="expiresAt"/>; <see langword="false"/> when it had already used it. Returns once the
    /// record is written.
    /// </summary>
    public bool TryUse(string identityId, string nonce, DateTimeOffset expiresAt)
    {
        var key = KeyOf(identityId, nonce);
        var expiresAtTicks = expiresAt.UtcTicks;
        lock (_gate)
        {
            DropExpired(_time.GetUtcNow().UtcTicks);
            if (!Remember(key, expiresAtTicks))
            {
                return false;
            }
        }
        // Outside the lock: other nonces are checked while this one is written. If the write fails the
        // request fails (500) and the nonce stays spent: it is never accepted twice.
        _journal?.Append(key, expiresAtTicks);
        return true;
    }

    /// <summary>Writes the queued records and closes the journal.</summary>
    public void Dispose() => _journal?.Dispose();

    /// <summary>The 128-bit key of a pair: the first 16 bytes of SHA-256(identity id ‖ "\n" ‖ nonce).</summary>
    internal static UInt128 KeyOf(string identityId, string nonce)
    {
        var pair = Encoding.UTF8.GetBytes(identityId + "\n" + nonce);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(pair, hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    private bool Remember(UInt128 key, long expiresAtTicks)
    {
        if (!_spent.Add(key))
        {
            return false;
        }
        var segment = NonceJournal.SegmentOf(expiresAtTicks);
        if (!_bySegment.TryGetValue(segment, out var keys))
        {
            keys = [];
            _bySegment[segment] = keys;
        }
        keys.Add(key);
        return true;
    }

    private void DropExpired(long nowTicks)
    {
        while (_bySegment.Count > 0)
        {
            var (segment, keys) = _bySegment.First();
            if (!NonceJournal.HasExpired(segment, nowTicks))
            {
                return;
            }
            foreach (var key in keys)
            {
                _spent.Remove(key);
            }
            _bySegment.Remove(segment);
        }
    }
}
