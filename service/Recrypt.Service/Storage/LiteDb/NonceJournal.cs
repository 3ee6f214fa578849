using System.Buffers.Binary;
using System.Globalization;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary>
/// Where spent nonces are kept on disk, apart from the database: a folder of append-only segment files,
/// one per minute of expiry (<c>&lt;unix minute&gt;.nonces</c>), each a run of 24-byte records (a
/// 16-byte nonce key, then the expiry in .NET ticks, little-endian). A segment is deleted once every
/// nonce in it has expired, so the folder never holds more than the replay window.
/// </summary>
/// <remarks>
/// Records are written in batches (<see cref="GroupCommit{TItem}"/>): <see cref="Append"/> returns once
/// the record's batch has been handed to the operating system, so a request is acted on only after its
/// nonce would survive the process being killed. That is the same durability as the
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
    private readonly GroupCommit<Entry> _commits;
    private int _disposed;

    private NonceJournal(string directory, TimeProvider time, ILogger logger)
    {
        _directory = directory;
        _time = time;
        _logger = logger;
        _commits = new GroupCommit<Entry>(Commit, maxBatchSize: 4096);
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
        return journal;
    }

    /// <summary>The segment a nonce expiring at <paramref name="expiresAtTicks"/> belongs to.</summary>
    public static long SegmentOf(long expiresAtTicks) => expiresAtTicks / s_segmentTicks;

    /// <summary>Whether every nonce of <paramref name="segment"/> has expired at <paramref name="nowTicks"/>.</summary>
    public static bool HasExpired(long segment, long nowTicks) => (segment + 1) * s_segmentTicks <= nowTicks;

    /// <summary>Writes a record; returns once it is handed to the operating system (with the others queued meanwhile).</summary>
    public void Append(UInt128 key, long expiresAtTicks)
    {
        var entry = new Entry(key, expiresAtTicks);
        _commits.Run(entry);
        entry.Written.Task.GetAwaiter().GetResult();
    }

    /// <summary>Writes what is queued and closes the files.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _commits.Close();
        foreach (var segment in _segments.Values)
        {
            segment.Dispose();
        }
        _segments.Clear();
    }

    private void Commit(List<Entry> batch)
    {
        try
        {
            Write(batch);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            WriteFailed(_logger, exception);
            var failure = new IOException("Could not record the request's nonce; the request was not acted on.", exception);
            foreach (var entry in batch)
            {
                entry.Written.SetException(failure);
            }
            return;
        }
        foreach (var entry in batch)
        {
            entry.Written.SetResult();
        }
    }

    private sealed class Entry(UInt128 key, long expiresAt)
    {
        public UInt128 Key { get; } = key;

        public long ExpiresAt { get; } = expiresAt;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void Write(List<Entry> batch)
    {
        Span<byte> record = stackalloc byte[RecordSize];
        var touched = new HashSet<FileStream>();
        foreach (var entry in batch)
        {
            var (key, expiresAt) = (entry.Key, entry.ExpiresAt);
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
