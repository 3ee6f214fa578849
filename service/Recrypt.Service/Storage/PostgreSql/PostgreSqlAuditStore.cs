using Npgsql;
using Recrypt.Service.Audit;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <see cref="IAuditStore"/> on PostgreSQL: <c>audit_log</c> and its head row <c>audit_head</c>. The database chains
/// every record (the <c>audit_append</c> function, migration 5): it locks the head row, hashes the record's canonical
/// form from the fields the service sends, inserts the record and moves the head, with no round trip in between. A
/// store records the event of a change by calling <see cref="Append(NpgsqlTransaction, AuditEvent)"/> in the change's
/// transaction; the head row stays locked until that transaction ends, so every instance's appends take turns and the
/// chain has one order, the commit order.
/// </summary>
/// <remarks>
/// An event that changes nothing else (every document fetch records one) is appended by <see cref="Append(AuditEvent)"/>,
/// which takes the events of concurrent requests together (<see cref="GroupCommit{TItem}"/>) into one round trip and one
/// transaction. Another instance appending at the same moment waits for the head's lock for as long as that
/// transaction takes to commit, and then appends after it: no instance ever computes a chain that another has
/// overtaken. The service checks each hash the database computed against its own reckoning of the record, so a
/// database that chains differently is caught at the first append.
/// </remarks>
internal sealed class PostgreSqlAuditStore : IAuditStore
{
    private const string Columns = "sequence, at, type, actor, subjects, concerns, outcome, request_id, previous_hash, hash";

    /// <summary>The most events appended in one batch.</summary>
    internal const int MaxBatchSize = 64;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommit<PendingAppend> _appends;

    public PostgreSqlAuditStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _appends = new GroupCommit<PendingAppend>(AppendBatch, MaxBatchSize);
    }

    /// <summary>Appends <paramref name="audit"/> to the chain inside <paramref name="transaction"/> (the change's own).</summary>
    public static AuditRecord Append(NpgsqlTransaction transaction, AuditEvent audit) => AppendAll(transaction.Connection!, transaction, [audit])[0];

    /// <summary>
    /// Appends <paramref name="events"/> in one round trip, in <paramref name="transaction"/> (or in the batch's own): the
    /// database chains each after the head and leaves the head locked until the transaction ends.
    /// </summary>
    private static AuditRecord[] AppendAll(NpgsqlConnection connection, NpgsqlTransaction? transaction, List<AuditEvent> events)
    {
        var records = new AuditRecord[events.Count];
        var bodies = new byte[events.Count][];
        using var batch = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i] = AuditRecord.Unchained(events[i]);
            bodies[i] = record.CanonicalBody();
            batch.BatchCommands.Add(Sql.BatchCommand(AppendSql,
                [record.At, record.Type, record.Actor, record.Subjects, record.Concerns, record.Outcome, record.RequestId, bodies[i]]));
        }
        using var reader = batch.ExecuteReader();
        for (var i = 0; i < records.Length; i++)
        {
            if ((i > 0 && !reader.NextResult()) || !reader.Read() || reader.IsDBNull(0))
            {
                throw MissingHead();
            }
            var record = records[i];
            record.Id = reader.GetInt64(0);
            record.PreviousHash = reader.GetFieldValue<byte[]>(1);
            record.Hash = reader.GetFieldValue<byte[]>(2);
            if (!record.ComputeHash(bodies[i]).AsSpan().SequenceEqual(record.Hash))
            {
                throw new StorageException(
                    $"PostgreSQL chained audit record {record.Id} with a hash that is not its canonical form's: the database's audit_append function was altered.");
            }
        }
        return records;
    }

    // The database's append (migration 5): the record's fields, and its canonical body for the hash.
    private const string AppendSql = "SELECT appended_sequence, appended_previous_hash, appended_hash FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8)";

    private static StorageException MissingHead() =>
        new("The audit trail's head row is missing: the database's audit_head table was altered. Run Recrypt.Service audit verify.");

    /// <summary>The statement that stores a record, with <see cref="Values"/> (also run by <c>migrate</c>, which copies records verbatim).</summary>
    internal const string InsertSql = $"INSERT INTO audit_log ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    /// <summary>The statement that moves the chain's head: its sequence ($1) and hash ($2).</summary>
    internal const string SetHeadSql = "UPDATE audit_head SET sequence = $1, hash = $2 WHERE id = 1";

    private const string HeadSql = "SELECT sequence, hash FROM audit_head WHERE id = 1";

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
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            AuditRecord[] records;
            using (var connection = _dataSource.OpenConnection())
            {
                records = AppendAll(connection, null, batch.ConvertAll(pending => pending.Event));
            }
            Observability.RecryptMetrics.StorageWrite("PostgreSQL", started);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Record = records[i];
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Failure = exception;
            }
        }
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
