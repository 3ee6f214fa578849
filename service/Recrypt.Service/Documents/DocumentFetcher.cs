using Recrypt.Protocol;
using Recrypt.Service.Audit;
using Recrypt.Service.Errors;
using Recrypt.Service.Identities;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Documents;

/// <summary>
/// Fetches one document key for a caller: finds it, asks <see cref="DocumentAccess"/> whether and how the
/// caller may have it, and applies the transform keys the answer names (signing with the service's key).
/// The single fetch and the batch fetch both run this, so they cannot disagree; each fetch and each refusal of
/// a document key that exists is recorded in the audit trail.
/// </summary>
internal sealed partial class DocumentFetcher(
    IDocumentStore documents,
    DocumentAccess access,
    AuditRecorder audit,
    Scheme.SchemeCurve scheme,
    ServiceSigningKey serviceKey,
    TransformLimitOptions limits,
    ILogger<DocumentFetcher> logger)
{
    /// <summary>The document key <paramref name="id"/> encrypted to <paramref name="caller"/>, or why not.</summary>
    public FetchOutcome Fetch(string id, IdentityRecord caller)
    {
        var callerId = caller.Id;
        if (!DocumentsApi.IsWellFormedId(id))
        {
            return FetchOutcome.Refused(Problems.MalformedInput, $"id must be {DocumentsApi.IdForm}.");
        }
        var document = documents.Find(id);
        if (document is null)
        {
            return FetchOutcome.Refused(Problems.NotFound, $"No document key {id} exists.");
        }
        var decision = access.Decide(document, caller);
        if (!decision.Allowed)
        {
            audit.Record(AuditEventTypes.DocumentRefused, [id, document.OwnerId], [document.OwnerId], AuditRecorder.Refused(decision.Role));
            Refused(logger, id, callerId, decision.Role);
            return FetchOutcome.Refused(decision.Problem!, decision.Detail!);
        }
        // A fetch through a group names the group too, so the group's part in it is on the record, and in the group's trail.
        string[] subjects = decision.GroupId is { } groupId ? [id, document.OwnerId, groupId] : [id, document.OwnerId];
        string[] concerns = decision.GroupId is { } through ? [document.OwnerId, through] : [document.OwnerId];
        if (decision.TransformKeys.Count == 0)
        {
            audit.Record(AuditEventTypes.DocumentFetched, subjects, concerns);
            Fetched(logger, id, callerId, decision.Role);
            return FetchOutcome.Found(new DocumentResponse(document.Id, document.OwnerId, document.EncryptedValue, document.KeyVersion));
        }

        // Stored values are never transformed (the upload refuses them), so the hops are the transform keys'.
        var hops = decision.TransformKeys.Count;
        if (hops > limits.MaxHops)
        {
            audit.Record(AuditEventTypes.DocumentRefused, subjects, concerns, AuditRecorder.Refused("transform hop limit"));
            Refused(logger, id, callerId, "transform hop limit");
            return FetchOutcome.Refused(Problems.TransformHopLimit,
                $"Transforming {id} for {callerId} would give it {hops} transform hops; this service allows at most {limits.MaxHops} (Transforms:MaxHops).");
        }
        // The stored encodings go to the transform as they are: it decodes and checks each once.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var value = document.EncryptedValue;
        foreach (var transformKey in decision.TransformKeys)
        {
            value = scheme.Transform(value, transformKey, serviceKey.SigningKeyPair);
        }
        Observability.RecryptMetrics.TransformDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        Observability.RecryptMetrics.Transforms.Add(decision.TransformKeys.Count);
        audit.Record(AuditEventTypes.DocumentFetched, subjects, concerns);
        Fetched(logger, id, callerId, decision.Role);
        return FetchOutcome.Found(new DocumentResponse(document.Id, document.OwnerId, value, decision.KeyVersion));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document key {DocumentId} fetched by {CallerId} ({Role})")]
    private static partial void Fetched(ILogger logger, string documentId, string callerId, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused document key {DocumentId} to {CallerId}: {Reason}")]
    private static partial void Refused(ILogger logger, string documentId, string callerId, string reason);
}

/// <summary>A fetch's outcome: the document key, or the problem to answer.</summary>
internal sealed record FetchOutcome(DocumentResponse? Document, ProblemKind? Problem, string? Detail)
{
    public static FetchOutcome Found(DocumentResponse document) => new(document, null, null);

    public static FetchOutcome Refused(ProblemKind problem, string detail) => new(null, problem, detail);
}
