using LiteDB;
using Recrypt.Service.Audit;
using Recrypt.Service.Groups;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary>
/// <see cref="IGroupStore"/> on LiteDB: <c>groups</c> (key versions inside each document), <c>group_admins</c>,
/// <c>group_members</c> and <c>group_grants</c>, one document per admin, member and grant. Every change is one
/// function run by the <see cref="DatabaseWriter"/>, which checks (the acting admin, the key version) and
/// writes with no other write in between; the changes that touch several documents (creation, rotation)
/// are committed whole (<see cref="DatabaseWriter.WriteAll{T}"/>). Secrets are sealed with the
/// <see cref="KeyEncryptionKeys"/>.
/// </summary>
internal sealed class LiteDbGroupStore : IGroupStore
{
    internal const string GroupsName = "groups";
    private const string AdminsName = GroupAdminRecord.SealedCollection;
    private const string MembersName = GroupMemberRecord.SealedCollection;
    private const string GrantsName = GroupGrantRecord.SealedCollection;

    private readonly DatabaseWriter _writer;
    private readonly KeyEncryptionKeys _keys;

    public LiteDbGroupStore(DatabaseWriter writer, KeyEncryptionKeys keys)
    {
        _writer = writer;
        _keys = keys;
        writer.Write(database =>
        {
            Admins(database).EnsureIndex(admin => admin.GroupId);
            Admins(database).EnsureIndex(admin => admin.IdentityId);
            Members(database).EnsureIndex(member => member.GroupId);
            Members(database).EnsureIndex(member => member.MemberId);
            return Grants(database).EnsureIndex(grant => grant.OwnerId);
        });
    }

    private ILiteDatabase Database => _writer.Database;

    public bool TryCreate(GroupRecord group, GroupAdminRecord creator, AuditEvent audit)
    {
        var admin = SealedAdmin(creator);
        return _writer.WriteAll(database =>
        {
            if (Groups(database).FindById(group.Id) is not null)
            {
                return false;
            }
            Groups(database).Insert(group);
            Admins(database).Insert(admin);
            LiteDbAuditStore.Append(database, audit);
            return true;
        });
    }

    public GroupRecord? Find(string groupId) => Groups(Database).FindById(groupId);

    public GroupAdminRecord? FindAdmin(string groupId, string identityId) => OpenedAdmin(Admins(Database).FindById(GroupAdminRecord.IdOf(groupId, identityId)));

    public IReadOnlyList<GroupAdminRecord> ListAdmins(string groupId) =>
        [.. Admins(Database).Find(admin => admin.GroupId == groupId).OrderBy(admin => admin.IdentityId, StringComparer.Ordinal).Select(admin => OpenedAdmin(admin)!)];

    public IReadOnlyList<GroupMemberRecord> ListMembers(string groupId) =>
        [.. Members(Database).Find(member => member.GroupId == groupId).OrderBy(member => member.MemberId, StringComparer.Ordinal).Select(member => OpenedMember(member)!)];

    public IReadOnlyList<string> ListGroupIdsOf(string identityId) =>
        [.. Admins(Database).Find(admin => admin.IdentityId == identityId).Select(admin => admin.GroupId)
            .Concat(Members(Database).Find(member => member.MemberId == identityId).Select(member => member.GroupId))
            .Distinct()];

    public GroupChange PutMember(string actingAdminId, GroupMemberRecord member, AuditEvent audit)
    {
        var stored = SealedMember(member);
        return _writer.WriteAll(database => Recorded(database, audit, () =>
        {
            var check = CheckAdmin(database, member.GroupId, actingAdminId, out var group);
            if (check != GroupChange.Done)
            {
                return check;
            }
            if (group!.CurrentKey.Version != member.GroupKeyVersion)
            {
                return GroupChange.StaleKeyVersion;
            }
            Members(database).Upsert(stored);
            return GroupChange.Done;
        }));
    }

