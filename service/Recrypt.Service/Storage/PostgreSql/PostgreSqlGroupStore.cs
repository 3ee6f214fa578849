using System.Text;
using Npgsql;
using Recrypt.Service.Audit;
using Recrypt.Service.Groups;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <see cref="IGroupStore"/> on PostgreSQL: <c>groups</c>, <c>group_key_versions</c>, <c>group_admins</c>,
/// <c>group_members</c> and <c>group_grants</c> (migration 2). Every change of a group is one transaction that
/// first locks the group's row, so the changes of one group (on any instance) take turns and each checks the
/// acting admin and the key version as they are when it writes. Secrets are sealed.
/// </summary>
internal sealed class PostgreSqlGroupStore(NpgsqlDataSource dataSource, KeyEncryptionKeys keys) : IGroupStore
{
    private const string AdminColumns = "group_id, identity_id, encrypted_plaintext, group_key_version, added_at";
    private const string MemberColumns = "group_id, member_id, transform_key, group_key_version, member_key_version, added_at";
    private const string GrantColumns = "owner_id, group_id, transform_key, owner_key_version, group_key_version, created_at";

    // The plain inserts of each table (the store's own writes and `migrate`); values in column order, secrets sealed.
    internal const string InsertGroupSql = "INSERT INTO groups (id, name_utf8, creator_id, salt, created_at) VALUES ($1, $2, $3, $4, $5)";
    internal const string InsertKeySql =
        "INSERT INTO group_key_versions (group_id, version, public_key, certificate, certified_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    internal const string InsertAdminSql = $"INSERT INTO group_admins ({AdminColumns}) VALUES ($1, $2, $3, $4, $5)";
    internal const string InsertMemberSql = $"INSERT INTO group_members ({MemberColumns}) VALUES ($1, $2, $3, $4, $5, $6)";
    internal const string InsertGrantSql = $"INSERT INTO group_grants ({GrantColumns}) VALUES ($1, $2, $3, $4, $5, $6)";

    /// <summary>A group's name as stored (UTF-8 bytes: any string a client sends is kept).</summary>
    internal static byte[] NameBytes(string name) => s_utf8.GetBytes(name);

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public bool TryCreate(GroupRecord group, GroupAdminRecord creator, AuditEvent audit) => Sql.InTransaction(dataSource, transaction =>
    {
        var inserted = Sql.Execute(transaction,
            InsertGroupSql + " ON CONFLICT (id) DO NOTHING",
            group.Id, NameBytes(group.Name), group.CreatorId, group.Salt, group.CreatedAt);
        if (inserted == 0)
        {
            return false;
        }
        InsertKey(transaction, group.Id, group.Keys[0]);
        InsertAdmin(transaction, creator);
        PostgreSqlAuditStore.Append(transaction, audit);
        return true;
    });

    public GroupRecord? Find(string groupId)
    {
        GroupRecord? group = null;
        using var command = Sql.Command(dataSource, """
            SELECT g.name_utf8, g.creator_id, g.salt, g.created_at, k.version, k.public_key, k.certificate, k.certified_by, k.created_at
            FROM groups g JOIN group_key_versions k ON k.group_id = g.id
            WHERE g.id = $1
            ORDER BY k.version
            """, groupId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            group ??= new GroupRecord
            {
                Id = groupId,
                Name = s_utf8.GetString(reader.GetFieldValue<byte[]>(0)),
                CreatorId = reader.GetString(1),
                Salt = reader.GetFieldValue<byte[]>(2),
                CreatedAt = reader.GetDateTime(3),
            };
            group.Keys.Add(new GroupKeyVersionRecord
            {
                Version = reader.GetInt32(4),
                PublicKey = reader.GetFieldValue<byte[]>(5),
                Certificate = reader.GetFieldValue<byte[]>(6),
                CertifiedBy = reader.GetString(7),
                CreatedAt = reader.GetDateTime(8),
            });
        }
        return group;
    }

    public GroupAdminRecord? FindAdmin(string groupId, string identityId) =>
        Sql.QuerySingle(dataSource, $"SELECT {AdminColumns} FROM group_admins WHERE group_id = $1 AND identity_id = $2", ReadAdmin, groupId, identityId);

