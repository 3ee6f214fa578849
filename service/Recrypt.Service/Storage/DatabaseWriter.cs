using LiteDB;

namespace Recrypt.Service.Storage;

/// <summary>
/// The one writer of the database. Every insert, update and delete of the service is a function handed to
/// <see cref="Write{T}"/>; they run one batch at a time, each batch in one LiteDB transaction opened and
/// committed on one thread (<see cref="GroupCommit{TItem}"/>: the caller's own when nobody else is
/// writing), and each caller gets its own result or exception.
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
    private readonly GroupCommit<WriteRequest> _commits;
    private int _disposed;

    public DatabaseWriter(ILiteDatabase database, ILogger<DatabaseWriter> logger)
    {
        _database = database;
        _logger = logger;
        _commits = new GroupCommit<WriteRequest>(RunBatch, MaxBatchSize);
    }

    /// <summary>The database, for reads only: every write goes through <see cref="Write{T}"/>.</summary>
    public ILiteDatabase Database => _database;

    /// <summary>Runs <paramref name="write"/>, committed, alone among writes, and returns its result.</summary>
    public T Write<T>(Func<ILiteDatabase, T> write) => WriteAsync(write).GetAwaiter().GetResult();

    /// <summary>
    /// Runs <paramref name="write"/>, which changes several documents, alone among writes: all of its changes are
    /// committed or none (in the batch's transaction, or in one of its own when it runs alone).
    /// </summary>
    public T WriteAll<T>(Func<ILiteDatabase, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Write(database =>
        {
            var ownTransaction = database.BeginTrans();
            try
            {
                var result = write(database);
                if (ownTransaction)
                {
                    database.Commit();
                }
                return result;
            }
            catch
            {
                if (ownTransaction)
                {
                    database.Rollback();
                }
                throw;
            }
        });
    }

    /// <summary>Runs <paramref name="write"/> alone among writes; the task is complete when this returns (writes block their caller).</summary>
    public Task<T> WriteAsync<T>(Func<ILiteDatabase, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var request = new WriteRequest<T>(write);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _commits.Run(request);
            Observability.RecryptMetrics.StorageWrite("LiteDB", started);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(DatabaseWriter), "The database is closed: the service is stopping.");
        }
        return request.Task;
    }

    /// <summary>Finishes the queued writes and refuses new ones.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _commits.Close();
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
