using Npgsql;
using Recrypt.Service.Audit;
using Recrypt.Service.Compatibility;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <see cref="ISeedStore"/> on PostgreSQL: <c>seed_identities</c>, <c>seed_grants</c> (transform keys sealed), <c>seed_keys</c>;
/// each write and its audit record in one transaction.
/// </summary>
internal sealed class PostgreSqlSeedStore(NpgsqlDataSource dataSource, KeyEncryptionKeys keys) : ISeedStore
{
    // The statements that store a new record of each table, with the values each takes (also run by migrate).
    internal const string IdentityInsertSql = "INSERT INTO seed_identities (id, public_key, created_at) VALUES ($1, $2, $3)";
    internal const string GrantInsertSql = "INSERT INTO seed_grants (id, transform_key, signature_hex, created_at) VALUES ($1, $2, $3, $4)";
    internal const string KeyInsertSql = "INSERT INTO seed_keys (id, owner_id, encrypted_value, created_at) VALUES ($1, $2, $3, $4)";

    internal static object?[] Values(SeedIdentityRecord identity) => [identity.Id, identity.PublicKey, identity.CreatedAt];

    internal static object?[] Values(SeedGrantRecord grant, byte[] sealedTransformKey) => [grant.Id, sealedTransformKey, grant.SignatureHex, grant.CreatedAt];

    internal static object?[] Values(SeedKeyRecord key) => [key.Id, key.OwnerId, key.EncryptedValue, key.CreatedAt];

    public AuditRecord AddIdentity(SeedIdentityRecord identity, AuditEvent audit) => Audited(audit, IdentityInsertSql, Values(identity));

    public SeedIdentityRecord? FindIdentity(string id) => Sql.QuerySingle(dataSource,
        "SELECT public_key, created_at FROM seed_identities WHERE id = $1",
        reader => new SeedIdentityRecord { Id = id, PublicKey = reader.GetFieldValue<byte[]>(0), CreatedAt = reader.GetDateTime(1) },
        id);

    public AuditRecord PutGrant(SeedGrantRecord grant, AuditEvent audit) =>
        Audited(audit, $"""
            {GrantInsertSql}
            ON CONFLICT (id) DO UPDATE SET
                transform_key = EXCLUDED.transform_key, signature_hex = EXCLUDED.signature_hex, created_at = EXCLUDED.created_at
            """, Values(grant, keys.Seal(grant.TransformKey, SeedGrantRecord.SealedCollection, grant.Id)));

    public SeedGrantRecord? FindGrant(string ownerId, string granteeId)
    {
        var id = SeedGrantRecord.IdOf(ownerId, granteeId);
        return Sql.QuerySingle(dataSource, "SELECT transform_key, signature_hex, created_at FROM seed_grants WHERE id = $1", reader => new SeedGrantRecord
        {
            Id = id,
            TransformKey = keys.Open(reader.GetFieldValue<byte[]>(0), SeedGrantRecord.SealedCollection, id),
            SignatureHex = reader.GetString(1),
            CreatedAt = reader.GetDateTime(2),
        }, id);
    }

    public AuditRecord? DeleteGrantWithSignature(string ownerId, string granteeId, string signatureHex, AuditEvent audit) =>
        Sql.InTransaction(dataSource, transaction =>
            Sql.Execute(transaction, "DELETE FROM seed_grants WHERE id = $1 AND signature_hex = $2", SeedGrantRecord.IdOf(ownerId, granteeId), signatureHex) == 1
                ? PostgreSqlAuditStore.Append(transaction, audit)
                : null);

    public AuditRecord AddKey(SeedKeyRecord key, AuditEvent audit) => Audited(audit, KeyInsertSql, Values(key));

    public SeedKeyRecord? FindKey(string id) => Sql.QuerySingle(dataSource,
        "SELECT owner_id, encrypted_value, created_at FROM seed_keys WHERE id = $1",
        reader => new SeedKeyRecord { Id = id, OwnerId = reader.GetString(0), EncryptedValue = reader.GetFieldValue<byte[]>(1), CreatedAt = reader.GetDateTime(2) },
        id);

    /// <summary>Runs <paramref name="sql"/> and appends <paramref name="audit"/>, in one transaction.</summary>
    private AuditRecord Audited(AuditEvent audit, string sql, object?[] values) => Sql.InTransaction(dataSource, transaction =>
    {
        Sql.Execute(transaction, sql, values);
        return PostgreSqlAuditStore.Append(transaction, audit);
    });
}
