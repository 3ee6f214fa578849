using Npgsql;
using Recrypt.Service.Compatibility;
using Recrypt.Service.Grants;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL columns sealed with the <see cref="KeyEncryptionKeys"/> (the counterpart of
/// <see cref="SealedValues.Fields"/>), and sealing all of them again with the current key: <c>kek rotate</c>.
/// </summary>
internal static class PostgreSqlSealedValues
{
    /// <summary>A sealed column: its table, the key columns that name a row, and the record id its values are bound to.</summary>
    public sealed record Column(string Table, string Name, string Collection, string[] KeyColumns, Func<string[], string> RecordId);

    /// <summary>Every secret the database holds.</summary>
    public static readonly IReadOnlyList<Column> Columns =
    [
        new("grants", "transform_key", GrantRecord.SealedCollection, ["owner_id", "grantee_id"], key => GrantRecord.IdOf(key[0], key[1])),
        new("seed_grants", "transform_key", SeedGrantRecord.SealedCollection, ["id"], key => key[0]),
        new("service_keys", "signing_key_pair", SealedValues.ServiceCollection, ["id"], key => key[0]),
    ];

    /// <summary>
    /// Opens every sealed value with whichever of <paramref name="keys"/> sealed it and seals it with the current
    /// key, in one transaction; a value already sealed with the current key is left as it is, so running it
    /// again does nothing. Instances may run meanwhile, provided they were given both keys: a row one of
    /// them replaces in between (sealed with the current key) is not overwritten. Returns how many were sealed again.
    /// </summary>
    public static int Reseal(NpgsqlDataSource dataSource, KeyEncryptionKeys keys) => Sql.InTransaction(dataSource, transaction =>
    {
        var count = 0;
        foreach (var column in Columns)
        {
            var keyList = string.Join(", ", column.KeyColumns);
            var rows = new List<(string[] Key, byte[] Sealed)>();
            using (var select = Sql.Command(transaction, $"SELECT {keyList}, {column.Name} FROM {column.Table}"))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add(([.. column.KeyColumns.Select((_, i) => reader.GetString(i))], reader.GetFieldValue<byte[]>(column.KeyColumns.Length)));
                }
            }
            var match = string.Join(" AND ", column.KeyColumns.Select((name, i) => $"{name} = ${i + 3}"));
            foreach (var (key, sealedValue) in rows.Where(row => !keys.IsCurrent(row.Sealed)))
            {
                var id = column.RecordId(key);
                var clear = keys.Open(sealedValue, column.Collection, id);
                byte[] resealed;
                try
                {
                    resealed = keys.Seal(clear, column.Collection, id);
                }
                finally
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(clear);
                }
                count += Sql.Execute(transaction, $"UPDATE {column.Table} SET {column.Name} = $1 WHERE {column.Name} = $2 AND {match}",
                    [resealed, sealedValue, .. key]);
            }
        }
        return count;
    });
}
