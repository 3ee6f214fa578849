using System.Text;
using Npgsql;
using Recrypt.Service.Audit;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary><see cref="IIdentityStore"/> on PostgreSQL: <c>identities</c>, and <c>key_versions</c> keyed by (identity, version).</summary>
internal sealed class PostgreSqlIdentityStore(NpgsqlDataSource dataSource) : IIdentityStore
{
    // A name is any string a client sent: kept as UTF-8 bytes, as LiteDB keeps it (a text column would refuse a NUL).
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public bool TryAdd(IdentityRecord identity, AuditEvent audit) => Sql.InTransaction(dataSource, transaction =>
    {
        if (!Insert(transaction, identity))
        {
            return false;
        }
        PostgreSqlAuditStore.Append(transaction, audit);
        return true;
    });

    /// <summary>Inserts <paramref name="identity"/> and its key versions in <paramref name="transaction"/>; <see langword="false"/> when its id is taken.</summary>
    internal static bool Insert(NpgsqlTransaction transaction, IdentityRecord identity)
    {
        var inserted = Sql.Execute(transaction,
            "INSERT INTO identities (id, name_utf8, signing_public_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
            identity.Id, identity.Name is null ? null : s_utf8.GetBytes(identity.Name), identity.SigningPublicKey, identity.CreatedAt);
        if (inserted == 0)
        {
            return false;
        }
        foreach (var key in identity.Keys)
        {
            Sql.Execute(transaction,
                "INSERT INTO key_versions (identity_id, version, public_key, certificate, created_at) VALUES ($1, $2, $3, $4, $5)",
                identity.Id, key.Version, key.PublicKey, key.Certificate, key.CreatedAt);
        }
        return true;
    }

    /// <summary>The query that reads identity $1 joined with its key versions, oldest first (<see cref="ReadIdentity"/> reads its rows).</summary>
    internal const string FindSql = """
        SELECT i.name_utf8, i.signing_public_key, i.created_at, k.version, k.public_key, k.certificate, k.created_at
        FROM identities i JOIN key_versions k ON k.identity_id = i.id
        WHERE i.id = $1
        ORDER BY k.version
        """;

    public IdentityRecord? Find(string id)
    {
        // One round trip: the identity joined with its key versions.
        using var command = Sql.Command(dataSource, FindSql, id);
        using var reader = command.ExecuteReader();
        return ReadIdentity(reader, id);
    }

    /// <summary>The identity <paramref name="id"/> from the rows of <see cref="FindSql"/>, or null when there are none.</summary>
    internal static IdentityRecord? ReadIdentity(NpgsqlDataReader reader, string id)
    {
        IdentityRecord? identity = null;
        while (reader.Read())
        {
            identity ??= new IdentityRecord
            {
                Id = id,
                Name = reader.IsDBNull(0) ? null : s_utf8.GetString(reader.GetFieldValue<byte[]>(0)),
                SigningPublicKey = reader.GetFieldValue<byte[]>(1),
                CreatedAt = reader.GetDateTime(2),
            };
            identity.Keys.Add(new KeyVersionRecord
            {
                Version = reader.GetInt32(3),
                PublicKey = reader.GetFieldValue<byte[]>(4),
                Certificate = reader.GetFieldValue<byte[]>(5),
                CreatedAt = reader.GetDateTime(6),
            });
        }
        return identity;
    }

    public (bool Added, IdentityRecord Identity) TryAddKeyVersion(string id, KeyVersionRecord key, AuditEvent audit)
    {
        // Inserted only when it follows the current version; two rotations to the same version meet on the
        // primary key, and the second inserts nothing (and records nothing).
        var added = Sql.InTransaction(dataSource, transaction => Sql.Execute(transaction, """
            INSERT INTO key_versions (identity_id, version, public_key, certificate, created_at)
            SELECT $1, $2, $3, $4, $5
            WHERE (SELECT max(version) FROM key_versions WHERE identity_id = $1) = $2 - 1
            ON CONFLICT (identity_id, version) DO NOTHING
            """, id, key.Version, key.PublicKey, key.Certificate, key.CreatedAt) == 1
            && PostgreSqlAuditStore.Append(transaction, audit) is not null);
        var identity = Find(id) ?? throw new InvalidOperationException($"No identity {id}.");
        return (added, identity);
    }
}
