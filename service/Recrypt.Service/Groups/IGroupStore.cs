using Recrypt.Service.Audit;

namespace Recrypt.Service.Groups;

/// <summary>
/// Groups, their admins, members and the owners' grants to them. Every change of a group is one call here,
/// checked and written atomically (the acting admin's standing is checked in the same operation as the
/// write), so a change acknowledged is in force for every fetch that starts after it; a change that is made
/// appends its <see cref="AuditEvent"/> to the audit trail in the same transaction (a refused one appends nothing). Secrets (the admins' encrypted
/// plaintexts, the transform keys) are handed in and out in clear and sealed at rest with the
/// <see cref="Storage.KeyEncryptionKeys"/>.
/// </summary>
internal interface IGroupStore
{
    /// <summary>Creates <paramref name="group"/> with <paramref name="creator"/> as its first admin; <see langword="false"/> when the id is taken.</summary>
    bool TryCreate(GroupRecord group, GroupAdminRecord creator, AuditEvent audit);

    /// <summary>The group with every key version; <see langword="null"/> when there is none.</summary>
    GroupRecord? Find(string groupId);

    GroupAdminRecord? FindAdmin(string groupId, string identityId);

    /// <summary>The group's admins, by identity id (ordinal).</summary>
    IReadOnlyList<GroupAdminRecord> ListAdmins(string groupId);

    /// <summary>The group's members, by identity id (ordinal).</summary>
    IReadOnlyList<GroupMemberRecord> ListMembers(string groupId);

    /// <summary>The ids of the groups <paramref name="identityId"/> administers or belongs to.</summary>
    IReadOnlyList<string> ListGroupIdsOf(string identityId);

    /// <summary>Adds the member, or replaces its transform key, provided <paramref name="actingAdminId"/> is an admin and the key starts from the current group key version.</summary>
    GroupChange PutMember(string actingAdminId, GroupMemberRecord member, AuditEvent audit);

    /// <summary>Removes the member, provided <paramref name="actingId"/> is an admin or the member itself.</summary>
    GroupChange RemoveMember(string actingId, string groupId, string memberId, AuditEvent audit);

    /// <summary>Adds the admin, or replaces its copy of the plaintext, provided <paramref name="actingAdminId"/> is an admin and the copy is of the current group key version.</summary>
    GroupChange PutAdmin(string actingAdminId, GroupAdminRecord admin, AuditEvent audit);

    /// <summary>Removes the admin, provided <paramref name="actingAdminId"/> is an admin and another admin remains.</summary>
    GroupChange RemoveAdmin(string actingAdminId, string groupId, string adminId, AuditEvent audit);

    /// <summary>
    /// Adds <paramref name="key"/> as the group's next key version and replaces every admin's plaintext and every
    /// member's transform key with those given, which must cover exactly the current admins and members; the
    /// owners' grants to the older version stay stored but no longer serve (they target a superseded key).
    /// </summary>
    GroupChange Rotate(string actingAdminId, string groupId, GroupKeyVersionRecord key, IReadOnlyList<GroupAdminRecord> admins, IReadOnlyList<GroupMemberRecord> members, AuditEvent audit);

    /// <summary>Stores an owner's grant to a group, replacing any earlier one; <see langword="true"/> when there was none before.</summary>
    (bool Created, AuditRecord Audit) UpsertGrant(GroupGrantRecord grant, AuditEvent audit);

    GroupGrantRecord? FindGrant(string ownerId, string groupId);

    /// <summary>The owner's grants to groups, oldest first.</summary>
    IReadOnlyList<GroupGrantRecord> ListGrantsByOwner(string ownerId);

    /// <summary>Deletes an owner's grant to a group; <see langword="null"/> (and nothing recorded) when there was none.</summary>
    AuditRecord? DeleteGrant(string ownerId, string groupId, AuditEvent audit);

    /// <summary>The ways from <paramref name="ownerId"/> to <paramref name="memberId"/> through a group: each group the member belongs to that the owner granted.</summary>
    IReadOnlyList<GroupPath> FindPaths(string ownerId, string memberId);
}
