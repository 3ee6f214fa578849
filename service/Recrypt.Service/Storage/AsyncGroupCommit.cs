namespace Recrypt.Service.Storage;

/// <summary>
/// Group commit for a store whose writes are asynchronous (<see cref="GroupCommit{TItem}"/> is the blocking one). A
/// caller queues its item and awaits the result; when no commit is in flight its call starts one, and while one is,
/// what arrives is taken together by the next: everything queued so far, at most <c>maxBatchSize</c>. One commit is
/// in flight at a time and no thread waits for it; each caller continues on the thread pool once its batch is done.
/// </summary>
/// <typeparam name="TItem">What is queued.</typeparam>
/// <typeparam name="TResult">
/// What each item's commit gives back: <c>commit</c> returns one result per item, in order, or throws, which fails
/// every item of the batch.
/// </typeparam>
internal sealed class AsyncGroupCommit<TItem, TResult>(Func<List<TItem>, Task<TResult[]>> commit, int maxBatchSize)
{
    private readonly object _gate = new();
    private List<Pending> _pending = [];
    private bool _committing;

    /// <summary>Queues <paramref name="item"/>; completes with its result once a commit has processed it.</summary>
    public Task<TResult> RunAsync(TItem item)
    {
        // Asynchronous continuations: the commit loop never runs a caller's remaining work on its own way to the next batch.
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _pending.Add(pending);
            start = !_committing;
            _committing = true;
        }
        if (start)
        {
            _ = CommitQueuedAsync();
        }
        return pending.Result.Task;
    }

    /// <summary>Commits batches until nothing is queued; never throws (a failed batch fails its items).</summary>
    private async Task CommitQueuedAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _committing = false;
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
            try
            {
                var results = await commit(batch.ConvertAll(pending => pending.Item)).ConfigureAwait(false);
                if (results.Length != batch.Count)
                {
                    throw new InvalidOperationException($"A commit of {batch.Count} items gave {results.Length} results.");
                }
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.SetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var pending in batch)
                {
                    pending.Result.TrySetException(exception);
                }
            }
        }
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Result);
}
