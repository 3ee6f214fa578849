using Npgsql;
using Recrypt.Service.Audit;
using Recrypt.Service.Grants;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary><see cref="IGrantStore"/> on PostgreSQL: <c>grants</c>, keyed by (owner, grantee), transform keys sealed.</summary>
internal sealed class PostgreSqlGrantStore(NpgsqlDataSource dataSource, KeyEncryptionKeys keys) : IGrantStore
{
    private const string Columns = "owner_id, grantee_id, transform_key, owner_key_version, grantee_key_version, created_at";

    /// <summary>The statement that stores a new grant, with <see cref="Values"/> (also run by <c>migrate</c>).</summary>
    internal const string InsertSql = $"INSERT INTO grants ({Columns}) VALUES ($1, $2, $3, $4, $5, $6)";

    public (bool Created, AuditRecord Audit) Upsert(GrantRecord grant, AuditEvent audit)
    {
        var sealedKey = keys.Seal(grant.TransformKey, GrantRecord.SealedCollection, grant.Id);
        // xmax is 0 on a row this statement inserted, and the updating transaction's id on one it replaced.
        return Sql.InTransaction(dataSource, transaction =>
        {
            using var command = Sql.Command(transaction, $"""
            {InsertSql}
            ON CONFLICT (owner_id, grantee_id) DO UPDATE SET
                transform_key = EXCLUDED.transform_key,
                owner_key_version = EXCLUDED.owner_key_version,
                grantee_key_version = EXCLUDED.grantee_key_version,
                created_at = EXCLUDED.created_at
            RETURNING xmax = 0
            """, Values(grant, sealedKey));
            var created = (bool)command.ExecuteScalar()!;
            return (created, PostgreSqlAuditStore.Append(transaction, audit));
        });
    }

    /// <summary>The values of <see cref="InsertSql"/>: <paramref name="grant"/> with its transform key as sealed.</summary>
    internal static object?[] Values(GrantRecord grant, byte[] sealedTransformKey) =>
        [grant.OwnerId, grant.GranteeId, sealedTransformKey, grant.OwnerKeyVersion, grant.GranteeKeyVersion, grant.CreatedAt];

    public GrantRecord? Find(string ownerId, string granteeId) =>
        Sql.QuerySingle(dataSource, $"SELECT {Columns} FROM grants WHERE owner_id = $1 AND grantee_id = $2", Read, ownerId, granteeId);

    public IReadOnlyList<GrantRecord> ListByOwner(string ownerId) =>
        Sql.Query(dataSource, $"SELECT {Columns} FROM grants WHERE owner_id = $1 ORDER BY created_at, grantee_id COLLATE \"C\"", Read, ownerId);

    public AuditRecord? Delete(string ownerId, string granteeId, AuditEvent audit) => Sql.InTransaction(dataSource, transaction =>
        Sql.Execute(transaction, "DELETE FROM grants WHERE owner_id = $1 AND grantee_id = $2", ownerId, granteeId) == 1
            ? PostgreSqlAuditStore.Append(transaction, audit)
            : null);

    private GrantRecord Read(NpgsqlDataReader reader)
    {
        var (ownerId, granteeId) = (reader.GetString(0), reader.GetString(1));
        var id = GrantRecord.IdOf(ownerId, granteeId);
        return new GrantRecord
        {
            Id = id,
            OwnerId = ownerId,
            GranteeId = granteeId,
            TransformKey = keys.Open(reader.GetFieldValue<byte[]>(2), GrantRecord.SealedCollection, id),
            OwnerKeyVersion = reader.GetInt32(3),
            GranteeKeyVersion = reader.GetInt32(4),
            CreatedAt = reader.GetDateTime(5),
        };
    }
}
