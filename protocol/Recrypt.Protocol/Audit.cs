namespace Recrypt.Protocol;

/// <summary>One event of the service's audit trail, as an owner reads it.</summary>
/// <param name="Sequence">The record's place in the service's one hash chain, from 1.</param>
/// <param name="At">When it happened (UTC, to the millisecond).</param>
/// <param name="Type">What happened, for example <c>document.fetched</c> (see <see cref="AuditEventTypes"/>).</param>
/// <param name="Actor">The identity that signed the request, or <see langword="null"/> when none did.</param>
/// <param name="Subjects">What the event is about, the main one first: a document key id, a grantee's id.</param>
/// <param name="Outcome"><c>ok</c>, or <c>refused: &lt;reason&gt;</c>.</param>
/// <param name="RequestId">The request's id, as in the service's log lines and ProblemDetails.</param>
/// <param name="Hash">The record's SHA-256 chain hash (64 lowercase hex digits), as receipts and <c>audit export</c> name it.</param>
public sealed record AuditEventResponse(
    long Sequence, DateTimeOffset At, string Type, string? Actor, IReadOnlyList<string> Subjects, string Outcome, string RequestId, string Hash);

/// <summary>A page of an identity's audit events, oldest first.</summary>
/// <param name="Events">The events.</param>
/// <param name="Next">The <c>after</c> to ask for the next page with; <see langword="null"/> on the last page.</param>
public sealed record AuditPageResponse(IReadOnlyList<AuditEventResponse> Events, long? Next);

/// <summary>The types of audit events: one definition, shared by the service and its clients.</summary>
public static class AuditEventTypes
{
    /// <summary>An identity registered.</summary>
    public const string IdentityRegistered = "identity.registered";

    /// <summary>An identity added a version of its key (key rotation).</summary>
    public const string IdentityKeyRotated = "identity.key-rotated";

    /// <summary>An owner granted an identity access (or replaced the grant's transform key).</summary>
    public const string GrantMade = "grant.made";

    /// <summary>An owner revoked a grant.</summary>
    public const string GrantRevoked = "grant.revoked";

    /// <summary>A grant request was refused.</summary>
    public const string GrantRefused = "grant.refused";

    /// <summary>An identity created a group (and is its first admin).</summary>
    public const string GroupCreated = "group.created";

    /// <summary>An admin added a member to a group (or replaced its transform key).</summary>
    public const string GroupMemberAdded = "group.member-added";

    /// <summary>An admin removed a member from a group, or the member left.</summary>
    public const string GroupMemberRemoved = "group.member-removed";

    /// <summary>An admin made an identity an admin of a group (or replaced its copy of the group plaintext).</summary>
    public const string GroupAdminAdded = "group.admin-added";

    /// <summary>An admin removed an admin of a group.</summary>
    public const string GroupAdminRemoved = "group.admin-removed";

    /// <summary>An admin rotated a group's key.</summary>
    public const string GroupRotated = "group.rotated";

    /// <summary>An owner granted a group access (or replaced the grant's transform key).</summary>
    public const string GroupGrantMade = "group.grant-made";

    /// <summary>An owner revoked a grant to a group.</summary>
    public const string GroupGrantRevoked = "group.grant-revoked";

    /// <summary>An owner stored a document key.</summary>
    public const string DocumentStored = "document.stored";

    /// <summary>An owner replaced a document key's value (after a key rotation).</summary>
    public const string DocumentReplaced = "document.replaced";

    /// <summary>A document key was fetched: by its owner, or transformed for a grantee.</summary>
    public const string DocumentFetched = "document.fetched";

    /// <summary>A request for a document key was refused.</summary>
    public const string DocumentRefused = "document.refused";

    /// <summary>An owner deleted a document key.</summary>
    public const string DocumentDeleted = "document.deleted";

    /// <summary>A request for an identity's audit events was refused (not signed by it).</summary>
    public const string AuditRefused = "audit.refused";

    /// <summary>A request was refused over a rate limit.</summary>
    public const string RateLimited = "request.rate-limited";
}
