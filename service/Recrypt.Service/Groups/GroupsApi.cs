using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Recrypt.Protocol;
using Recrypt.Service.Audit;
using Recrypt.Service.Auth;
using Recrypt.Service.Errors;
using Recrypt.Service.Identities;
using Recrypt.Service.RateLimiting;
using Recrypt.Service.Routing;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Groups;

/// <summary>
/// Groups: a recrypt key pair made on the creator's client, whose private key only the admins can recover
/// (each holds the group plaintext encrypted to itself), and members, each reached by a transform key from
/// the group made on an admin's client. An owner grants a group as it grants an identity
/// (<c>PUT /identities/{ownerId}/grants/{groupId}</c>); a member then fetches the owner's document keys
/// transformed owner → group → member.
/// </summary>
internal static partial class GroupsApi
{
    /// <summary>The longest group name accepted.</summary>
    public const int MaxNameLength = 200;

    public const string IdForm = "a group id or identity id: 32 lowercase hex digits";

    public static RouteGroupBuilder MapGroups(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/groups")
            .WithTags("Groups")
            .RequireCanonicalIds(IdentityId.IsWellFormed, IdForm, "groupId", "identityId")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapPost("/", CreateGroup)
            .WithName("CreateGroup")
            .WithSummary("Create a group, with the caller as its first admin")
            .WithDescription(
                "The creator makes the group's key pair on its client from a fresh plaintext (the private key derived from it), "
                + "and sends the public key, its certificate of it as the group's key version 1, and the plaintext encrypted to "
                + "its own key. The group's id is derived from the creator's id and its salt (409 when taken). The certificate "
                + "and the encrypted plaintext must verify under the creator's signing key (422).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", ListGroups)
            .WithName("ListGroups")
            .WithSummary("List the groups the caller administers or belongs to");

        group.MapGet("/{groupId}", GetGroup)
            .WithName("GetGroup")
            .WithSummary("Get a group's public key (and, for its admins and members, who they are)")
            .WithDescription(
                "Any registered identity may read a group's public key and its certificate (to grant the group). Admins and "
                + "members also get the lists of admins and members; an admin also gets its own copy of the group plaintext.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{groupId}/members/{identityId}", PutMember)
            .WithName("PutGroupMember")
            .WithSummary("Add a member to a group (or replace its transform key)")
            .WithDescription(
                "Signed by an admin (403 otherwise). The transform key, made on the admin's client from the group's private key "
                + "to the member's current public key and signed by the admin, must decode (400), start from the group's current "
                + "key version (409) and target the member's current key (422). From then on the member may fetch every document "
                + "key an owner shared with the group, including those stored before it joined.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{groupId}/members/{identityId}", RemoveMember)
            .WithName("RemoveGroupMember")
            .WithSummary("Remove a member from a group")
            .WithDescription(
                "Signed by an admin, or by the member itself (leaving). The group's transform key to the member is deleted: "
                + "from the answer on, the member is refused every document key it could fetch through the group (403).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{groupId}/admins/{identityId}", PutAdmin)
            .WithName("PutGroupAdmin")
            .WithSummary("Make an identity an admin of a group")
            .WithDescription(
                "Signed by an admin. The group plaintext of the current key version (409 otherwise), encrypted on the admin's "
                + "client to the new admin's current public key and signed by the admin (422 otherwise).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{groupId}/admins/{identityId}", RemoveAdmin)
            .WithName("RemoveGroupAdmin")
            .WithSummary("Remove an admin of a group")
            .WithDescription(
                "Signed by an admin. The last admin cannot be removed (409). The removed admin's copy of the plaintext is deleted, "
                + "but it may have kept the group's private key: rotate the group's key to shut it out.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{groupId}/keys", RotateKey)
            .WithName("RotateGroupKey")
            .WithSummary("Rotate a group's key")
            .WithDescription(
                "Signed by an admin. The next key version (409 otherwise) with the admin's certificate of it, the new plaintext "
                + "encrypted to every current admin and a transform key from the new key to every current member (409 when they do "
                + "not match the group's admins and members as they are now). All of it replaces the old at once. Owners' grants to "
                + "the old key then serve no one until each owner grants the group again (see docs/service.md, Groups).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return group;
    }

    public static Results<Created<GroupResponse>, ProblemHttpResult> CreateGroup(
        CreateGroupRequest request, ClaimsPrincipal user, [AsParameters] GroupServices services)
    {
        var callerId = user.IdentityId();
        if (request.Name is not { Length: > 0 and <= MaxNameLength })
        {
            return Problems.MalformedInput.Result($"name must be 1 to {MaxNameLength} characters.");
        }
        if (request.Salt is not { Length: GroupId.SaltSize })
        {
            return Problems.MalformedInput.Result($"salt must be {GroupId.SaltSize} bytes in base64.");
        }
        if (services.Curve.ReadPublicKey(request.PublicKey) is not { } publicKey)
        {
            return Problems.MalformedInput.Result(services.Curve.PublicKeyForm);
        }
        if (request.KeyCertificate is not { Length: KeyCertificate.Size })
        {
            return Problems.MalformedInput.Result($"keyCertificate must be a {KeyCertificate.Size}-byte Ed25519 signature in base64.");
        }
        var creator = services.Identities.Find(callerId)!;
        var signer = PublicSigningKey.Import(creator.SigningPublicKey);
        var (plaintext, problem) = CheckPlaintext(request.EncryptedPlaintext, signer, services, callerId);
        if (problem is not null)
        {
            return problem;
        }
        var id = GroupId.Derive(callerId, request.Salt);
        if (!GroupKeyCertificate.Verify(services.Recrypt, signer, id, KeyCertificate.FirstVersion, publicKey, request.KeyCertificate))
        {
            Refused(services.Logger, id, callerId, "key certificate refused");
            return Problems.CryptographicCheckFailed.Result($"keyCertificate is not the caller's certificate of publicKey as key version 1 of the group {id}.");
        }
        if (services.Identities.Find(id) is not null)
        {
            return Problems.Conflict.Result($"{id} is an identity's id: pick another salt.");
        }

        var now = StoredTime.Now(services.Time);
        var group = new GroupRecord
        {
            Id = id,
            Name = request.Name,
            CreatorId = callerId,
            Salt = request.Salt,
            Keys = [new GroupKeyVersionRecord { Version = KeyCertificate.FirstVersion, PublicKey = publicKey, Certificate = request.KeyCertificate, CertifiedBy = callerId, CreatedAt = now }],
            CreatedAt = now,
        };
        var admin = new GroupAdminRecord
        {
            Id = GroupAdminRecord.IdOf(id, callerId),
            GroupId = id,
            IdentityId = callerId,
            EncryptedPlaintext = plaintext!.Encoding,
            GroupKeyVersion = KeyCertificate.FirstVersion,
            AddedAt = now,
        };
        if (!services.Groups.TryCreate(group, admin, services.Audit.Event(AuditEventTypes.GroupCreated, [id], [id])))
        {
            return Problems.Conflict.Result($"The group {id} already exists.");
        }
        Changed(services.Logger, id, callerId, "created");
        return TypedResults.Created($"/groups/{id}", ToResponse(group, [admin], [], callerId));
    }

    public static Ok<GroupSummaryResponse[]> ListGroups(ClaimsPrincipal user, IGroupStore groups)
    {
        var callerId = user.IdentityId();
        var summaries = new List<GroupSummaryResponse>();
        foreach (var id in groups.ListGroupIdsOf(callerId))
        {
            if (groups.Find(id) is { } group)
            {
                summaries.Add(new GroupSummaryResponse(
                    id, group.Name, groups.FindAdmin(id, callerId) is not null,
                    groups.ListMembers(id).Any(member => member.MemberId == callerId), group.CurrentKey.Version));
            }
        }
        return TypedResults.Ok(summaries.OrderBy(summary => summary.Name, StringComparer.Ordinal).ThenBy(summary => summary.Id, StringComparer.Ordinal).ToArray());
    }

    public static Results<Ok<GroupResponse>, ProblemHttpResult> GetGroup(
        [Description("The group's id.")] string groupId, ClaimsPrincipal user, IGroupStore groups)
    {
        var group = groups.Find(groupId);
        if (group is null)
        {
            return Problems.NotFound.Result($"No group {groupId} exists.");
        }
        return TypedResults.Ok(ToResponse(group, groups.ListAdmins(groupId), groups.ListMembers(groupId), user.IdentityId()));
    }

    public static Results<NoContent, ProblemHttpResult> PutMember(
        [Description("The group's id.")] string groupId,
        [Description("The member's identity id.")] string identityId,
        PutGroupMemberRequest request,
        ClaimsPrincipal user,
        [AsParameters] GroupServices services)
    {
        var callerId = user.IdentityId();
        if (ActingAdmin(services, groupId, callerId, out var group) is { } refusal)
        {
            return refusal;
        }
        var member = services.Identities.Find(identityId);
        if (member is null)
        {
            return Problems.NotFound.Result($"No identity {identityId} is registered.");
        }
        if (services.Curve.ReadTransformKey(request.TransformKey) is not { } transformKey)
        {
            return Problems.MalformedInput.Result(services.Curve.TransformKeyForm("transformKey"));
        }
        if (request.GroupKeyVersion != group!.CurrentKey.Version)
        {
            return StaleVersion(group, request.GroupKeyVersion);
        }
        var caller = services.Identities.Find(callerId)!;
        if (CheckTransformKey(transformKey, caller, member) is { } check)
        {
            Refused(services.Logger, groupId, callerId, "cryptographic check failed");
            return Problems.CryptographicCheckFailed.Result(check);
        }

        var outcome = services.Groups.PutMember(callerId, new GroupMemberRecord
        {
            Id = GroupMemberRecord.IdOf(groupId, identityId),
            GroupId = groupId,
            MemberId = identityId,
            TransformKey = transformKey.Encoding,
            GroupKeyVersion = request.GroupKeyVersion,
            MemberKeyVersion = member.CurrentKey.Version,
            AddedAt = StoredTime.Now(services.Time),
        }, services.Audit.Event(AuditEventTypes.GroupMemberAdded, [groupId, identityId], [groupId, identityId]));
        return Answer(outcome, services, groupId, callerId, $"member {identityId} added");
    }

    public static Results<NoContent, ProblemHttpResult> RemoveMember(
        [Description("The group's id.")] string groupId,
        [Description("The member's identity id.")] string identityId,
        ClaimsPrincipal user,
        [AsParameters] GroupServices services)
    {
        var callerId = user.IdentityId();
        var outcome = services.Groups.RemoveMember(callerId, groupId, identityId, services.Audit.Event(AuditEventTypes.GroupMemberRemoved, [groupId, identityId], [groupId, identityId]));
        return outcome == GroupChange.NotFound
            ? Problems.NotFound.Result($"{identityId} is not a member of the group {groupId}.")
            : Answer(outcome, services, groupId, callerId, $"member {identityId} removed");
    }

    public static Results<NoContent, ProblemHttpResult> PutAdmin(
        [Description("The group's id.")] string groupId,
        [Description("The new admin's identity id.")] string identityId,
        PutGroupAdminRequest request,
        ClaimsPrincipal user,
        [AsParameters] GroupServices services)
    {
        var callerId = user.IdentityId();
        if (ActingAdmin(services, groupId, callerId, out var group) is { } refusal)
        {
            return refusal;
        }
        if (services.Identities.Find(identityId) is null)
        {
            return Problems.NotFound.Result($"No identity {identityId} is registered.");
        }
        var caller = services.Identities.Find(callerId)!;
        var (plaintext, problem) = CheckPlaintext(request.EncryptedPlaintext, PublicSigningKey.Import(caller.SigningPublicKey), services, callerId);
        if (problem is not null)
        {
            return problem;
        }
        if (request.GroupKeyVersion != group!.CurrentKey.Version)
        {
            return StaleVersion(group, request.GroupKeyVersion);
        }
        var outcome = services.Groups.PutAdmin(callerId, new GroupAdminRecord
        {
            Id = GroupAdminRecord.IdOf(groupId, identityId),
            GroupId = groupId,
            IdentityId = identityId,
            EncryptedPlaintext = plaintext!.Encoding,
            GroupKeyVersion = request.GroupKeyVersion,
            AddedAt = StoredTime.Now(services.Time),
        }, services.Audit.Event(AuditEventTypes.GroupAdminAdded, [groupId, identityId], [groupId, identityId]));
        return Answer(outcome, services, groupId, callerId, $"admin {identityId} added");
    }

    public static Results<NoContent, ProblemHttpResult> RemoveAdmin(
        [Description("The group's id.")] string groupId,
        [Description("The admin's identity id.")] string identityId,
        ClaimsPrincipal user,
        [AsParameters] GroupServices services)
    {
        var callerId = user.IdentityId();
        var outcome = services.Groups.RemoveAdmin(callerId, groupId, identityId, services.Audit.Event(AuditEventTypes.GroupAdminRemoved, [groupId, identityId], [groupId, identityId]));
        return outcome switch
        {
            GroupChange.NotFound => Problems.NotFound.Result($"{identityId} is not an admin of the group {groupId}."),
            GroupChange.LastAdmin => Problems.Conflict.Result($"{identityId} is the last admin of the group {groupId}: add another admin first."),
            _ => Answer(outcome, services, groupId, callerId, $"admin {identityId} removed"),
        };
    }

    public static Results<Created<GroupResponse>, ProblemHttpResult> RotateKey(
        [Description("The group's id.")] string groupId,
        RotateGroupKeyRequest request,
        ClaimsPrincipal user,
        [AsParameters] GroupServices services)
    {
        var callerId = user.IdentityId();
        if (ActingAdmin(services, groupId, callerId, out var group) is { } refusal)
        {
            return refusal;
        }
        if (request.KeyVersion != group!.CurrentKey.Version + 1)
        {
            return Problems.Conflict.Result(
                $"The group's current key version is {group.CurrentKey.Version}: the next one is {group.CurrentKey.Version + 1}, not {request.KeyVersion}.");
        }
        if (services.Curve.ReadPublicKey(request.PublicKey) is not { } publicKey)
        {
            return Problems.MalformedInput.Result(services.Curve.PublicKeyForm);
        }
        if (request.KeyCertificate is not { Length: KeyCertificate.Size })
        {
            return Problems.MalformedInput.Result($"keyCertificate must be a {KeyCertificate.Size}-byte Ed25519 signature in base64.");
        }
        if (request.Admins is null || request.Members is null
            || request.Admins.Select(admin => admin?.IdentityId).Distinct().Count() != request.Admins.Length
            || request.Members.Select(member => member?.IdentityId).Distinct().Count() != request.Members.Length)
        {
            return Problems.MalformedInput.Result("admins and members must each name every identity once.");
        }
        var caller = services.Identities.Find(callerId)!;
        var signer = PublicSigningKey.Import(caller.SigningPublicKey);
        if (!GroupKeyCertificate.Verify(services.Recrypt, signer, groupId, request.KeyVersion, publicKey, request.KeyCertificate))
        {
            Refused(services.Logger, groupId, callerId, "key certificate refused");
            return Problems.CryptographicCheckFailed.Result($"keyCertificate is not the caller's certificate of publicKey as key version {request.KeyVersion} of the group.");
        }

        var now = StoredTime.Now(services.Time);
        var admins = new List<GroupAdminRecord>();
        foreach (var admin in request.Admins)
        {
            var (plaintext, problem) = CheckPlaintext(admin.EncryptedPlaintext, signer, services, callerId);
            if (problem is not null)
            {
                return problem;
            }
            admins.Add(new GroupAdminRecord
            {
                Id = GroupAdminRecord.IdOf(groupId, admin.IdentityId),
                GroupId = groupId,
                IdentityId = admin.IdentityId,
                EncryptedPlaintext = plaintext!.Encoding,
                GroupKeyVersion = request.KeyVersion,
                AddedAt = now,
            });
        }
        var members = new List<GroupMemberRecord>();
        foreach (var member in request.Members)
        {
            var identity = services.Identities.Find(member.IdentityId);
            if (identity is null)
            {
                return Problems.Conflict.Result($"{member.IdentityId} is not a member of the group {groupId}.");
            }
            if (services.Curve.ReadTransformKey(member.TransformKey) is not { } transformKey)
            {
                return Problems.MalformedInput.Result(services.Curve.TransformKeyForm($"The transform key to {member.IdentityId}"));
            }
            if (CheckTransformKey(transformKey, caller, identity) is { } check)
            {
                Refused(services.Logger, groupId, callerId, "cryptographic check failed");
                return Problems.CryptographicCheckFailed.Result(check);
            }
            members.Add(new GroupMemberRecord
            {
                Id = GroupMemberRecord.IdOf(groupId, member.IdentityId),
                GroupId = groupId,
                MemberId = member.IdentityId,
                TransformKey = transformKey.Encoding,
                GroupKeyVersion = request.KeyVersion,
                MemberKeyVersion = identity.CurrentKey.Version,
                AddedAt = now,
            });
        }

        var key = new GroupKeyVersionRecord
        {
            Version = request.KeyVersion,
            PublicKey = publicKey,
            Certificate = request.KeyCertificate,
            CertifiedBy = callerId,
            CreatedAt = now,
        };
        var outcome = services.Groups.Rotate(callerId, groupId, key, admins, members,
            services.Audit.Event(AuditEventTypes.GroupRotated, [groupId], [groupId, .. admins.Select(admin => admin.IdentityId), .. members.Select(member => member.MemberId)]));
        if (outcome == GroupChange.MembershipChanged)
        {
            return Problems.Conflict.Result("The rotation must give every current admin and member of the group a new key, and only them: they changed meanwhile.");
        }
        if (outcome != GroupChange.Done)
        {
            return ProblemOf(outcome, groupId, services.Logger, callerId);
        }
        Rotated(services.Logger, groupId, callerId, request.KeyVersion);
        var rotated = services.Groups.Find(groupId)!;
        return TypedResults.Created($"/groups/{groupId}", ToResponse(rotated, services.Groups.ListAdmins(groupId), services.Groups.ListMembers(groupId), callerId));
    }

    /// <summary>The group as <paramref name="callerId"/> may see it.</summary>
    private static GroupResponse ToResponse(GroupRecord group, IReadOnlyList<GroupAdminRecord> admins, IReadOnlyList<GroupMemberRecord> members, string callerId)
    {
        var key = group.CurrentKey;
        var own = admins.FirstOrDefault(admin => admin.IdentityId == callerId);
        var insider = own is not null || members.Any(member => member.MemberId == callerId);
        return new GroupResponse(
            group.Id, group.Name, group.CreatorId, group.Salt, key.PublicKey, key.Version, key.Certificate, key.CertifiedBy,
            new DateTimeOffset(group.CreatedAt, TimeSpan.Zero),
            insider ? [.. admins.Select(admin => admin.IdentityId)] : null,
            insider ? [.. members.Select(member => member.ToResponse())] : null,
            own?.EncryptedPlaintext);
    }

    /// <summary>Refuses a caller that is not an admin of an existing group (the store checks again as it writes).</summary>
    private static ProblemHttpResult? ActingAdmin(GroupServices services, string groupId, string callerId, out GroupRecord? group)
    {
        group = services.Groups.Find(groupId);
        if (group is null)
        {
            return Problems.NotFound.Result($"No group {groupId} exists.");
        }
        if (services.Groups.FindAdmin(groupId, callerId) is null)
        {
            Refused(services.Logger, groupId, callerId, "not an admin");
            return Problems.Forbidden.Result($"Only an admin of the group {groupId} may change it.");
        }
        return null;
    }

    /// <summary>An admin's copy of the group plaintext must decode, never have been transformed, and be signed by the admin who made it.</summary>
    private static (Scheme.SchemeValue? Value, ProblemHttpResult? Problem) CheckPlaintext(byte[]? bytes, PublicSigningKey signer, GroupServices services, string callerId)
    {
        var logger = services.Logger;
        if (services.Curve.ReadEncryptedValue(bytes) is not { } value)
        {
            return (null, Problems.MalformedInput.Result(services.Curve.EncryptedValueForm("encryptedPlaintext")));
        }
        var check = value.Transformed ? "The encrypted group plaintext has been transformed; encrypt it to the admin directly."
            : !value.SignatureVerifies ? "The encrypted group plaintext's signature does not verify."
            : value.Signer != signer ? "The encrypted group plaintext was not signed with the caller's signing key."
            : null;
        if (check is not null)
        {
            Refused(logger, "-", callerId, "cryptographic check failed");
            return (null, Problems.CryptographicCheckFailed.Result(check));
        }
        return (value, null);
    }

    /// <summary>Why a group → member transform key is not acceptable, or <see langword="null"/>.</summary>
    private static string? CheckTransformKey(Scheme.SchemeTransformKey transformKey, IdentityRecord admin, IdentityRecord member) =>
        !transformKey.SignatureVerifies ? "The transform key's signature does not verify."
        : transformKey.Signer != PublicSigningKey.Import(admin.SigningPublicKey) ? "The transform key was not signed with the caller's signing key."
        : transformKey.TransformsTo(member.CurrentKey.PublicKey) ? null
        : $"The transform key does not transform to the current public key (version {member.CurrentKey.Version}) of {member.Id}.";

    private static ProblemHttpResult StaleVersion(GroupRecord group, int declared) =>
        Problems.Conflict.Result($"The value is for key version {declared} of the group {group.Id}, whose current key version is {group.CurrentKey.Version}.");

    private static Results<NoContent, ProblemHttpResult> Answer(GroupChange outcome, GroupServices services, string groupId, string callerId, string change)
    {
        if (outcome != GroupChange.Done)
        {
            return ProblemOf(outcome, groupId, services.Logger, callerId);
        }
        Changed(services.Logger, groupId, callerId, change);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult ProblemOf(GroupChange outcome, string groupId, ILogger logger, string callerId)
    {
        switch (outcome)
        {
            case GroupChange.GroupNotFound:
                return Problems.NotFound.Result($"No group {groupId} exists.");
            case GroupChange.NotAnAdmin:
                Refused(logger, groupId, callerId, "not an admin");
                return Problems.Forbidden.Result($"Only an admin of the group {groupId} may change it.");
            case GroupChange.StaleKeyVersion:
                return Problems.Conflict.Result($"The group {groupId} rotated its key meanwhile: make the change again for its current key.");
            default:
                return Problems.Conflict.Result($"The group {groupId} changed meanwhile ({outcome}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} changed by {CallerId}: {Change}")]
    private static partial void Changed(ILogger logger, string groupId, string callerId, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} key rotated by {CallerId} to version {KeyVersion}")]
    private static partial void Rotated(ILogger logger, string groupId, string callerId, int keyVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused group request {GroupId} from {CallerId}: {Reason}")]
    private static partial void Refused(ILogger logger, string groupId, string callerId, string reason);
}
