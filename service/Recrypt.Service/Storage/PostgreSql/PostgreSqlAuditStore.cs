using Npgsql;
using Recrypt.Service.Audit;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <see cref="IAuditStore"/> on PostgreSQL: <c>audit_log</c> and its head row <c>audit_head</c>. A store
/// records the event of a change by calling <see cref="Append(NpgsqlTransaction, AuditEvent)"/> in the change's transaction; the head row,
/// locked <c>FOR UPDATE</c> until that transaction ends, makes every instance's appends take turns.
/// </summary>
/// <remarks>
/// An event that changes nothing else (every document fetch records one) is appended by <see cref="Append(AuditEvent)"/>,
/// which takes the events of concurrent requests together (<see cref="GroupCommit{TItem}"/>) and, while no other
/// instance appends, chains them after the head this instance last wrote: one round trip, a batch that moves the
/// head and inserts the records in one implicit transaction. The records' sequence numbers are the table's primary
/// key, so when another instance (or a change's transaction) has moved the head meanwhile, the first insert collides,
/// the batch rolls back as a whole, and the events are chained again under the locked head (three round trips, as
/// every append takes while other instances append too). A fork of the chain is impossible either way.
/// </remarks>
internal sealed class PostgreSqlAuditStore : IAuditStore
{
    private const string Columns = "sequence, at, type, actor, subjects, concerns, outcome, request_id, previous_hash, hash";

    /// <summary>The most events appended in one batch.</summary>
    internal const int MaxBatchSize = 64;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommit<PendingAppend> _appends;

    // The head after this instance's last append, and whether no one else appended between its last two: then the
    // next batch is chained after it without the lock (a guess the primary key checks). Only the committer of
    // _appends reads or writes them (one at a time, under its lock's memory barriers).
    private AuditHead? _lastWritten;
    private bool _uncontended;