    public GroupChange RemoveMember(string actingId, string groupId, string memberId, AuditEvent audit) => _writer.WriteAll(database => Recorded(database, audit, () =>
    {
        if (Groups(database).FindById(groupId) is null)
        {
            return GroupChange.GroupNotFound;
        }
        if (actingId != memberId && Admins(database).FindById(GroupAdminRecord.IdOf(groupId, actingId)) is null)
        {
            return GroupChange.NotAnAdmin;
        }
        return Members(database).Delete(GroupMemberRecord.IdOf(groupId, memberId)) ? GroupChange.Done : GroupChange.NotFound;
    }));

    public GroupChange PutAdmin(string actingAdminId, GroupAdminRecord admin, AuditEvent audit)
    {
        var stored = SealedAdmin(admin);
        return _writer.WriteAll(database => Recorded(database, audit, () =>
        {
            var check = CheckAdmin(database, admin.GroupId, actingAdminId, out var group);
            if (check != GroupChange.Done)
            {
                return check;
            }
            if (group!.CurrentKey.Version != admin.GroupKeyVersion)
            {
                return GroupChange.StaleKeyVersion;
            }
            Admins(database).Upsert(stored);
            return GroupChange.Done;
        }));
    }

    public GroupChange RemoveAdmin(string actingAdminId, string groupId, string adminId, AuditEvent audit) => _writer.WriteAll(database => Recorded(database, audit, () =>
    {
        var check = CheckAdmin(database, groupId, actingAdminId, out _);
        if (check != GroupChange.Done)
        {
            return check;
        }
        var admins = Admins(database);
        if (admins.FindById(GroupAdminRecord.IdOf(groupId, adminId)) is null)
        {
            return GroupChange.NotFound;
        }
        if (admins.Count(admin => admin.GroupId == groupId) == 1)
        {
            return GroupChange.LastAdmin;
        }
        admins.Delete(GroupAdminRecord.IdOf(groupId, adminId));
        return GroupChange.Done;
    }));

    public GroupChange Rotate(
        string actingAdminId, string groupId, GroupKeyVersionRecord key, IReadOnlyList<GroupAdminRecord> admins, IReadOnlyList<GroupMemberRecord> members, AuditEvent audit)
    {
        var storedAdmins = admins.Select(SealedAdmin).ToList();
        var storedMembers = members.Select(SealedMember).ToList();
        return _writer.WriteAll(database => Recorded(database, audit, () =>
        {
            var check = CheckAdmin(database, groupId, actingAdminId, out var group);
            if (check != GroupChange.Done)
            {
                return check;
            }
            if (key.Version != group!.CurrentKey.Version + 1)
            {
                return GroupChange.StaleKeyVersion;
            }
            var currentAdmins = Admins(database).Find(admin => admin.GroupId == groupId).Select(admin => admin.IdentityId).ToHashSet(StringComparer.Ordinal);
            var currentMembers = Members(database).Find(member => member.GroupId == groupId).Select(member => member.MemberId).ToHashSet(StringComparer.Ordinal);
            if (!currentAdmins.SetEquals(admins.Select(admin => admin.IdentityId)) || !currentMembers.SetEquals(members.Select(member => member.MemberId)))
            {
                return GroupChange.MembershipChanged;
            }
            group.Keys.Add(key);
            Groups(database).Update(group);
            foreach (var admin in storedAdmins)
            {
                Admins(database).Update(admin);
            }
            foreach (var member in storedMembers)
            {
                Members(database).Update(member);
            }
            return GroupChange.Done;
        }));
    }

    public (bool Created, AuditRecord Audit) UpsertGrant(GroupGrantRecord grant, AuditEvent audit)
    {
        var stored = grant.Copy();
        stored.TransformKey = _keys.Seal(grant.TransformKey, GrantsName, grant.Id);
        return _writer.WriteAll(database =>
        {
            var created = Grants(database).Upsert(stored);
            return (created, LiteDbAuditStore.Append(database, audit));
        });
    }

    public GroupGrantRecord? FindGrant(string ownerId, string groupId) => OpenedGrant(Grants(Database).FindById(GroupGrantRecord.IdOf(ownerId, groupId)));

