using Recrypt.Service.Errors;
using Recrypt.Service.Grants;
using Recrypt.Service.Groups;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Documents;

/// <summary>
/// The one rule of who may fetch a document key, and how: the owner gets it as stored; a direct grantee of
/// the owner gets it through the owner's transform key; a member of a group the owner granted gets it through
/// two (owner → group, group → member). Anyone else is refused. Every fetch route asks here; none decides
/// for itself.
/// </summary>
internal sealed class DocumentAccess(IGrantStore grants, IGroupStore groups)
{
    /// <summary>
    /// Whether, and through which transform keys, <paramref name="caller"/> (the identity that signed the request, as
    /// authentication read it) may fetch <paramref name="document"/>.
    /// </summary>
    public AccessDecision Decide(DocumentRecord document, IdentityRecord caller)
    {
        var callerId = caller.Id;
        if (document.OwnerId == callerId)
        {
            return AccessDecision.Allow([], document.KeyVersion, "owner");
        }

        var callerVersion = caller.CurrentKey.Version;
        AccessDecision? refusal = null;

        if (grants.Find(document.OwnerId, callerId) is { } grant)
        {
            refusal = grant.GranteeKeyVersion != callerVersion
                ? AccessDecision.Refuse(Problems.Forbidden, "grant made for a superseded key of the grantee",
                    $"The grant from {document.OwnerId} to {callerId} was made for key version {grant.GranteeKeyVersion} of {callerId}, "
                    + $"which version {callerVersion} superseded: the owner must grant access again.")
                : grant.OwnerKeyVersion != document.KeyVersion ? OwnerRotating(document, grant.OwnerKeyVersion)
                : null;
            if (refusal is null)
            {
                return AccessDecision.Allow([grant.TransformKey], callerVersion, "grantee");
            }
        }

        foreach (var (groupGrant, member) in groups.FindPaths(document.OwnerId, callerId))
        {
            var pathRefusal = groupGrant.GroupKeyVersion != member.GroupKeyVersion
                ? AccessDecision.Refuse(Problems.Forbidden, "group grant made for a superseded group key",
                    $"The grant from {document.OwnerId} to the group {groupGrant.GroupId} was made for its key version {groupGrant.GroupKeyVersion}, "
                    + $"which a rotation superseded: the owner must grant the group again.")
                : member.MemberKeyVersion != callerVersion
                    ? AccessDecision.Refuse(Problems.Forbidden, "group membership made for a superseded key of the member",
                        $"{callerId} was added to the group {groupGrant.GroupId} with its key version {member.MemberKeyVersion}, "
                        + $"which version {callerVersion} superseded: an admin of the group must add it again.")
                : groupGrant.OwnerKeyVersion != document.KeyVersion ? OwnerRotating(document, groupGrant.OwnerKeyVersion)
                : null;
            if (pathRefusal is null)
            {
                return AccessDecision.Allow([groupGrant.TransformKey, member.TransformKey], callerVersion, $"member of {groupGrant.GroupId}", groupGrant.GroupId);
            }
            refusal ??= pathRefusal;
        }

        return refusal ?? AccessDecision.Refuse(Problems.Forbidden, "no grant from the owner",
            $"{callerId} has no grant from the owner of {document.Id}, directly or through a group it belongs to.");
    }

    private static AccessDecision OwnerRotating(DocumentRecord document, int grantVersion) =>
        AccessDecision.Refuse(Problems.Conflict, "owner is rotating keys",
            $"{document.OwnerId} is rotating keys: {document.Id} is encrypted to its key version {document.KeyVersion} and the grant "
            + $"starts from version {grantVersion}. Retry once the rotation is finished.");
}

/// <summary>
/// A decision of <see cref="DocumentAccess"/>: allowed, with the transform keys to apply in order (none for the
/// owner) and the caller's key version the result is encrypted to, and the group it goes through (if any); or
/// refused, with the problem to answer.
/// </summary>
internal sealed record AccessDecision(
    bool Allowed, IReadOnlyList<byte[]> TransformKeys, int KeyVersion, string Role, ProblemKind? Problem, string? Detail, string? GroupId = null)
{
    public static AccessDecision Allow(IReadOnlyList<byte[]> transformKeys, int keyVersion, string role, string? groupId = null) =>
        new(true, transformKeys, keyVersion, role, null, null, groupId);

    /// <summary>Refused; <paramref name="reason"/> is logged, <paramref name="detail"/> answered.</summary>
    public static AccessDecision Refuse(ProblemKind problem, string reason, string detail) =>
        new(false, [], 0, reason, problem, detail);
}