    public IReadOnlyList<GroupAdminRecord> ListAdmins(string groupId) =>
        Sql.Query(dataSource, $"SELECT {AdminColumns} FROM group_admins WHERE group_id = $1 ORDER BY identity_id COLLATE \"C\"", ReadAdmin, groupId);

    public IReadOnlyList<GroupMemberRecord> ListMembers(string groupId) =>
        Sql.Query(dataSource, $"SELECT {MemberColumns} FROM group_members WHERE group_id = $1 ORDER BY member_id COLLATE \"C\"", reader => ReadMember(reader, 0), groupId);

    public IReadOnlyList<string> ListGroupIdsOf(string identityId) =>
        Sql.Query(dataSource, """
            SELECT group_id FROM group_admins WHERE identity_id = $1
            UNION
            SELECT group_id FROM group_members WHERE member_id = $1
            """, reader => reader.GetString(0), identityId);

    public GroupChange PutMember(string actingAdminId, GroupMemberRecord member, AuditEvent audit)
    {
        var sealedKey = keys.Seal(member.TransformKey, GroupMemberRecord.SealedCollection, member.Id);
        return Change(member.GroupId, actingAdminId, audit, (transaction, version) =>
        {
            if (version != member.GroupKeyVersion)
            {
                return GroupChange.StaleKeyVersion;
            }
            Sql.Execute(transaction, $"""
                {InsertMemberSql}
                ON CONFLICT (group_id, member_id) DO UPDATE SET
                    transform_key = EXCLUDED.transform_key,
                    group_key_version = EXCLUDED.group_key_version,
                    member_key_version = EXCLUDED.member_key_version,
                    added_at = EXCLUDED.added_at
                """, member.GroupId, member.MemberId, sealedKey, member.GroupKeyVersion, member.MemberKeyVersion, member.AddedAt);
            return GroupChange.Done;
        });
    }

    public GroupChange RemoveMember(string actingId, string groupId, string memberId, AuditEvent audit) =>
        Change(groupId, actingId == memberId ? null : actingId, audit, (transaction, _) =>
            Sql.Execute(transaction, "DELETE FROM group_members WHERE group_id = $1 AND member_id = $2", groupId, memberId) == 1
                ? GroupChange.Done
                : GroupChange.NotFound);

    public GroupChange PutAdmin(string actingAdminId, GroupAdminRecord admin, AuditEvent audit)
    {
        var sealedPlaintext = keys.Seal(admin.EncryptedPlaintext, GroupAdminRecord.SealedCollection, admin.Id);
        return Change(admin.GroupId, actingAdminId, audit, (transaction, version) =>
        {
            if (version != admin.GroupKeyVersion)
            {
                return GroupChange.StaleKeyVersion;
            }
            Sql.Execute(transaction, $"""
                {InsertAdminSql}
                ON CONFLICT (group_id, identity_id) DO UPDATE SET
                    encrypted_plaintext = EXCLUDED.encrypted_plaintext,
                    group_key_version = EXCLUDED.group_key_version,
                    added_at = EXCLUDED.added_at
                """, admin.GroupId, admin.IdentityId, sealedPlaintext, admin.GroupKeyVersion, admin.AddedAt);
            return GroupChange.Done;
        });
    }

    public GroupChange RemoveAdmin(string actingAdminId, string groupId, string adminId, AuditEvent audit) =>
        Change(groupId, actingAdminId, audit, (transaction, _) =>
        {
            using var count = Sql.Command(transaction, "SELECT count(*), count(*) FILTER (WHERE identity_id = $2) FROM group_admins WHERE group_id = $1", groupId, adminId);
            using var reader = count.ExecuteReader();
            reader.Read();
            var (admins, isAdmin) = (reader.GetInt64(0), reader.GetInt64(1) == 1);
            reader.Close();
            if (!isAdmin)
            {
                return GroupChange.NotFound;
            }
            if (admins == 1)
            {
                return GroupChange.LastAdmin;
            }
            Sql.Execute(transaction, "DELETE FROM group_admins WHERE group_id = $1 AND identity_id = $2", groupId, adminId);
            return GroupChange.Done;
        });

