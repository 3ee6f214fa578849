using Npgsql;
using Recrypt.Service.Audit;
using Recrypt.Service.Documents;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary><see cref="IDocumentStore"/> on PostgreSQL: <c>documents</c>.</summary>
internal sealed class PostgreSqlDocumentStore(NpgsqlDataSource dataSource) : IDocumentStore
{
    private const string Columns = "id, owner_id, encrypted_value, key_version, created_at";

    /// <summary>The statement that stores a new document key, with <see cref="Values"/> (also run by <c>migrate</c>).</summary>
    internal const string InsertSql = $"INSERT INTO documents ({Columns}) VALUES ($1, $2, $3, $4, $5)";

    public void Add(DocumentRecord document, AuditEvent audit) => Sql.InTransaction(dataSource, transaction =>
    {
        Sql.Execute(transaction, InsertSql, Values(document));
        return PostgreSqlAuditStore.Append(transaction, audit);
    });

    internal static object?[] Values(DocumentRecord document) =>
        [document.Id, document.OwnerId, document.EncryptedValue, document.KeyVersion, document.CreatedAt];

    public DocumentRecord? Find(string id) =>
        Sql.QuerySingle(dataSource, $"SELECT {Columns} FROM documents WHERE id = $1", Read, id);

    public bool Update(DocumentRecord document, AuditEvent audit) => Sql.InTransaction(dataSource, transaction =>
        Sql.Execute(transaction, "UPDATE documents SET owner_id = $2, encrypted_value = $3, key_version = $4, created_at = $5 WHERE id = $1",
            document.Id, document.OwnerId, document.EncryptedValue, document.KeyVersion, document.CreatedAt) == 1
        && PostgreSqlAuditStore.Append(transaction, audit) is not null);

    public IReadOnlyList<DocumentRecord> ListByOwner(string ownerId) =>
        Sql.Query(dataSource, $"SELECT {Columns} FROM documents WHERE owner_id = $1 ORDER BY created_at, id COLLATE \"C\"", Read, ownerId);

    public bool Delete(string id, AuditEvent audit) => Sql.InTransaction(dataSource, transaction =>
        Sql.Execute(transaction, "DELETE FROM documents WHERE id = $1", id) == 1
        && PostgreSqlAuditStore.Append(transaction, audit) is not null);

    private static DocumentRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        OwnerId = reader.GetString(1),
        EncryptedValue = reader.GetFieldValue<byte[]>(2),
        KeyVersion = reader.GetInt32(3),
        CreatedAt = reader.GetDateTime(4),
    };
}
