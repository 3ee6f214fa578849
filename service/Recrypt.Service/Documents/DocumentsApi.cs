using System.ComponentModel;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Recrypt.Protocol;
using Recrypt.Service.Audit;
using Recrypt.Service.Auth;
using Recrypt.Service.Errors;
using Recrypt.Service.RateLimiting;
using Recrypt.Service.Routing;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Documents;

internal static partial class DocumentsApi
{
    /// <summary>A document key's id: 16 random bytes as 32 lowercase hex digits.</summary>
    public const string IdForm = "a document key id: 32 lowercase hex digits";

    private static readonly System.Buffers.SearchValues<char> s_lowercaseHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>A new document key id.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="id"/> is exactly the form <see cref="NewId"/> makes.</summary>
    public static bool IsWellFormedId(string id) => id.Length == 32 && id.AsSpan().IndexOfAnyExcept(s_lowercaseHex) < 0;

    public static RouteGroupBuilder MapDocuments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/documents")
            .WithTags("Documents")
            .RequireCanonicalIds(IsWellFormedId, IdForm, "id")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapPost("/", CreateDocument)
            .WithName("CreateDocument")
            .WithSummary("Store a document key")
            .WithDescription(
                "Stores an encrypted value made on the owner's client: a plaintext encrypted to the owner's own "
                + "public key and signed with the owner's signing key. Signed by the owner. The value must decode "
                + "(400), never have been transformed, and carry a valid signature by the caller's signing key (422).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", ListDocuments)
            .WithName("ListDocuments")
            .WithSummary("List the caller's own document keys")
            .WithDescription("Signed by the owner. Oldest first, each with the version of the owner's key its value is encrypted to.");

