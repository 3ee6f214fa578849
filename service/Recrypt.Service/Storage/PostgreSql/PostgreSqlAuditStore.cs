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
/// which takes the events of concurrent requests together (<see cref="GroupCommit{TItem}"/>) and chains them after the
/// head this instance last saw, without a lock: one round trip, a batch that moves the head only if it is still where
/// the chain was computed from, inserts the records only if it moved, and reads the head back. When another instance
/// (or a change's transaction) has moved the head meanwhile, nothing is written and the head read back is the next
/// guess: under contention an append costs a round trip per try, never a lock held across round trips. After
/// <see cref="MaxGuesses"/> tries the events are chained under the locked head. A fork of the chain is impossible
/// either way: the head row is the one place both paths move, and each moves it only from where it stands.
/// </remarks>
internal sealed class PostgreSqlAuditStore : IAuditStore
{
    private const string Columns = "sequence, at, type, actor, subjects, concerns, outcome, request_id, previous_hash, hash";

    /// <summary>The most events appended in one batch.</summary>
    internal const int MaxBatchSize = 64;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommit<PendingAppend> _appends;

    /// <summary>How many times a batch is chained after a guessed head before it waits for the head's lock.</summary>
    internal const int MaxGuesses = 4;

    // The head as this instance last saw it: after its last append, or as a try that lost brought it back. Only the
    // committer of _appends reads or writes it (one at a time, under its lock's memory barriers).
    private AuditHead? _knownHead;

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
        Sql.QuerySingle(transaction, HeadSql + " FOR UPDATE", ReadHead) ?? throw MissingHead();

    private static StorageException MissingHead() =>
        new("The audit trail's head row is missing: the database's audit_head table was altered. Run Recrypt.Service audit verify.");

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
    public static AuditHead ReadHead(NpgsqlTransaction transaction) => Sql.QuerySingle(transaction, HeadSql, ReadHead) ?? AuditHead.Genesis;

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
            var records = AppendAfterGuesses(events) ?? Sql.InTransaction(_dataSource, transaction => AppendLocked(transaction, events));
            _knownHead = new AuditHead(records[^1].Id, records[^1].Hash);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Record = records[i];
            }
        }
        catch (Exception exception)
        {
            _knownHead = null;
            foreach (var pending in batch)
            {
                pending.Failure = exception;
            }
        }
    }

    /// <summary>The events chained after a guessed head and stored, or null when the head kept moving for <see cref="MaxGuesses"/> tries.</summary>
    private AuditRecord[]? AppendAfterGuesses(List<AuditEvent> events)
    {
        for (var guess = 0; guess < MaxGuesses; guess++)
        {
            var head = _knownHead ??= Head();
            var records = Chain(head, events);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var (stored, current) = StoreIfHeadIs(head, records);
            Observability.RecryptMetrics.StorageWrite("PostgreSQL", started);
            _knownHead = current;
            Observability.RecryptMetrics.AuditAppendTry(stored ? "stored" : "head moved");
            if (stored)
            {
                return records;
            }
        }
        Observability.RecryptMetrics.AuditAppendTry("locked");
        return null;
    }

    /// <summary>
    /// One round trip, one implicit transaction: moves the head from <paramref name="head"/> to the last of
    /// <paramref name="records"/> and inserts them, or, when the head is elsewhere, changes nothing; returns whether it
    /// stored them, and the head as it stands after (the next guess when it did not).
    /// </summary>
    private (bool Stored, AuditHead Current) StoreIfHeadIs(AuditHead head, AuditRecord[] records)
    {
        var last = records[^1];
        using var connection = _dataSource.OpenConnection();
        using var batch = new NpgsqlBatch(connection);
        // The update waits for the head's lock while another writer holds it, then finds the head moved (and changes nothing).
        var move = Sql.BatchCommand(MoveHeadSql, [last.Id, last.Hash, head.Sequence, head.Hash]);
        batch.BatchCommands.Add(move);
        foreach (var record in records)
        {
            batch.BatchCommands.Add(Sql.BatchCommand(InsertIfHeadMovedSql, [.. Values(record), last.Id, last.Hash]));
        }
        // Last, and the only statement with rows: the reader stands on them from the start.
        batch.BatchCommands.Add(Sql.BatchCommand(HeadSql, []));
        AuditHead current;
        using (var reader = batch.ExecuteReader())
        {
            current = reader.Read() ? ReadHead(reader) : throw MissingHead();
            while (reader.NextResult())
            {
            }
        }
        return (move.RecordsAffected == 1, current);
    }

    // The head moves from where the chain was computed from ($3, $4) to its last record ($1, $2), or stays.
    private const string MoveHeadSql = "UPDATE audit_head SET sequence = $1, hash = $2 WHERE id = 1 AND sequence = $3 AND hash = $4";

    // A record is inserted only when the head stands on the batch's last record ($11, $12), which only this batch's own
    // update can have put there (a hash names its whole chain).
    private const string InsertIfHeadMovedSql = $"""
        INSERT INTO audit_log ({Columns}) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
        WHERE EXISTS (SELECT 1 FROM audit_head WHERE id = 1 AND sequence = $11 AND hash = $12)
        """;

    private const string HeadSql = "SELECT sequence, hash FROM audit_head WHERE id = 1";

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

    public AuditHead Head() => Sql.QuerySingle(_dataSource, HeadSql, ReadHead) ?? AuditHead.Genesis;

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