    public GroupChange Rotate(
        string actingAdminId, string groupId, GroupKeyVersionRecord key, IReadOnlyList<GroupAdminRecord> admins, IReadOnlyList<GroupMemberRecord> members, AuditEvent audit)
    {
        var sealedAdmins = admins.Select(admin => keys.Seal(admin.EncryptedPlaintext, GroupAdminRecord.SealedCollection, admin.Id)).ToList();
        var sealedMembers = members.Select(member => keys.Seal(member.TransformKey, GroupMemberRecord.SealedCollection, member.Id)).ToList();
        return Change(groupId, actingAdminId, audit, (transaction, version) =>
        {
            if (key.Version != version + 1)
            {
                return GroupChange.StaleKeyVersion;
            }
            var currentAdmins = Ids(transaction, "SELECT identity_id FROM group_admins WHERE group_id = $1", groupId);
            var currentMembers = Ids(transaction, "SELECT member_id FROM group_members WHERE group_id = $1", groupId);
            if (!currentAdmins.SetEquals(admins.Select(admin => admin.IdentityId)) || !currentMembers.SetEquals(members.Select(member => member.MemberId)))
            {
                return GroupChange.MembershipChanged;
            }
            InsertKey(transaction, groupId, key);
            for (var i = 0; i < admins.Count; i++)
            {
                Sql.Execute(transaction,
                    "UPDATE group_admins SET encrypted_plaintext = $3, group_key_version = $4, added_at = $5 WHERE group_id = $1 AND identity_id = $2",
                    groupId, admins[i].IdentityId, sealedAdmins[i], admins[i].GroupKeyVersion, admins[i].AddedAt);
            }
            for (var i = 0; i < members.Count; i++)
            {
                Sql.Execute(transaction, """
                    UPDATE group_members SET transform_key = $3, group_key_version = $4, member_key_version = $5, added_at = $6
                    WHERE group_id = $1 AND member_id = $2
                    """, groupId, members[i].MemberId, sealedMembers[i], members[i].GroupKeyVersion, members[i].MemberKeyVersion, members[i].AddedAt);
            }
            return GroupChange.Done;
        });
    }

    public (bool Created, AuditRecord Audit) UpsertGrant(GroupGrantRecord grant, AuditEvent audit)
    {
        var sealedKey = keys.Seal(grant.TransformKey, GroupGrantRecord.SealedCollection, grant.Id);
        return Sql.InTransaction(dataSource, transaction =>
        {
            using var command = Sql.Command(transaction, $"""
            {InsertGrantSql}
            ON CONFLICT (owner_id, group_id) DO UPDATE SET
                transform_key = EXCLUDED.transform_key,
                owner_key_version = EXCLUDED.owner_key_version,
                group_key_version = EXCLUDED.group_key_version,
                created_at = EXCLUDED.created_at
            RETURNING xmax = 0
            """, grant.OwnerId, grant.GroupId, sealedKey, grant.OwnerKeyVersion, grant.GroupKeyVersion, grant.CreatedAt);
            var created = (bool)command.ExecuteScalar()!;
            return (created, PostgreSqlAuditStore.Append(transaction, audit));
        });
    }

    public GroupGrantRecord? FindGrant(string ownerId, string groupId) =>
        Sql.QuerySingle(dataSource, $"SELECT {GrantColumns} FROM group_grants WHERE owner_id = $1 AND group_id = $2", reader => ReadGrant(reader, 0), ownerId, groupId);

    public IReadOnlyList<GroupGrantRecord> ListGrantsByOwner(string ownerId) =>
        Sql.Query(dataSource, $"SELECT {GrantColumns} FROM group_grants WHERE owner_id = $1 ORDER BY created_at, group_id COLLATE \"C\"", reader => ReadGrant(reader, 0), ownerId);

    public AuditRecord? DeleteGrant(string ownerId, string groupId, AuditEvent audit) => Sql.InTransaction(dataSource, transaction =>
        Sql.Execute(transaction, "DELETE FROM group_grants WHERE owner_id = $1 AND group_id = $2", ownerId, groupId) == 1
            ? PostgreSqlAuditStore.Append(transaction, audit)
            : null);

    public IReadOnlyList<GroupPath> FindPaths(string ownerId, string memberId) =>
        Sql.Query(dataSource, $"""
            SELECT g.owner_id, g.group_id, g.transform_key, g.owner_key_version, g.group_key_version, g.created_at,
                   m.group_id, m.member_id, m.transform_key, m.group_key_version, m.member_key_version, m.added_at
            FROM group_members m JOIN group_grants g ON g.group_id = m.group_id AND g.owner_id = $1
            WHERE m.member_id = $2
            """, reader => new GroupPath(ReadGrant(reader, 0), ReadMember(reader, 6)), ownerId, memberId);