        group.MapPut("/{id}", ReplaceDocument)
            .WithName("ReplaceDocument")
            .WithSummary("Replace a document key's value (after a key rotation)")
            .WithDescription(
                "Signed by the owner. The new value encrypts the same plaintext to the owner's current key, so files "
                + "already encrypted stay valid; the old value is gone. The same checks as storing one (400, 422), "
                + "and the value must be for the owner's current key version (409).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id}", GetDocument)
            .WithName("GetDocument")
            .WithRateLimit(RateLimitKind.Transforms)
            .WithSummary("Fetch a document key, encrypted to the caller")
            .WithDescription(
                "The owner gets the value as stored. A grantee of the owner gets it transformed to them with the "
                + "owner's transform key and signed with the service's signing key; a member of a group the owner granted "
                + "gets it transformed twice (owner → group → member). Anyone else, or a grantee whose grant (or "
                + "membership) was revoked or made for a superseded key, is refused (403). While the owner is "
                + "rotating keys, a document key not yet re-encrypted to the grant's key version is 409 (retry).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/batch", GetDocuments)
            .WithName("GetDocuments")
            .WithRateLimitPerItem(RateLimitKind.Transforms)
            .WithSummary("Fetch several document keys in one request, each encrypted to the caller")
            .WithDescription(
                "Up to Documents:MaxBatchSize ids (100 by default) in one signed request. Each id is answered on its own, in order, "
                + "exactly as GET /documents/{id} would answer it: status 200 with the document key, or the status and problem of its "
                + "refusal (403, 404, 409, 422, or 400 for a malformed id). The transforms run in parallel. The request itself fails "
                + "(400) only when ids is empty or too long. Each well-formed id counts as one request against the Transforms rate limit, "
                + "as GET /documents/{id} would: an id over the limit is answered 429 (and recorded in the audit trail), and when no id "
                + "is within it the whole request is 429 with Retry-After.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapDelete("/{id}", DeleteDocument)
            .WithName("DeleteDocument")
            .WithSummary("Delete a document key")
            .WithDescription("Signed by the owner. 204 when it existed, 404 when it did not.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static Results<Created<DocumentCreatedResponse>, ProblemHttpResult> CreateDocument(
        CreateDocumentRequest request, ClaimsPrincipal user, [AsParameters] DocumentServices services)
    {
        var ownerId = user.IdentityId();
        var (value, keyVersion, problem) = CheckValue(request, ownerId, "new", services);
        if (problem is not null)
        {
            return problem;
        }

        var document = new DocumentRecord
        {
            Id = NewId(),
            OwnerId = ownerId,
            EncryptedValue = value!.Encoding,
            KeyVersion = keyVersion,
            CreatedAt = StoredTime.Now(services.Time),
        };
        services.Documents.Add(document, services.Audit.Event(AuditEventTypes.DocumentStored, [document.Id], [ownerId]));
        Created(services.Logger, document.Id, ownerId);
        return TypedResults.Created($"/documents/{document.Id}", ToCreatedResponse(document));
    }

    public static Results<Ok<DocumentCreatedResponse[]>, ProblemHttpResult> ListDocuments(ClaimsPrincipal user, [AsParameters] DocumentServices services) =>
        TypedResults.Ok(services.Documents.ListByOwner(user.IdentityId()).Select(ToCreatedResponse).ToArray());

    public static Results<Ok<DocumentCreatedResponse>, ProblemHttpResult> ReplaceDocument(
        [Description("The document key's id.")] string id, CreateDocumentRequest request, ClaimsPrincipal user, [AsParameters] DocumentServices services)
    {
        var callerId = user.IdentityId();
        var document = services.Documents.Find(id);
        if (document is null)
        {
            return Problems.NotFound.Result($"No document key {id} exists.");
        }
        if (document.OwnerId != callerId)
        {
            Refuse(services, id, document.OwnerId, "not the owner");
            return Problems.Forbidden.Result($"Only the owner may replace {id}.");
        }
        var (value, keyVersion, problem) = CheckValue(request, callerId, id, services);
        if (problem is not null)
        {
            return problem;
        }

        document.EncryptedValue = value!.Encoding;
        document.KeyVersion = keyVersion;
        if (!services.Documents.Update(document, services.Audit.Event(AuditEventTypes.DocumentReplaced, [id], [callerId])))
        {
            return Problems.NotFound.Result($"No document key {id} exists.");
        }
        Replaced(services.Logger, id, callerId, keyVersion);
        return TypedResults.Ok(ToCreatedResponse(document));
    }

    /// <summary>The checks every value the owner stores passes: it decodes, was never transformed, is signed by the owner, for the owner's current key.</summary>
    private static (Scheme.SchemeValue? Value, int KeyVersion, ProblemHttpResult? Problem) CheckValue(
        CreateDocumentRequest request, string ownerId, string documentId, DocumentServices services)
    {
        if (services.Curve.ReadEncryptedValue(request.EncryptedValue) is not { } value)
        {
            return (null, 0, Problems.MalformedInput.Result(services.Curve.EncryptedValueForm("encryptedValue")));
        }

        var owner = services.Identities.Find(ownerId)!;
        var current = owner.CurrentKey.Version;
        if (request.KeyVersion is { } declared && declared != current)
        {
            return (null, 0, Problems.Conflict.Result(
                $"The value is encrypted to key version {declared} of {ownerId}, whose current key version is {current}."));
        }
        var check = value.Transformed ? "The encrypted value has been transformed; store the value as encrypted to the owner."
            : !value.SignatureVerifies ? "The encrypted value's signature does not verify."
            : value.Signer != PublicSigningKey.Import(owner.SigningPublicKey) ? "The encrypted value was not signed with the caller's signing key."
            : null;
        if (check is not null)
        {
            Refuse(services, documentId, ownerId, "cryptographic check failed");
            return (null, 0, Problems.CryptographicCheckFailed.Result(check));
        }
        return (value, current, null);
    }

    private static DocumentCreatedResponse ToCreatedResponse(DocumentRecord document) =>
        new(document.Id, document.OwnerId, new DateTimeOffset(document.CreatedAt, TimeSpan.Zero), document.KeyVersion);

    public static Results<Ok<DocumentResponse>, ProblemHttpResult> GetDocument(
        [Description("The document key's id.")] string id, ClaimsPrincipal user, DocumentFetcher fetcher)
    {
        var outcome = fetcher.Fetch(id, user.Caller());
        return outcome.Document is { } document ? TypedResults.Ok(document) : outcome.Problem!.Result(outcome.Detail!);
    }

    public static Results<Ok<BatchDocumentsResponse>, ProblemHttpResult> GetDocuments(
        BatchDocumentsRequest request, HttpContext context, DocumentFetcher fetcher, DocumentBatchOptions options, RequestLimiter limiter)
    {
        if (request.Ids is not { Length: > 0 } ids)
        {
            return Problems.MalformedInput.Result("ids must name at least one document key.");
        }
        if (ids.Length > options.MaxBatchSize)
        {
            return Problems.MalformedInput.Result($"ids names {ids.Length} document keys; a batch holds at most {options.MaxBatchSize} (Documents:MaxBatchSize).");
        }
        var caller = context.User.Caller();
        var items = new BatchDocumentItem[ids.Length];
        // Each well-formed id costs what GET /documents/{id} costs against the rate limit; one over it is refused
        // and recorded (a malformed id is answered 400 by the fetch, costing nothing).
        var allowed = new bool[ids.Length];
        (string Detail, int? RetryAfter)? refusal = null;
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i] ?? "";
            using var lease = IsWellFormedId(id) ? limiter.AcquireItem(context, RateLimitKind.Transforms) : null;
            allowed[i] = lease is null || lease.IsAcquired;
            if (!allowed[i])
            {
                refusal = RequestLimiter.Refused(context, lease!, id);
                items[i] = new BatchDocumentItem(id, Problems.TooManyRequests.StatusCode,
                    Problem: new ProblemResponse(Problems.TooManyRequests.Type, Problems.TooManyRequests.Title, refusal.Value.Detail));
            }
        }
        if (refusal is { } refused && !allowed.Contains(true))
        {
            return RateLimitingSetup.TooManyRequests(context, refused);
        }
        // Each item is a fetch of its own (access checked, transforms applied); the transforms, the costly
        // part, are spread over the cores.
        Parallel.For(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            if (!allowed[i])
            {
                return;
            }
            var id = ids[i] ?? "";
            var outcome = fetcher.Fetch(id, caller);
            items[i] = outcome.Problem is { } problem
                ? new BatchDocumentItem(id, problem.StatusCode, Problem: new ProblemResponse(problem.Type, problem.Title, outcome.Detail))
                : new BatchDocumentItem(id, StatusCodes.Status200OK, outcome.Document);
        });
        return TypedResults.Ok(new BatchDocumentsResponse(items));
    }

    public static Results<NoContent, ProblemHttpResult> DeleteDocument(
        [Description("The document key's id.")] string id, ClaimsPrincipal user, [AsParameters] DocumentServices services)
    {
        var callerId = user.IdentityId();
        var document = services.Documents.Find(id);
        if (document is null)
        {
            return Problems.NotFound.Result($"No document key {id} exists.");
        }
        if (document.OwnerId != callerId)
        {
            Refuse(services, id, document.OwnerId, "not the owner");
            return Problems.Forbidden.Result($"Only the owner may delete {id}.");
        }
        if (!services.Documents.Delete(id, services.Audit.Event(AuditEventTypes.DocumentDeleted, [id], [callerId])))
        {
            return Problems.NotFound.Result($"No document key {id} exists.");
        }
        Deleted(services.Logger, id, callerId);
        return TypedResults.NoContent();
    }

    /// <summary>Logs and records a refusal of <paramref name="documentId"/>, owned by <paramref name="ownerId"/>, to the caller.</summary>
    private static void Refuse(DocumentServices services, string documentId, string ownerId, string reason)
    {
        var audit = services.Audit.Record(AuditEventTypes.DocumentRefused, [documentId, ownerId], [ownerId], AuditRecorder.Refused(reason));
        Refused(services.Logger, documentId, audit.Actor ?? "", reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document key {DocumentId} stored by {OwnerId}")]
    private static partial void Created(ILogger logger, string documentId, string ownerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document key {DocumentId} re-encrypted by {OwnerId} to key version {KeyVersion}")]
    private static partial void Replaced(ILogger logger, string documentId, string ownerId, int keyVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document key {DocumentId} deleted by {OwnerId}")]
    private static partial void Deleted(ILogger logger, string documentId, string ownerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused document key {DocumentId} to {CallerId}: {Reason}")]
    private static partial void Refused(ILogger logger, string documentId, string callerId, string reason);
}
