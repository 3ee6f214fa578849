using System.Buffers.Binary;
using System.Globalization;

namespace Recrypt.Service.Storage;

/// <summary>
/// Where spent nonces are kept on disk, apart from the database: a folder of append-only segment files,
/// one per minute of expiry (<c>&lt;unix minute&gt;.nonces</c>), each a run of 24-byte records (a
/// 16-byte nonce key, then the expiry in .NET ticks, little-endian). A segment is deleted once every
/// nonce in it has expired, so the folder never holds more than the replay window.
/// </summary>
/// <remarks>
/// Records are written in batches by one thread (group commit): <see cref="Append"/> returns a task that
/// completes once the record's batch has been handed to the operating system, so a request is acted on
/// only after its nonce would survive the process being killed. That is the same durability as the
/// database's writes (neither is fsynced; see docs/service.md).
/// </remarks>
internal sealed partial class NonceJournal : IDisposable
{
    public const int RecordSize = 24;
    private const string Extension = ".nonces";
    private static readonly long s_segmentTicks = TimeSpan.FromMinutes(1).Ticks;

    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<long, FileStream> _segments = [];
    private readonly Thread _thread;
    private readonly object _gate = new();
    private List<(UInt128 Key, long ExpiresAt)> _pending = [];
    private TaskCompletionSource _pendingWritten = NewCompletion();
    private bool _stopping;

    private NonceJournal(string directory, TimeProvider time, ILogger logger)
    {
        _directory = directory;
        _time = time;
        _logger = logger;
        _thread = new Thread(Run) { Name = "Recrypt nonce journal", IsBackground = true };
    }

    /// <summary>
    /// Opens (creating it, mode 0700) the journal folder <paramref name="directory"/> and returns the
    /// journal with every nonce it holds that has not expired yet.
    /// </summary>
    public static NonceJournal Open(string directory, TimeProvider time, ILogger logger, out List<(UInt128 Key, long ExpiresAt)> live)
    {
        DataFiles.CreatePrivateDirectory(directory);
        var journal = new NonceJournal(directory, time, logger);
        live = journal.Load();
        journal._thread.Start();
        return journal;
    }

    /// <summary>The segment a nonce expiring at <paramref name="expiresAtTicks"/> belongs to.</summary>
    public static long SegmentOf(long expiresAtTicks) => expiresAtTicks / s_segmentTicks;

    /// <summary>Whether every nonce of <paramref name="segment"/> has expired at <paramref name="nowTicks"/>.</summary>
    public static bool HasExpired(long segment, long nowTicks) => (segment + 1) * s_segmentTicks <= nowTicks;

    /// <summary>Queues a record; the task completes once it is written.</summary>
    public Task Append(UInt128 key, long expiresAtTicks)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _pending.Add((key, expiresAtTicks));
            if (_pending.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
            return _pendingWritten.Task;
        }
    }

    /// <summary>Writes what is queued, closes the files and stops the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }
            _stopping = true;
            Monitor.Pulse(_gate);
        }
        _thread.Join();
        foreach (var segment in _segments.Values)
        {
            segment.Dispose();
        }
        _segments.Clear();
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Run()
    {
        while (true)
        {
            List<(UInt128 Key, long ExpiresAt)> batch;
            TaskCompletionSource written;
            bool stopping;
            lock (_gate)
            {
                while (_pending.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }
                (batch, _pending) = (_pending, []);
                (written, _pendingWritten) = (_pendingWritten, NewCompletion());
                stopping = _stopping;
            }
            if (batch.Count > 0)
            {
                try
                {
                    Write(batch);
                    written.SetResult();
                }
                catch (Exception exception)
                {
                    WriteFailed(_logger, exception);
                    written.SetException(new IOException("Could not record the request's nonce; the request was not acted on.", exception));
                }
            }
            else
            {
                written.SetResult();
            }
            if (stopping)
            {
                return;
            }
        }
    }

    private void Write(List<(UInt128 Key, long ExpiresAt)> batch)
    {
        Span<byte> record = stackalloc byte[RecordSize];
        var touched = new HashSet<FileStream>();
        foreach (var (key, expiresAt) in batch)
        {
            var segment = SegmentOf(expiresAt);
            if (!_segments.TryGetValue(segment, out var stream))
            {
                stream = DataFiles.OpenPrivateAppend(PathOf(segment));
                _segments[segment] = stream;
            }
            BinaryPrimitives.WriteUInt128LittleEndian(record, key);
            BinaryPrimitives.WriteInt64LittleEndian(record[16..], expiresAt);
            stream.Write(record);
            touched.Add(stream);
        }
        foreach (var stream in touched)
        {
            stream.Flush();
        }
        RetireExpired();
    }

    private void RetireExpired()
    {
        var now = _time.GetUtcNow().UtcTicks;
        foreach (var segment in _segments.Keys.Where(segment => HasExpired(segment, now)).ToList())
        {
            _segments[segment].Dispose();
            _segments.Remove(segment);
            File.Delete(PathOf(segment));
        }
    }

    private List<(UInt128 Key, long ExpiresAt)> Load()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var live = new List<(UInt128 Key, long ExpiresAt)>();
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var segment))
            {
                continue;
            }
            if (HasExpired(segment, now))
            {
                File.Delete(path);
                continue;
            }
            var bytes = File.ReadAllBytes(path);
            // A record cut short was never acknowledged (its batch's write had not returned): drop it, and
            // cut the file back to whole records so that the next ones line up.
            if (bytes.Length % RecordSize != 0)
            {
                using var truncate = new FileStream(path, FileMode.Open, FileAccess.Write);
                truncate.SetLength(bytes.Length - (bytes.Length % RecordSize));
            }
            for (var offset = 0; offset + RecordSize <= bytes.Length; offset += RecordSize)
            {
                var record = bytes.AsSpan(offset, RecordSize);
                live.Add((BinaryPrimitives.ReadUInt128LittleEndian(record), BinaryPrimitives.ReadInt64LittleEndian(record[16..])));
            }
        }
        return live;
    }

    private string PathOf(long segment) => Path.Combine(_directory, segment.ToString(CultureInfo.InvariantCulture) + Extension);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write spent nonces to the journal")]
    private static partial void WriteFailed(ILogger logger, Exception exception);
}