    public PostgreSqlAuditStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _appends = new GroupCommit<PendingAppend>(AppendBatch, MaxBatchSize);
    }

    /// <summary>Appends <paramref name="audit"/> to the chain inside <paramref name="transaction"/> (the change's own).</summary>
    public static AuditRecord Append(NpgsqlTransaction transaction, AuditEvent audit) => AppendLocked(transaction, [audit])[0];

    /// <summary>
    /// Appends <paramref name="events"/> under the locked head: it stays locked until the transaction ends, so every
    /// instance's appends wait this long.
    /// </summary>
    private static AuditRecord[] AppendLocked(NpgsqlTransaction transaction, IReadOnlyList<AuditEvent> events) =>
        AppendAfter(transaction, LockHead(transaction), events);

    private static AuditHead LockHead(NpgsqlTransaction transaction) =>
        Sql.QuerySingle(transaction, "SELECT sequence, hash FROM audit_head WHERE id = 1 FOR UPDATE", ReadHead)
            ?? throw new StorageException("The audit trail's head row is missing: the database's audit_head table was altered. Run Recrypt.Service audit verify.");

    private static AuditRecord[] AppendAfter(NpgsqlTransaction transaction, AuditHead head, IReadOnlyList<AuditEvent> events)
    {
        var records = Chain(head, events);
        Sql.ExecuteBatch(transaction, Statements(records));
        return records;
    }

    /// <summary>The statement that stores a record, with <see cref="Values"/> (also run by <c>migrate</c>, which copies records verbatim).</summary>
    internal const string InsertSql = $"INSERT INTO audit_log ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    /// <summary>The statement that moves the chain's head: its sequence ($1) and hash ($2).</summary>
    internal const string SetHeadSql = "UPDATE audit_head SET sequence = $1, hash = $2 WHERE id = 1";

    internal static object?[] Values(AuditRecord record) =>
        [record.Id, record.At, record.Type, record.Actor, record.Subjects, record.Concerns, record.Outcome, record.RequestId, record.PreviousHash, record.Hash];

    /// <summary>Every record in sequence order, streamed (for <c>audit verify</c> and <c>audit export</c>).</summary>
    public static IEnumerable<AuditRecord> ReadAll(NpgsqlTransaction transaction)
    {
        using var command = Sql.Command(transaction, $"SELECT {Columns} FROM audit_log ORDER BY sequence");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return Read(reader);
        }
    }

    /// <summary>The head as stored.</summary>
    public static AuditHead ReadHead(NpgsqlTransaction transaction) =>
        Sql.QuerySingle(transaction, "SELECT sequence, hash FROM audit_head WHERE id = 1", ReadHead) ?? AuditHead.Genesis;

    public AuditRecord Append(AuditEvent audit)
    {
        var pending = new PendingAppend(audit);
        _appends.Run(pending);
        return pending.Record ?? throw pending.Failure!;
    }

    private void AppendBatch(List<PendingAppend> batch)
    {
        var events = batch.ConvertAll(pending => pending.Event);
        try
        {
            var records = _uncontended && _lastWritten is { } guess ? TryAppendAfter(guess, events) : null;
            records ??= Sql.InTransaction(_dataSource, transaction =>
            {
                var head = LockHead(transaction);
                // While another instance appends too, a guess would mostly collide: chain after the locked head until
                // this instance finds the head where it left it again.
                _uncontended = _lastWritten is { } last && last.Sequence == head.Sequence;
                return AppendAfter(transaction, head, events);
            });
            _lastWritten = new AuditHead(records[^1].Id, records[^1].Hash);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Record = records[i];
            }
        }
        catch (Exception exception)
        {
            _lastWritten = null;
            _uncontended = false;
            foreach (var pending in batch)
            {
                pending.Failure = exception;
            }
        }
    }

    /// <summary>The events chained after <paramref name="guess"/> and stored, or null when the head has moved on.</summary>
    private AuditRecord[]? TryAppendAfter(AuditHead guess, List<AuditEvent> events)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var records = Chain(guess, events);
        try
        {
            Sql.ExecuteBatch(_dataSource, Statements(records));
            Observability.RecryptMetrics.StorageWrite("PostgreSQL", started);
            return records;
        }
        catch (PostgresException exception) when (Sql.IsUniqueViolation(exception))
        {
            return null;
        }
    }

    private static AuditRecord[] Chain(AuditHead head, IReadOnlyList<AuditEvent> events)
    {
        var records = new AuditRecord[events.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = AuditRecord.Chain(head, events[i]);
            head = new AuditHead(records[i].Id, records[i].Hash);
        }
        return records;
    }

    /// <summary>
    /// The statements that store <paramref name="records"/>: the head row first, so that every append takes the row's
    /// lock before any record's key (no two appends can wait on each other), then the records.
    /// </summary>
    private static (string Sql, object?[] Values)[] Statements(AuditRecord[] records)
    {
        var statements = new (string Sql, object?[] Values)[records.Length + 1];
        statements[0] = (SetHeadSql, [records[^1].Id, records[^1].Hash]);
        for (var i = 0; i < records.Length; i++)
        {
            statements[i + 1] = (InsertSql, Values(records[i]));
        }
        return statements;
    }

    private sealed class PendingAppend(AuditEvent audit)
    {
        public AuditEvent Event { get; } = audit;

        public AuditRecord? Record { get; set; }

        public Exception? Failure { get; set; }
    }

    public IReadOnlyList<AuditRecord> ListConcerning(string identityId, long after, DateTime? since, string? type, int limit)
    {
        var sql = $"SELECT {Columns} FROM audit_log WHERE $1 = ANY (concerns) AND sequence > $2"
            + (since is null ? "" : " AND at >= $4")
            + (type is null ? "" : since is null ? " AND type = $4" : " AND type = $5")
            + " ORDER BY sequence LIMIT $3";
        object?[] values = (since, type) switch
        {
            (null, null) => [identityId, after, limit],
            ({ } from, null) => [identityId, after, limit, from],
            (null, { } only) => [identityId, after, limit, only],
            ({ } from, { } only) => [identityId, after, limit, from, only],
        };
        return Sql.Query(_dataSource, sql, Read, values);
    }

    public AuditHead Head() => Sql.QuerySingle(_dataSource, "SELECT sequence, hash FROM audit_head WHERE id = 1", ReadHead) ?? AuditHead.Genesis;

    private static AuditHead ReadHead(NpgsqlDataReader reader) => new(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));

    private static AuditRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        At = reader.GetDateTime(1),
        Type = reader.GetString(2),
        Actor = reader.IsDBNull(3) ? null : reader.GetString(3),
        Subjects = reader.GetFieldValue<string[]>(4),
        Concerns = reader.GetFieldValue<string[]>(5),
        Outcome = reader.GetString(6),
        RequestId = reader.GetString(7),
        PreviousHash = reader.GetFieldValue<byte[]>(8),
        Hash = reader.GetFieldValue<byte[]>(9),
    };
}