    public IReadOnlyList<GroupGrantRecord> ListGrantsByOwner(string ownerId) =>
        [.. Grants(Database).Find(grant => grant.OwnerId == ownerId)
            .OrderBy(grant => grant.CreatedAt).ThenBy(grant => grant.GroupId, StringComparer.Ordinal)
            .Select(grant => OpenedGrant(grant)!)];

    public AuditRecord? DeleteGrant(string ownerId, string groupId, AuditEvent audit) => _writer.WriteAll(database =>
        Grants(database).Delete(GroupGrantRecord.IdOf(ownerId, groupId)) ? LiteDbAuditStore.Append(database, audit) : null);

    public IReadOnlyList<GroupPath> FindPaths(string ownerId, string memberId)
    {
        var paths = new List<GroupPath>();
        foreach (var member in Members(Database).Find(member => member.MemberId == memberId))
        {
            if (Grants(Database).FindById(GroupGrantRecord.IdOf(ownerId, member.GroupId)) is { } grant)
            {
                paths.Add(new GroupPath(OpenedGrant(grant)!, OpenedMember(member)!));
            }
        }
        return paths;
    }

    /// <summary>Runs <paramref name="change"/> in the write, and appends <paramref name="audit"/> there when it is made.</summary>
    private static GroupChange Recorded(ILiteDatabase database, AuditEvent audit, Func<GroupChange> change)
    {
        var result = change();
        if (result == GroupChange.Done)
        {
            LiteDbAuditStore.Append(database, audit);
        }
        return result;
    }

    /// <summary>Whether the group exists and <paramref name="actingAdminId"/> is one of its admins, read in the write.</summary>
    private static GroupChange CheckAdmin(ILiteDatabase database, string groupId, string actingAdminId, out GroupRecord? group)
    {
        group = Groups(database).FindById(groupId);
        return group is null ? GroupChange.GroupNotFound
            : Admins(database).FindById(GroupAdminRecord.IdOf(groupId, actingAdminId)) is null ? GroupChange.NotAnAdmin
            : GroupChange.Done;
    }

    private static ILiteCollection<GroupRecord> Groups(ILiteDatabase database) => database.GetCollection<GroupRecord>(GroupsName);

    private static ILiteCollection<GroupAdminRecord> Admins(ILiteDatabase database) => database.GetCollection<GroupAdminRecord>(AdminsName);

    private static ILiteCollection<GroupMemberRecord> Members(ILiteDatabase database) => database.GetCollection<GroupMemberRecord>(MembersName);

    private static ILiteCollection<GroupGrantRecord> Grants(ILiteDatabase database) => database.GetCollection<GroupGrantRecord>(GrantsName);

    private GroupAdminRecord SealedAdmin(GroupAdminRecord admin)
    {
        var stored = admin.Copy();
        stored.EncryptedPlaintext = _keys.Seal(admin.EncryptedPlaintext, AdminsName, admin.Id);
        return stored;
    }

    private GroupMemberRecord SealedMember(GroupMemberRecord member)
    {
        var stored = member.Copy();
        stored.TransformKey = _keys.Seal(member.TransformKey, MembersName, member.Id);
        return stored;
    }

    private GroupAdminRecord? OpenedAdmin(GroupAdminRecord? stored)
    {
        if (stored is not null)
        {
            stored.EncryptedPlaintext = _keys.Open(stored.EncryptedPlaintext, AdminsName, stored.Id);
        }
        return stored;
    }

    private GroupMemberRecord? OpenedMember(GroupMemberRecord? stored)
    {
        if (stored is not null)
        {
            stored.TransformKey = _keys.Open(stored.TransformKey, MembersName, stored.Id);
        }
        return stored;
    }

    private GroupGrantRecord? OpenedGrant(GroupGrantRecord? stored)
    {
        if (stored is not null)
        {
            stored.TransformKey = _keys.Open(stored.TransformKey, GrantsName, stored.Id);
        }
        return stored;
    }
}
