using System.Collections.Concurrent;
using LiteDB;

namespace Recrypt.Service.Storage;

/// <summary>
/// The one thread that writes to the database. Every insert, update and delete of the service is a
/// function handed to <see cref="Write{T}"/>; this thread runs them one after another, in batches that
/// share one LiteDB transaction (group commit), and hands each caller its own result or exception.
/// </summary>
/// <remarks>
/// <para>
/// Why: LiteDB 5 lets transactions on different collections write at the same time, and those
/// transactions share the header page's list of free pages. Under load (one thread inserting document
/// keys while another deleted expired nonces, which frees pages) that list was corrupted and the
/// documents' indexes with it (litedb-org/LiteDB #2825, #2503, #2528, #1984). With a single writer no two
/// write transactions ever overlap, whatever the collections. Reads stay concurrent: LiteDB serves them
/// from a snapshot, next to the one write transaction.
/// </para>
/// <para>
/// A write function must only touch the database and must be deterministic given its contents: when one
/// function of a batch throws, LiteDB rolls the whole transaction back, and every function of the batch
/// is run again on its own, so that one failure fails only its caller. Expected outcomes (a key already
/// taken, nothing to delete) are results, not exceptions: check first, then write; with one writer the
/// check and the write cannot be separated by anyone else's write.
/// </para>
/// </remarks>
internal sealed partial class DatabaseWriter : IDisposable
{
    /// <summary>At most this many writes share one transaction.</summary>
    public const int MaxBatchSize = 256;

    private readonly ILiteDatabase _database;
    private readonly ILogger _logger;
    private readonly BlockingCollection<WriteRequest> _queue = new(new ConcurrentQueue<WriteRequest>());
    private readonly Thread _thread;
    private int _disposed;

    public DatabaseWriter(ILiteDatabase database, ILogger<DatabaseWriter> logger)
    {
        _database = database;
        _logger = logger;
        _thread = new Thread(Run) { Name = "Recrypt database writer", IsBackground = true };
        _thread.Start();
    }

    /// <summary>The database, for reads only: every write goes through <see cref="Write{T}"/>.</summary>
    public ILiteDatabase Database => _database;

    /// <summary>Runs <paramref name="write"/> on the writer thread, committed, and returns its result.</summary>
    public T Write<T>(Func<ILiteDatabase, T> write) => WriteAsync(write).GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="write"/> on the writer thread; completes once it is committed.</summary>
    public Task<T> WriteAsync<T>(Func<ILiteDatabase, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var request = new WriteRequest<T>(write);
        if (Environment.CurrentManagedThreadId == _thread.ManagedThreadId)
        {
            throw new InvalidOperationException("A write function must not queue another write.");
        }
        try
        {
            _queue.Add(request);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(DatabaseWriter), "The database is closed: the service is stopping.");
        }
        return request.Task;
    }

    /// <summary>Finishes the queued writes, then stops the thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Run()
    {
        var batch = new List<WriteRequest>(MaxBatchSize);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < MaxBatchSize && _queue.TryTake(out var next))
            {
                batch.Add(next);
            }
            RunBatch(batch);
            batch.Clear();
        }
    }

    private void RunBatch(List<WriteRequest> batch)
    {
        if (batch.Count == 1)
        {
            RunAlone(batch[0]);
            return;
        }

        var results = new object?[batch.Count];
        try
        {
            _database.BeginTrans();
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = batch[i].Run(_database);
            }
            _database.Commit();
        }
        catch (Exception exception)
        {
            // LiteDB has rolled the transaction back (or never committed it): nothing of the batch is
            // written. Run each write on its own, so that only the failing one fails.
            BatchFailed(_logger, batch.Count, exception);
            if (_database.Rollback())
            {
                // An explicit transaction was still open: it is closed now.
            }
            foreach (var request in batch)
            {
                RunAlone(request);
            }
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Complete(results[i]);
        }
    }

    private void RunAlone(WriteRequest request)
    {
        object? result;
        try
        {
            result = request.Run(_database);
        }
        catch (Exception exception)
        {
            request.Fail(exception);
            return;
        }
        request.Complete(result);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} writes failed; running each on its own")]
    private static partial void BatchFailed(ILogger logger, int count, Exception exception);

    private abstract class WriteRequest
    {
        public abstract object? Run(ILiteDatabase database);

        public abstract void Complete(object? result);

        public abstract void Fail(Exception exception);
    }

    private sealed class WriteRequest<T>(Func<ILiteDatabase, T> write) : WriteRequest
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public override object? Run(ILiteDatabase database) => write(database);

        public override void Complete(object? result) => _completion.SetResult((T)result!);

        public override void Fail(Exception exception) =>
            _completion.SetException(exception);
    }
}
