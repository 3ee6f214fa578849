namespace Recrypt.Service.Storage;

/// <summary>
/// Group commit without a thread of its own: items are queued, and whoever finds no batch being committed
/// commits the queue itself, on its own thread, with everything that queued meanwhile; the others wait
/// for their item's completion. With one request at a time there is no hand-off between threads at all;
/// under load the batches grow. A request thread commits at most two batches, then hands the rest to a
/// thread-pool thread, so that nobody's answer waits on a long queue of others' writes. Only one batch is
/// ever being committed, so the commits never overlap.
/// </summary>
/// <typeparam name="TItem">What is queued; <c>commit</c> must complete (or fail) every item it is given and never throw.</typeparam>
internal sealed class GroupCommit<TItem>(Action<List<TItem>> commit, int maxBatchSize)
{
    private const int RoundsOnCallerThread = 2;

    [ThreadStatic]
    private static bool t_committing;

    private readonly object _gate = new();
    private List<TItem> _pending = [];
    private bool _committing;
    private bool _closed;

    /// <summary>Whether the calling thread is inside a commit (where queueing more would wait on itself).</summary>
    public static bool OnCommitThread => t_committing;

    /// <summary>Queues <paramref name="item"/>, and commits the queue on this thread when no one else is.</summary>
    public void Add(TItem item)
    {
        if (t_committing)
        {
            throw new InvalidOperationException("A commit must not queue more work: it would wait on itself.");
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _pending.Add(item);
            if (_committing)
            {
                return;
            }
            _committing = true;
        }
        Drain(RoundsOnCallerThread);
    }

    /// <summary>Refuses new items and waits until what is queued is committed.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            while (_committing)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    private void Drain(int rounds)
    {
        for (var round = 0; ; round++)
        {
            List<TItem> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _committing = false;
                    Monitor.PulseAll(_gate);
                    return;
                }
                if (round == rounds)
                {
                    // Still busy: a pool thread carries on, and this request goes back to its caller.
                    ThreadPool.UnsafeQueueUserWorkItem(static state => state.Drain(int.MaxValue), this, preferLocal: false);
                    return;
                }
                if (_pending.Count <= maxBatchSize)
                {
                    (batch, _pending) = (_pending, []);
                }
                else
                {
                    batch = _pending.GetRange(0, maxBatchSize);
                    _pending.RemoveRange(0, maxBatchSize);
                }
            }
            t_committing = true;
            try
            {
                commit(batch);
            }
            finally
            {
                t_committing = false;
            }
        }
    }
}
