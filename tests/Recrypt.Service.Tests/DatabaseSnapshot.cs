using LiteDB;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Tests;

/// <summary>
/// Everything a service has stored, as one string, to assert that a refused request changed nothing, on
/// either provider. Nonces are left out: a request whose signature verifies spends its nonce whatever its answer.
/// So is the audit trail, which records refusals by design (<see cref="AuditTests"/> checks what it records).
/// </summary>
public static class DatabaseSnapshot
{
    // Every PostgreSQL table but the nonces, each row as text, in a fixed order.
    private static readonly string[] s_tables =
        ["identities", "key_versions", "grants", "documents", "service_keys", "seed_identities", "seed_grants", "seed_keys",
            "groups", "group_key_versions", "group_admins", "group_members", "group_grants", "schema_migrations"];

    public static string Take<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        if (factory.Services.GetRequiredService<StorageOptions>().Provider == StorageProvider.PostgreSQL)
        {
            return TakePostgreSql(factory.Services.GetRequiredService<NpgsqlDataSource>());
        }
        var database = factory.Services.GetRequiredService<ILiteDatabase>();
        var collections = database.GetCollectionNames()
            .Where(name => name is not ("nonces" or Storage.LiteDb.LiteDbAuditStore.CollectionName or Storage.LiteDb.LiteDbAuditStore.HeadCollectionName))
            .Order(StringComparer.Ordinal)
            .Select(name => name + ":\n" + string.Join('\n', database.GetCollection(name).FindAll()
                .Select(document => JsonSerializer.Serialize(document))
                .Order(StringComparer.Ordinal)));
        return string.Join("\n\n", collections);
    }

    private static string TakePostgreSql(NpgsqlDataSource dataSource)
    {
        var sql = "SELECT concat_ws(E'\\n\\n', "
            + string.Join(", ", s_tables.Select(table =>
                $"'{table}:' || E'\\n' || coalesce((SELECT string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\") FROM {table} t), '')"))
            + ")";
        using var command = dataSource.CreateCommand(sql);
        return (string)command.ExecuteScalar()!;
    }
}
