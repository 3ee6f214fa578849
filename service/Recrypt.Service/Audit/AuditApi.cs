using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Recrypt.Protocol;
using Recrypt.Service.Auth;
using Recrypt.Service.Errors;
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

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/identities/{id}/audit")
            .WithTags("Audit")
            .RequireSignature()
            .RequireCanonicalIds(IdentityId.IsWellFormed, IdentitiesApi.IdForm, "id")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/", ListAuditEvents)
            .WithName("ListAuditEvents")
            .WithSummary("Read the audit events that concern the identity")
            .WithDescription(
                "Signed by the identity itself (anyone else: 403). The events of the service's audit trail that concern "
                + "the identity's keys, grants and document keys, or that it did: who fetched its document keys and when, "
                + "grants made and revoked, refusals. Oldest first, paged: pass the answer's `next` as `after` for the next "
                + "page. `since` (ISO 8601) and `type` filter; `limit` is at most 500.");
        return group;
    }

    public static Results<Ok<AuditPageResponse>, ProblemHttpResult> ListAuditEvents(
        [Description("The identity's id; the request must be signed by it.")] string id,
        ClaimsPrincipal user,
        IAuditStore audit,
        AuditRecorder recorder,
        [Description("Only events after this sequence number (the previous page's `next`).")] long? after = null,
        [Description("Only events at or after this time (ISO 8601, for example 2026-12-01T00:00:00Z).")] string? since = null,
        [Description("Only events of this type, for example document.fetched.")] string? type = null,
        [Description("At most this many events (1 to 500, default 500).")] int? limit = null)
    {
        if (user.IdentityId() != id)
        {
            recorder.Record(AuditEventTypes.AuditRefused, [id], [id], AuditRecorder.Refused("not signed by the identity"));
            return Problems.Forbidden.Result($"Only {id} may read its audit events.");
        }
        DateTime? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problems.MalformedInput.Result("since must be a time in ISO 8601, for example 2026-12-01T00:00:00Z.");
            }
            from = parsed.UtcDateTime;
        }
        if (limit is < 1 or > MaxPageSize)
        {
            return Problems.MalformedInput.Result($"limit must be from 1 to {MaxPageSize}.");
        }
        if (after is < 0)
        {
            return Problems.MalformedInput.Result("after must not be negative.");
        }
        var size = limit ?? MaxPageSize;
        var records = audit.ListConcerning(id, after ?? 0, from, type, size);
        return TypedResults.Ok(new AuditPageResponse(
            [.. records.Select(record => record.ToResponse())],
            records.Count == size ? records[^1].Id : null));
    }
}
