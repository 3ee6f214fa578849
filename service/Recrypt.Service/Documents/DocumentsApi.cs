using System.ComponentModel;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .RequireSignature()
            .RequireCanonicalIds(IsWellFormedId, IdForm, "id")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/", CreateDocument)
            .WithName("CreateDocument")
            .WithRateLimit(RateLimitKind.Writes)
            .WithSummary("Store a document key")
            .WithDescription(
                "Stores an encrypted value made on the owner's client: a plaintext encrypted to the owner's own "
                + "public key and signed with the owner's signing key. Signed by the owner. The value must decode "
                + "(400), never have been transformed, and carry a valid signature by the caller's signing key (422).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id}", GetDocument)
            .WithName("GetDocument")
            .WithRateLimit(RateLimitKind.Transforms)
            .WithSummary("Fetch a document key, encrypted to the caller")
            .WithDescription(
                "The owner gets the value as stored. A grantee of the owner gets it transformed to them with the "
                + "owner's transform key and signed with the service's signing key. Anyone else, or a grantee whose "
                + "grant was revoked, is refused (403).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{id}", DeleteDocument)
            .WithName("DeleteDocument")
            .WithRateLimit(RateLimitKind.Writes)
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
        if (request.EncryptedValue is null || !EncryptedValue.TryImport(request.EncryptedValue, out var value))
        {
            return Problems.MalformedInput.Result("encryptedValue is not the canonical encoding of an encrypted value.");
        }

        var owner = services.Identities.Find(ownerId)!;
        var check = value.TransformBlocks.Count != 0 ? "The encrypted value has been transformed; store the value as encrypted to the owner."
            : !value.VerifySignature() ? "The encrypted value's signature does not verify."
            : value.PublicSigningKey != PublicSigningKey.Import(owner.SigningPublicKey) ? "The encrypted value was not signed with the caller's signing key."
            : null;
        if (check is not null)
        {
            Refused(services.Logger, "new", ownerId, "cryptographic check failed");
            return Problems.CryptographicCheckFailed.Result(check);
        }

        var document = new DocumentRecord
        {
            Id = NewId(),
            OwnerId = ownerId,
            EncryptedValue = value.Export(),
            CreatedAt = StoredTime.Now(services.Time),
        };
        services.Documents.Add(document);
        Created(services.Logger, document.Id, ownerId);
        return TypedResults.Created(
            $"/documents/{document.Id}",
            new DocumentCreatedResponse(document.Id, ownerId, new DateTimeOffset(document.CreatedAt, TimeSpan.Zero)));
    }

    public static Results<Ok<DocumentResponse>, ProblemHttpResult> GetDocument(
        [Description("The document key's id.")] string id,
        ClaimsPrincipal user,
        TransformLimitOptions limits,
        [AsParameters] DocumentServices services)
    {
        var callerId = user.IdentityId();
        var document = services.Documents.Find(id);
        if (document is null)
        {
            return Problems.NotFound.Result($"No document key {id} exists.");
        }
        if (document.OwnerId == callerId)
        {
            Fetched(services.Logger, id, callerId, "owner");
            return TypedResults.Ok(new DocumentResponse(document.Id, document.OwnerId, document.EncryptedValue));
        }

        var grant = services.Grants.Find(document.OwnerId, callerId);
        if (grant is null)
        {
            Refused(services.Logger, id, callerId, "no grant from the owner");
            return Problems.Forbidden.Result($"{callerId} has no grant from the owner of {id}.");
        }

        var stored = EncryptedValue.Import(document.EncryptedValue);
        var hops = stored.TransformBlocks.Count + 1;
        if (hops > limits.MaxHops)
        {
            Refused(services.Logger, id, callerId, "transform hop limit");
            return Problems.TransformHopLimit.Result(
                $"Transforming {id} for {callerId} would give it {hops} transform hops; this service allows at most {limits.MaxHops} (Transforms:MaxHops).");
        }
        var transformed = services.Recrypt.Transform(stored, TransformKey.Import(grant.TransformKey), services.ServiceKey.SigningKeyPair);
        Fetched(services.Logger, id, callerId, "grantee, transformed");
        return TypedResults.Ok(new DocumentResponse(document.Id, document.OwnerId, transformed.Export()));
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
            Refused(services.Logger, id, callerId, "not the owner");
            return Problems.Forbidden.Result($"Only the owner may delete {id}.");
        }
        if (!services.Documents.Delete(id))
        {
            return Problems.NotFound.Result($"No document key {id} exists.");
        }
        Deleted(services.Logger, id, callerId);
        return TypedResults.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document key {DocumentId} stored by {OwnerId}")]
    private static partial void Created(ILogger logger, string documentId, string ownerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document key {DocumentId} fetched by {CallerId} ({Role})")]
    private static partial void Fetched(ILogger logger, string documentId, string callerId, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document key {DocumentId} deleted by {OwnerId}")]
    private static partial void Deleted(ILogger logger, string documentId, string ownerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused document key {DocumentId} to {CallerId}: {Reason}")]
    private static partial void Refused(ILogger logger, string documentId, string callerId, string reason);
}