    /// <summary>
    /// Runs <paramref name="change"/> in a transaction holding the group's row lock, given the group's current key
    /// version, once the group is found and <paramref name="actingAdminId"/> (unless <see langword="null"/>) is an admin;
    /// appends <paramref name="audit"/> in the same transaction when the change is made.
    /// </summary>
    private GroupChange Change(string groupId, string? actingAdminId, AuditEvent audit, Func<NpgsqlTransaction, int, GroupChange> change) =>
        Sql.InTransaction(dataSource, transaction =>
        {
            using (var locked = Sql.Command(transaction, "SELECT 1 FROM groups WHERE id = $1 FOR UPDATE", groupId))
            {
                if (locked.ExecuteScalar() is null)
                {
                    return GroupChange.GroupNotFound;
                }
            }
            if (actingAdminId is not null)
            {
                using var admin = Sql.Command(transaction, "SELECT 1 FROM group_admins WHERE group_id = $1 AND identity_id = $2", groupId, actingAdminId);
                if (admin.ExecuteScalar() is null)
                {
                    return GroupChange.NotAnAdmin;
                }
            }
            using var version = Sql.Command(transaction, "SELECT max(version) FROM group_key_versions WHERE group_id = $1", groupId);
            var result = change(transaction, (int)version.ExecuteScalar()!);
            if (result == GroupChange.Done)
            {
                PostgreSqlAuditStore.Append(transaction, audit);
            }
            return result;
        });

    private static HashSet<string> Ids(NpgsqlTransaction transaction, string sql, string groupId)
    {
        using var command = Sql.Command(transaction, sql, groupId);
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static void InsertKey(NpgsqlTransaction transaction, string groupId, GroupKeyVersionRecord key) =>
        Sql.Execute(transaction, InsertKeySql, groupId, key.Version, key.PublicKey, key.Certificate, key.CertifiedBy, key.CreatedAt);

    private void InsertAdmin(NpgsqlTransaction transaction, GroupAdminRecord admin) =>
        Sql.Execute(transaction, InsertAdminSql, admin.GroupId, admin.IdentityId, keys.Seal(admin.EncryptedPlaintext, GroupAdminRecord.SealedCollection, admin.Id), admin.GroupKeyVersion, admin.AddedAt);

    private GroupAdminRecord ReadAdmin(NpgsqlDataReader reader)
    {
        var id = GroupAdminRecord.IdOf(reader.GetString(0), reader.GetString(1));
        return new GroupAdminRecord
        {
            Id = id,
            GroupId = reader.GetString(0),
            IdentityId = reader.GetString(1),
            EncryptedPlaintext = keys.Open(reader.GetFieldValue<byte[]>(2), GroupAdminRecord.SealedCollection, id),
            GroupKeyVersion = reader.GetInt32(3),
            AddedAt = reader.GetDateTime(4),
        };
    }

    private GroupMemberRecord ReadMember(NpgsqlDataReader reader, int at)
    {
        var id = GroupMemberRecord.IdOf(reader.GetString(at), reader.GetString(at + 1));
        return new GroupMemberRecord
        {
            Id = id,
            GroupId = reader.GetString(at),
            MemberId = reader.GetString(at + 1),
            TransformKey = keys.Open(reader.GetFieldValue<byte[]>(at + 2), GroupMemberRecord.SealedCollection, id),
            GroupKeyVersion = reader.GetInt32(at + 3),
            MemberKeyVersion = reader.GetInt32(at + 4),
            AddedAt = reader.GetDateTime(at + 5),
        };
    }

    private GroupGrantRecord ReadGrant(NpgsqlDataReader reader, int at)
    {
        var id = GroupGrantRecord.IdOf(reader.GetString(at), reader.GetString(at + 1));
        return new GroupGrantRecord
        {
            Id = id,
            OwnerId = reader.GetString(at),
            GroupId = reader.GetString(at + 1),
            TransformKey = keys.Open(reader.GetFieldValue<byte[]>(at + 2), GroupGrantRecord.SealedCollection, id),
            OwnerKeyVersion = reader.GetInt32(at + 3),
            GroupKeyVersion = reader.GetInt32(at + 4),
            CreatedAt = reader.GetDateTime(at + 5),
        };
    }
}
