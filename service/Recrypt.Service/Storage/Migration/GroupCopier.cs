using Recrypt.Service.Groups;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>
/// Groups with every key version, their admins (each copy of the group plaintext sealed again), members and
/// the owners' grants to them (each transform key sealed again with the target's key-encryption key).
/// </summary>
internal sealed class GroupCopier : IStoreCopier
{
    public Type Store => typeof(IGroupStore);

    // In the order rows refer to each other (the key versions, admins, members and grants to their group).
    public IReadOnlyList<string> Tables { get; } = ["groups", "group_key_versions", "group_admins", "group_members", "group_grants"];

    public string What => "group records";

    public long Copy(StoreCopy copy)
    {
        long count = 0;
        foreach (var group in copy.Source.GetCollection<GroupRecord>(LiteDbGroupStore.GroupsName).FindAll())
        {
            count += copy.Insert(PostgreSqlGroupStore.InsertGroupSql,
                [group.Id, PostgreSqlGroupStore.NameBytes(group.Name), group.CreatorId, group.Salt, group.CreatedAt]);
            foreach (var key in group.Keys)
            {
                count += copy.Insert(PostgreSqlGroupStore.InsertKeySql,
                    [group.Id, key.Version, key.PublicKey, key.Certificate, key.CertifiedBy, key.CreatedAt]);
            }
        }
        foreach (var admin in copy.Source.GetCollection<GroupAdminRecord>(GroupAdminRecord.SealedCollection).FindAll())
        {
            var plaintext = copy.Reseal(admin.EncryptedPlaintext, GroupAdminRecord.SealedCollection, admin.Id);
            count += copy.Insert(PostgreSqlGroupStore.InsertAdminSql,
                [admin.GroupId, admin.IdentityId, plaintext, admin.GroupKeyVersion, admin.AddedAt]);
        }
        foreach (var member in copy.Source.GetCollection<GroupMemberRecord>(GroupMemberRecord.SealedCollection).FindAll())
        {
            var key = copy.Reseal(member.TransformKey, GroupMemberRecord.SealedCollection, member.Id);
            count += copy.Insert(PostgreSqlGroupStore.InsertMemberSql,
                [member.GroupId, member.MemberId, key, member.GroupKeyVersion, member.MemberKeyVersion, member.AddedAt]);
        }
        foreach (var grant in copy.Source.GetCollection<GroupGrantRecord>(GroupGrantRecord.SealedCollection).FindAll())
        {
            var key = copy.Reseal(grant.TransformKey, GroupGrantRecord.SealedCollection, grant.Id);
            count += copy.Insert(PostgreSqlGroupStore.InsertGrantSql,
                [grant.OwnerId, grant.GroupId, key, grant.OwnerKeyVersion, grant.GroupKeyVersion, grant.CreatedAt]);
        }
        return count;
    }
}
