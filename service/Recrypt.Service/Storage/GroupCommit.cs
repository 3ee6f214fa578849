namespace Recrypt.Service.Storage;

/// <summary>
/// Group commit without a thread of its own. A caller queues its item and waits; whoever finds no batch
/// being committed becomes the committer and commits, on its own thread, everything queued so far, until
/// its own item is done; then it steps down and one of the callers still waiting takes over. With one
/// request at a time there is no hand-off between threads at all; under load the batches grow, and no
/// caller commits for long on others' behalf. Only one batch is ever being committed, so commits never
/// overlap, and no thread-pool thread is ever waited for (a blocked pool cannot starve it).
/// </summary>
/// <typeparam name="TItem">What is queued; <c>commit</c> must complete (or fail) every item it is given and never throw.</typeparam>
internal sealed class GroupCommit<TItem>(Action<List<TItem>> commit, int maxBatchSize)
{
    [ThreadStatic]
    private static bool t_committing;

    private readonly object _gate = new();
    private List<Slot> _pending = [];
    private bool _committing;
    private bool _closed;

    /// <summary>Queues <paramref name="item"/> and returns once a commit has processed it.</summary>
    public void Run(TItem item)
    {
        if (t_committing)
        {
            throw new InvalidOperationException("A commit must not queue more work: it would wait on itself.");
        }
        var slot = new Slot(item);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _pending.Add(slot);
            while (true)
            {
                if (slot.Done)
                {
                    return;
                }
                if (!_committing)
                {
                    _committing = true;
                    break;
                }
                Monitor.Wait(_gate);
            }
        }

        while (true)
        {
            List<Slot> batch;
            lock (_gate)
            {
                if (slot.Done || _pending.Count == 0)
                {
                    _committing = false;
                    Monitor.PulseAll(_gate);
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
                commit(batch.ConvertAll(queued => queued.Item));
            }
            finally
            {
                t_committing = false;
                lock (_gate)
                {
                    foreach (var done in batch)
                    {
                        done.Done = true;
                    }
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>Refuses new items and waits until what is queued is committed.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            while (_committing || _pending.Count > 0)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    private sealed class Slot(TItem item)
    {
        public TItem Item { get; } = item;

        public bool Done { get; set; }
    }
}
