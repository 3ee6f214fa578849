using Recrypt.Protocol;

namespace Recrypt.Service.Groups;

/// <summary>A group as stored: its public key versions (the private key never reaches the service).</summary>
internal sealed class GroupRecord
{
    /// <summary>The id (<see cref="GroupId"/>), the document key.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string CreatorId { get; set; } = "";

    /// <summary>The creator's salt the id is derived from.</summary>
    public byte[] Salt { get; set; } = [];

    /// <summary>Every version of the group's public key, oldest first; the last is the current one.</summary>
    public List<GroupKeyVersionRecord> Keys { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    /// <summary>The current (newest) key version.</summary>
    public GroupKeyVersionRecord CurrentKey => Keys[^1];
}

/// <summary>One version of a group's public key, with the certificate of the admin who made it.</summary>
internal sealed class GroupKeyVersionRecord
{
    public int Version { get; set; }

    public byte[] PublicKey { get; set; } = [];

    /// <summary>The <see cref="GroupKeyCertificate"/> by <see cref="CertifiedBy"/>.</summary>
    public byte[] Certificate { get; set; } = [];

    public string CertifiedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

/// <summary>An admin of a group: its copy of the group plaintext, encrypted to its own key (sealed at rest as well).</summary>
internal sealed class GroupAdminRecord
{
    /// <summary>The name the sealed plaintexts are bound to (with <see cref="Id"/>), whatever the provider.</summary>
    public const string SealedCollection = "group_admins";

    /// <summary><c>&lt;group id&gt;:&lt;identity id&gt;</c>.</summary>
    public string Id { get; set; } = "";

    public string GroupId { get; set; } = "";

    public string IdentityId { get; set; } = "";

    /// <summary>The group plaintext encrypted to the admin's key (canonical encoding), in clear in the record, sealed in the database.</summary>
    public byte[] EncryptedPlaintext { get; set; } = [];

    /// <summary>The group key version the plaintext is of.</summary>
    public int GroupKeyVersion { get; set; }

    public DateTime AddedAt { get; set; }

    public static string IdOf(string groupId, string identityId) => $"{groupId}:{identityId}";

    public GroupAdminRecord Copy() => (GroupAdminRecord)MemberwiseClone();
}

/// <summary>A member of a group: the group's transform key to it (sealed at rest).</summary>
internal sealed class GroupMemberRecord
{
    /// <summary>The name the sealed transform keys are bound to (with <see cref="Id"/>), whatever the provider.</summary>
    public const string SealedCollection = "group_members";

    /// <summary><c>&lt;group id&gt;:&lt;identity id&gt;</c>.</summary>
    public string Id { get; set; } = "";

    public string GroupId { get; set; } = "";

    public string MemberId { get; set; } = "";

    /// <summary>The transform key group → member, canonical encoding.</summary>
    public byte[] TransformKey { get; set; } = [];

    /// <summary>The group key version the transform key starts from.</summary>
    public int GroupKeyVersion { get; set; }

    /// <summary>The member's key version the transform key leads to.</summary>
    public int MemberKeyVersion { get; set; }

    public DateTime AddedAt { get; set; }

    public static string IdOf(string groupId, string memberId) => $"{groupId}:{memberId}";

    public GroupMemberRecord Copy() => (GroupMemberRecord)MemberwiseClone();

    public GroupMemberResponse ToResponse() => new(MemberId, MemberKeyVersion, new DateTimeOffset(AddedAt, TimeSpan.Zero));
}

/// <summary>An owner's grant to a group: the owner's transform key to the group's public key (sealed at rest).</summary>
internal sealed class GroupGrantRecord
{
    /// <summary>The name the sealed transform keys are bound to (with <see cref="Id"/>), whatever the provider.</summary>
    public const string SealedCollection = "group_grants";

    /// <summary><c>&lt;owner id&gt;:&lt;group id&gt;</c>.</summary>
    public string Id { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public string GroupId { get; set; } = "";

    public byte[] TransformKey { get; set; } = [];

    public int OwnerKeyVersion { get; set; }

    /// <summary>The group key version the transform key leads to.</summary>
    public int GroupKeyVersion { get; set; }

    public DateTime CreatedAt { get; set; }

    public static string IdOf(string ownerId, string groupId) => $"{ownerId}:{groupId}";

    public GroupGrantRecord Copy() => (GroupGrantRecord)MemberwiseClone();

    public GrantResponse ToResponse() =>
        new(GroupId, new DateTimeOffset(CreatedAt, TimeSpan.Zero), OwnerKeyVersion, GroupKeyVersion, GrantKinds.Group);
}

/// <summary>A way from an owner to a member through a group: the owner's grant to the group and the group's transform key to the member.</summary>
internal sealed record GroupPath(GroupGrantRecord Grant, GroupMemberRecord Member);

/// <summary>What a group change came to. Every change is checked and written in one atomic store operation.</summary>
internal enum GroupChange
{
    Done,

    /// <summary>No such group.</summary>
    GroupNotFound,

    /// <summary>The acting identity is not (or no longer) an admin of the group.</summary>
    NotAnAdmin,

    /// <summary>The change was made for a group key version that is not the current one.</summary>
    StaleKeyVersion,

    /// <summary>The member or admin to remove is not one.</summary>
    NotFound,

    /// <summary>The change would leave the group without an admin.</summary>
    LastAdmin,

    /// <summary>A rotation did not cover exactly the current admins and members (they changed meanwhile).</summary>
    MembershipChanged,
}
