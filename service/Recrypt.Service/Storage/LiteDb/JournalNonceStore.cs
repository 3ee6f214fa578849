using Recrypt.Service.Auth;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary>
/// <see cref="INonceStore"/> for one process (the LiteDB provider's): in memory, a set of 128-bit keys (SHA-256 of the pair)
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
internal sealed class JournalNonceStore : INonceStore, IDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<UInt128> _spent = [];
    private readonly SortedDictionary<long, List<UInt128>> _bySegment = [];
    private readonly NonceJournal? _journal;
    private readonly TimeProvider _time;

    public JournalNonceStore(StorageOptions options, TimeProvider time, ILogger<JournalNonceStore> logger)
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

    public bool TryUse(string identityId, string nonce, DateTimeOffset expiresAt)
    {
        var key = NonceKeys.KeyOf(identityId, nonce);
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
