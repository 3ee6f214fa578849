using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Recrypt.Protocol;
using Recrypt.Service.Audit;
using Recrypt.Service.Auth;
using Recrypt.Service.Errors;
using Recrypt.Service.Groups;
using Recrypt.Service.Identities;
using Recrypt.Service.RateLimiting;
using Recrypt.Service.Routing;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Grants;

internal static partial class GrantsApi
{
    public static RouteGroupBuilder MapGrants(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/identities/{ownerId}/grants")
            .WithTags("Grants")
            .RequireCanonicalIds(IdentityId.IsWellFormed, IdentitiesApi.IdForm, "ownerId")
            .RequireCanonicalIds(IdentityId.IsWellFormed, GroupsApi.IdForm, "granteeId")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPut("/{granteeId}", PutGrant)
            .WithName("PutGrant")
            .WithSummary("Grant an identity, or a group, access to the owner's document keys")
            .WithDescription(
                "Stores the owner's transform key to the grantee, replacing any earlier one. Signed by the owner. "
                + "The grantee is an identity or a group (whose members then fetch through it): the transform key "
                + "then targets the group's current public key. "
                + "The service checks that the grantee exists (404), that the key decodes (400), that it starts from the "
                + "owner's current key version (409), and that its signature verifies, was made with the owner's signing "
                + "key, and targets the grantee's current public key (422). The answer carries the service's signed receipt of the grant.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", ListGrants)
            .WithName("ListGrants")
            .WithSummary("List the owner's grants, to identities and to groups")
            .WithDescription("Signed by the owner.");

        group.MapDelete("/{granteeId}", RevokeGrant)
            .WithName("RevokeGrant")
            .WithSummary("Revoke a grant")
            .WithDescription(
                "Deletes the owner's transform key to the grantee (an identity or a group): from now on the grantee "
                + "(or every member of the group, through it) is refused the owner's document keys. Signed by the owner. "
                + "200 with the service's signed receipt of the revoke when the grant existed, 404 when there was none.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static Results<Created<GrantResponse>, Ok<GrantResponse>, ProblemHttpResult> PutGrant(
        [Description("The owner's identity id; the request must be signed by the owner.")] string ownerId,
        [Description("The grantee's identity id.")] string granteeId,
        PutGrantRequest request,
        ClaimsPrincipal user,
        [AsParameters] GrantServices services)
    {
        if (user.IdentityId() != ownerId)
        {
            return NotTheOwner(services, user, ownerId, granteeId);
        }
        if (granteeId == ownerId)
        {
            return Problems.MalformedInput.Result("An identity cannot grant access to itself: it already has it.");
        }
        var owner = services.Identities.Find(ownerId)!;
        var grantee = services.Identities.Find(granteeId);
        var group = grantee is null ? services.Groups.Find(granteeId) : null;
        if (grantee is null && group is null)
        {
            return Problems.NotFound.Result($"No identity or group {granteeId} is registered.");
        }
        if (services.Curve.ReadTransformKey(request.TransformKey) is not { } transformKey)
        {
            return Problems.MalformedInput.Result(services.Curve.TransformKeyForm("transformKey"));
        }

        var ownerKey = owner.CurrentKey;
        if (request.OwnerKeyVersion is { } declared && declared != ownerKey.Version)
        {
            return Problems.Conflict.Result(
                $"The transform key starts from key version {declared} of {ownerId}, whose current key version is {ownerKey.Version}.");
        }

        if (group is not null)
        {
            return PutGroupGrant(owner, group, transformKey, services);
        }

        var granteeKey = grantee!.CurrentKey;
        var check = !transformKey.SignatureVerifies ? "The transform key's signature does not verify."
            : transformKey.Signer != PublicSigningKey.Import(owner.SigningPublicKey) ? "The transform key was not signed with the owner's signing key."
            : transformKey.TransformsTo(granteeKey.PublicKey) ? null
            : grantee.Keys.Find(key => transformKey.TransformsTo(key.PublicKey)) is { } old
                ? $"The transform key targets key version {old.Version} of {granteeId}, which version {granteeKey.Version} superseded."
            : "The transform key does not transform to the grantee's public key.";
        if (check is not null)
        {
            Refused(services.Logger, ownerId, granteeId, "cryptographic check failed");
            services.Audit.Record(AuditEventTypes.GrantRefused, [granteeId], [ownerId], AuditRecorder.Refused("cryptographic check failed"));
            return Problems.CryptographicCheckFailed.Result(check);
        }

        var grant = new GrantRecord
        {
            Id = GrantRecord.IdOf(ownerId, granteeId),
            OwnerId = ownerId,
            GranteeId = granteeId,
            TransformKey = transformKey.Encoding,
            OwnerKeyVersion = ownerKey.Version,
            GranteeKeyVersion = granteeKey.Version,
            CreatedAt = StoredTime.Now(services.Time),
        };
        var (created, audit) = services.Grants.Upsert(grant, services.Audit.Event(AuditEventTypes.GrantMade, [granteeId], [ownerId, granteeId]));
        Stored(services.Logger, ownerId, granteeId, created ? "created" : "replaced");
        var response = grant.ToResponse() with { Receipt = ReceiptOf(services, Receipts.Grant, ownerId, granteeId, audit) };
        return created
            ? TypedResults.Created($"/identities/{ownerId}/grants/{granteeId}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>An owner's grant to a group: the transform key must target the group's current public key.</summary>
    private static Results<Created<GrantResponse>, Ok<GrantResponse>, ProblemHttpResult> PutGroupGrant(
        IdentityRecord owner, GroupRecord group, Scheme.SchemeTransformKey transformKey, GrantServices services)
    {
        var groupKey = group.CurrentKey;
        var check = !transformKey.SignatureVerifies ? "The transform key's signature does not verify."
            : transformKey.Signer != PublicSigningKey.Import(owner.SigningPublicKey) ? "The transform key was not signed with the owner's signing key."
            : transformKey.TransformsTo(groupKey.PublicKey) ? null
            : group.Keys.Find(key => transformKey.TransformsTo(key.PublicKey)) is { } old
                ? $"The transform key targets key version {old.Version} of the group {group.Id}, which version {groupKey.Version} superseded."
            : "The transform key does not transform to the group's public key.";
        if (check is not null)
        {
            Refused(services.Logger, owner.Id, group.Id, "cryptographic check failed");
            services.Audit.Record(AuditEventTypes.GrantRefused, [group.Id], [owner.Id, group.Id], AuditRecorder.Refused("cryptographic check failed"));
            return Problems.CryptographicCheckFailed.Result(check);
        }
        var grant = new GroupGrantRecord
        {
            Id = GroupGrantRecord.IdOf(owner.Id, group.Id),
            OwnerId = owner.Id,
            GroupId = group.Id,
            TransformKey = transformKey.Encoding,
            OwnerKeyVersion = owner.CurrentKey.Version,
            GroupKeyVersion = groupKey.Version,
            CreatedAt = StoredTime.Now(services.Time),
        };
        var (created, audit) = services.Groups.UpsertGrant(grant, services.Audit.Event(AuditEventTypes.GroupGrantMade, [group.Id], [owner.Id, group.Id]));
        Stored(services.Logger, owner.Id, group.Id, created ? "created (group)" : "replaced (group)");
        var response = grant.ToResponse() with { Receipt = ReceiptOf(services, Receipts.Grant, owner.Id, group.Id, audit) };
        return created
            ? TypedResults.Created($"/identities/{owner.Id}/grants/{group.Id}", response)
            : TypedResults.Ok(response);
    }

    public static Results<Ok<GrantResponse[]>, ProblemHttpResult> ListGrants(
        [Description("The owner's identity id; the request must be signed by the owner.")] string ownerId,
        ClaimsPrincipal user,
        [AsParameters] GrantServices services) =>
        user.IdentityId() != ownerId
            ? NotTheOwner(services, user, ownerId, null)
            : TypedResults.Ok(services.Grants.ListByOwner(ownerId).Select(grant => grant.ToResponse())
                .Concat(services.Groups.ListGrantsByOwner(ownerId).Select(grant => grant.ToResponse()))
                .OrderBy(grant => grant.CreatedAt).ThenBy(grant => grant.GranteeId, StringComparer.Ordinal)
                .ToArray());

    public static Results<Ok<RevokeResponse>, ProblemHttpResult> RevokeGrant(
        [Description("The owner's identity id; the request must be signed by the owner.")] string ownerId,
        [Description("The grantee's identity id.")] string granteeId,
        ClaimsPrincipal user,
        [AsParameters] GrantServices services)
    {
        if (user.IdentityId() != ownerId)
        {
            return NotTheOwner(services, user, ownerId, granteeId);
        }
        var audit = services.Grants.Delete(ownerId, granteeId, services.Audit.Event(AuditEventTypes.GrantRevoked, [granteeId], [ownerId, granteeId]))
            ?? services.Groups.DeleteGrant(ownerId, granteeId, services.Audit.Event(AuditEventTypes.GroupGrantRevoked, [granteeId], [ownerId, granteeId]));
        if (audit is null)
        {
            return Problems.NotFound.Result($"{ownerId} has no grant to {granteeId}.");
        }
        Revoked(services.Logger, ownerId, granteeId);
        var receipt = ReceiptOf(services, Receipts.Revoke, ownerId, granteeId, audit);
        return TypedResults.Ok(new RevokeResponse(granteeId, receipt.At, receipt));
    }

    /// <summary>The service's signed receipt of the grant or revoke that <paramref name="audit"/> recorded.</summary>
    private static Receipt ReceiptOf(GrantServices services, string action, string ownerId, string granteeId, AuditRecord audit) =>
        Receipts.Sign(services.Recrypt, services.ServiceKey.SigningKeyPair, action, ownerId, granteeId,
            new DateTimeOffset(DateTime.SpecifyKind(audit.At, DateTimeKind.Utc)), audit.Id, audit.HashHex);

    private static ProblemHttpResult NotTheOwner(GrantServices services, ClaimsPrincipal user, string ownerId, string? granteeId)
    {
        var callerId = user.IdentityId();
        Refused(services.Logger, ownerId, callerId, "not signed by the owner");
        services.Audit.Record(AuditEventTypes.GrantRefused, granteeId is null ? [ownerId] : [granteeId, ownerId], [ownerId], AuditRecorder.Refused("not signed by the owner"));
        return Problems.Forbidden.Result($"Only {ownerId} may manage its grants.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grant {OwnerId} -> {GranteeId} {Outcome}")]
    private static partial void Stored(ILogger logger, string ownerId, string granteeId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grant {OwnerId} -> {GranteeId} revoked")]
    private static partial void Revoked(ILogger logger, string ownerId, string granteeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused grant request {OwnerId} / {OtherId}: {Reason}")]
    private static partial void Refused(ILogger logger, string ownerId, string otherId, string reason);
}
