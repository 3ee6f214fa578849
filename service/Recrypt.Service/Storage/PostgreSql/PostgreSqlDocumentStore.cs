using Npgsql;
using Recrypt.Service.Documents;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary><see cref="IDocumentStore"/> on PostgreSQL: <c>documents</c>.</summary>
internal sealed class PostgreSqlDocumentStore(NpgsqlDataSource dataSource) : IDocumentStore
{
    private const string Columns = "id, owner_id, encrypted_value, key_version, created_at";

    /// <summary>The statement that stores a new document key, with <see cref="Values"/> (also run by <c>migrate</c>).</summary>
    internal const string InsertSql = $"INSERT INTO documents ({Columns}) VALUES ($1, $2, $3, $4, $5)";

    public void Add(DocumentRecord document) => Sql.Execute(dataSource, InsertSql, Values(document));

    internal static object?[] Values(DocumentRecord document) =>
        [document.Id, document.OwnerId, document.EncryptedValue, document.KeyVersion, document.CreatedAt];

    public DocumentRecord? Find(string id) =>
        Sql.QuerySingle(dataSource, $"SELECT {Columns} FROM documents WHERE id = $1", Read, id);

    public bool Update(DocumentRecord document) =>
        Sql.Execute(dataSource, "UPDATE documents SET owner_id = $2, encrypted_value = $3, key_version = $4, created_at = $5 WHERE id = $1",
            document.Id, document.OwnerId, document.EncryptedValue, document.KeyVersion, document.CreatedAt) == 1;

    public IReadOnlyList<DocumentRecord> ListByOwner(string ownerId) =>
        Sql.Query(dataSource, $"SELECT {Columns} FROM documents WHERE owner_id = $1 ORDER BY created_at, id COLLATE \"C\"", Read, ownerId);

    public bool Delete(string id) => Sql.Execute(dataSource, "DELETE FROM documents WHERE id = $1", id) == 1;

    private static DocumentRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        OwnerId = reader.GetString(1),
        EncryptedValue = reader.GetFieldValue<byte[]>(2),
        KeyVersion = reader.GetInt32(3),
        CreatedAt = reader.GetDateTime(4),
    };
}
