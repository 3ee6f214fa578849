using Npgsql;
using Recrypt.Service.Audit;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <see cref="IAuditStore"/> on PostgreSQL: <c>audit_log</c> and its head row <c>audit_head</c>. A store
/// records the event of a change by calling <see cref="Append(NpgsqlTransaction, AuditEvent)"/> in the change's transaction; the head row,
/// locked <c>FOR UPDATE</c> until that transaction ends, makes every instance's appends take turns.
/// </summary>
internal sealed class PostgreSqlAuditStore(NpgsqlDataSource dataSource) : IAuditStore
{
    private const string Columns = "sequence, at, type, actor, subjects, concerns, outcome, request_id, previous_hash, hash";

    /// <summary>Appends <paramref name="audit"/> to the chain inside <paramref name="transaction"/> (the change's own).</summary>
    public static AuditRecord Append(NpgsqlTransaction transaction, AuditEvent audit)
    {
        var head = Sql.QuerySingle(transaction, "SELECT sequence, hash FROM audit_head WHERE id = 1 FOR UPDATE", ReadHead)
            ?? throw new StorageException("The audit trail's head row is missing: the database's audit_head table was altered. Run Recrypt.Service audit verify.");
        var record = AuditRecord.Chain(head, audit);
        // One round trip: the head stays locked until the transaction ends, so every instance's appends wait this long.
        Sql.ExecuteBatch(transaction, (InsertSql, Values(record)), (SetHeadSql, [record.Id, record.Hash]));
        return record;
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

    public AuditRecord Append(AuditEvent audit) => Sql.InTransaction(dataSource, transaction => Append(transaction, audit));

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
        return Sql.Query(dataSource, sql, Read, values);
    }

    public AuditHead Head() => Sql.QuerySingle(dataSource, "SELECT sequence, hash FROM audit_head WHERE id = 1", ReadHead) ?? AuditHead.Genesis;

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
