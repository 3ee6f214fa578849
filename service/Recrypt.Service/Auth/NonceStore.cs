using LiteDB;

namespace Recrypt.Service.Auth;

/// <summary>A nonce an identity has used, kept until its request's timestamp can no longer be accepted.</summary>
internal sealed class NonceRecord
{
    /// <summary><c>&lt;identity id&gt;:&lt;nonce&gt;</c>, the document key.</summary>
    public string Id { get; set; } = "";

    public DateTime ExpiresAt { get; set; }
}

/// <summary>
/// The <c>nonces</c> collection: each (identity, nonce) pair is accepted once. Records live in the
/// database, so a replay is refused across restarts too, and are pruned once expired.
/// </summary>
internal sealed class NonceStore
{
    private static readonly TimeSpan s_pruneInterval = TimeSpan.FromMinutes(1);

    private readonly ILiteCollection<NonceRecord> _nonces;
    private readonly TimeProvider _time;
    private long _nextPruneTicks;

    public NonceStore(ILiteDatabase database, TimeProvider time)
    {
        _nonces = database.GetCollection<NonceRecord>("nonces");
        _nonces.EnsureIndex(nonce => nonce.ExpiresAt);
        _time = time;
    }

    /// <summary>
    /// Records that <paramref name="identityId"/> used <paramref name="nonce"/>, until
    /// <paramref name="expiresAt"/>; <see langword="false"/> when it had already used it.
    /// </summary>
    public bool TryUse(string identityId, string nonce, DateTimeOffset expiresAt)
    {
        PruneIfDue();
        try
        {
            _nonces.Insert(new NonceRecord { Id = $"{identityId}:{nonce}", ExpiresAt = expiresAt.UtcDateTime });
            return true;
        }
        catch (LiteException exception) when (exception.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }
    }

    /// <summary>Deletes the expired nonces; returns how many.</summary>
    public int PruneExpired()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        Interlocked.Exchange(ref _nextPruneTicks, (now + s_pruneInterval).Ticks);
        return _nonces.DeleteMany(nonce => nonce.ExpiresAt < now);
    }

    private void PruneIfDue()
    {
        var now = _time.GetUtcNow().UtcDateTime.Ticks;
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (now >= due && Interlocked.CompareExchange(ref _nextPruneTicks, now + s_pruneInterval.Ticks, due) == due)
        {
            PruneExpired();
        }
    }
}
