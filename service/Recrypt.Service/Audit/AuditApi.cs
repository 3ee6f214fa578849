using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recrypt.Protocol;
using Recrypt.Service.Auth;
using Recrypt.Service.Errors;
using Recrypt.Service.Groups;
using Recrypt.Service.Identities;
using Recrypt.Service.Routing;

namespace Recrypt.Service.Audit;

internal static partial class AuditApi
{
    /// <summary>The most events one page holds (and the default).</summary>
    public const int MaxPageSize = 500;

    /// <summary>Registers the audit trail's recorder (the stores are the providers').</summary>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditRecorder>();
        return services;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/identities/{id}/audit")
            .WithTags("Audit")
            .RequireCanonicalIds(IdentityId.IsWellFormed, IdentitiesApi.IdForm, "id")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .MapGet("/", ListAuditEvents)
            .WithName("ListAuditEvents")
            .WithSummary("Read the audit events that concern the identity")
            .WithDescription(
                "Signed by the identity itself (anyone else: 403). The events of the service's audit trail that concern "
                + "the identity's keys, grants and document keys, or that it did: who fetched its document keys and when, "
                + "grants made and revoked, refusals. " + PagingDescription);

        routes.MapGroup("/groups/{groupId}/audit")
            .WithTags("Audit")
            .RequireCanonicalIds(IdentityId.IsWellFormed, GroupsApi.IdForm, "groupId")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .MapGet("/", ListGroupAuditEvents)
            .WithName("ListGroupAuditEvents")
            .WithSummary("Read the audit events of a group")
            .WithDescription(
                "Signed by an admin of the group (anyone else: 403). The events of the service's audit trail that concern "
                + "the group: its creation, members and admins added and removed, key rotations, owners' grants to it made, "
                + "revoked or refused, and every fetch of a document key through it (who, which, whose). " + PagingDescription);
        return routes;
    }

    private const string PagingDescription =
        "Oldest first, paged: pass the answer's `next` as `after` for the next page. `since` (ISO 8601) and `type` filter; "
        + "`limit` is at most 500.";

    public static Results<Ok<AuditPageResponse>, ProblemHttpResult> ListAuditEvents(
        [Description("The identity's id; the request must be signed by it.")] string id,
        ClaimsPrincipal user,
        IAuditStore audit,
        AuditRecorder recorder,
        [AsParameters] AuditPageQuery query)
    {
        if (user.IdentityId() != id)
        {
            recorder.Record(AuditEventTypes.AuditRefused, [id], [id], AuditRecorder.Refused("not signed by the identity"));
            return Problems.Forbidden.Result($"Only {id} may read its audit events.");
        }
        return Page(audit, id, query);
    }

    public static Results<Ok<AuditPageResponse>, ProblemHttpResult> ListGroupAuditEvents(
        [Description("The group's id; the request must be signed by one of its admins.")] string groupId,
        ClaimsPrincipal user,
        IAuditStore audit,
        IGroupStore groups,
        AuditRecorder recorder,
        [AsParameters] AuditPageQuery query)
    {
        if (groups.Find(groupId) is null)
        {
            return Problems.NotFound.Result($"No group {groupId} exists.");
        }
        if (groups.FindAdmin(groupId, user.IdentityId()) is null)
        {
            recorder.Record(AuditEventTypes.AuditRefused, [groupId], [groupId], AuditRecorder.Refused("not signed by an admin of the group"));
            return Problems.Forbidden.Result($"Only an admin of the group {groupId} may read its audit events.");
        }
        return Page(audit, groupId, query);
    }

    /// <summary>The page of events that concern <paramref name="concerning"/> that <paramref name="query"/> asks for, or why the query is malformed.</summary>
    private static Results<Ok<AuditPageResponse>, ProblemHttpResult> Page(IAuditStore audit, string concerning, AuditPageQuery query)
    {
        DateTime? from = null;
        if (query.Since is { } since)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problems.MalformedInput.Result("since must be a time in ISO 8601, for example 2026-12-01T00:00:00Z.");
            }
            from = parsed.UtcDateTime;
        }
        if (query.Limit is < 1 or > MaxPageSize)
        {
            return Problems.MalformedInput.Result($"limit must be from 1 to {MaxPageSize}.");
        }
        if (query.After is < 0)
        {
            return Problems.MalformedInput.Result("after must not be negative.");
        }
        var size = query.Limit ?? MaxPageSize;
        var records = audit.ListConcerning(concerning, query.After ?? 0, from, query.Type, size);
        return TypedResults.Ok(new AuditPageResponse(
            [.. records.Select(record => record.ToResponse())],
            records.Count == size ? records[^1].Id : null));
    }
}

/// <summary>What page of audit events a request asks for: the query string of both audit routes.</summary>
internal sealed record AuditPageQuery(
    [FromQuery(Name = "after")][property: Description("Only events after this sequence number (the previous page's `next`).")] long? After = null,
    [FromQuery(Name = "since")][property: Description("Only events at or after this time (ISO 8601, for example 2026-12-01T00:00:00Z).")] string? Since = null,
    [FromQuery(Name = "type")][property: Description("Only events of this type, for example document.fetched.")] string? Type = null,
    [FromQuery(Name = "limit")][property: Description("At most this many events (1 to 500, default 500).")] int? Limit = null);
