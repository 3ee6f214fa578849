using Npgsql;
using Recrypt.Service.Documents;
using Recrypt.Service.Grants;
using Recrypt.Service.Groups;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <see cref="IAccessReader"/> on PostgreSQL: the document key, the owner's grant to the caller and the caller's group
/// paths from the owner in one round trip (a batch of the stores' own queries, the owner taken from the document row).
/// </summary>
internal sealed class PostgreSqlAccessReader(NpgsqlDataSource dataSource, PostgreSqlGrantStore grants, PostgreSqlGroupStore groups) : IAccessReader
{
    // $1 the document's id, $2 the caller's.
    private const string Owner = "(SELECT owner_id FROM documents WHERE id = $1)";

    public async ValueTask<AccessRows?> ReadAsync(string documentId, string callerId)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Sql.BatchCommand(PostgreSqlDocumentStore.FindSql, [documentId]));
        batch.BatchCommands.Add(Sql.BatchCommand(PostgreSqlGrantStore.FindSql(Owner, "$2"), [documentId, callerId]));
        batch.BatchCommands.Add(Sql.BatchCommand(PostgreSqlGroupStore.FindPathsSql(Owner, "$2"), [documentId, callerId]));
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return null;
        }
        var document = PostgreSqlDocumentStore.Read(reader);
        await reader.NextResultAsync().ConfigureAwait(false);
        GrantRecord? grant = await reader.ReadAsync().ConfigureAwait(false) ? grants.Read(reader) : null;
        await reader.NextResultAsync().ConfigureAwait(false);
        var paths = new List<GroupPath>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            paths.Add(groups.ReadPath(reader));
        }
        return new AccessRows(document, grant, paths);
    }
}
