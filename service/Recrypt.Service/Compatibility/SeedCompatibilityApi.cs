using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Recrypt.Protocol;
using Recrypt.Service.Audit;
using Recrypt.Service.Errors;
using Recrypt.Service.RateLimiting;
using Recrypt.Service.Routing;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Compatibility;

/// <summary>
/// The 2020 prototype's routes and JSON, so that its README's curl walkthrough works unchanged. The
/// prototype's design makes the server see secrets: it generates identities' private keys, receives
/// them in request bodies, decrypts, and returns symmetric keys in clear. This mode keeps that shape but
/// not its mistakes: a private key must match the identity it claims to be, a fetch without a grant and
/// a revoke whose signature does not match are refused, and a refusal changes nothing. It keeps no
/// private key and no signing key of an identity; transform keys and encrypted values are signed with
/// the service's own key. Like the service's own routes, every security-relevant event is in the audit
/// trail, each change's record written in the change's transaction: identities created, grants made and
/// revoked, symmetric keys created and fetched, and every refusal. No request is signed here, so an event's
/// actor is the identity whose private key the request proved it holds (none when the proof failed).
/// Off by default; not in the OpenAPI document.
/// </summary>
internal static partial class SeedCompatibilityApi
{
    /// <summary>Registers the mode's options; the mode is Api256 only, so it refuses to start on an Api480 deployment.</summary>
    public static WebApplicationBuilder AddSeedCompatibility(this WebApplicationBuilder builder, RecryptCurve curve)
    {
        var options = builder.Configuration.GetSection(SeedCompatibilityOptions.SectionName).Get<SeedCompatibilityOptions>()
            ?? new SeedCompatibilityOptions();
        if (options.Enabled && curve != RecryptCurve.Api256)
        {
            throw new Scheme.SchemeSettingException(
                $"SeedCompatibility:Enabled=true needs {Scheme.SchemeSetup.CurveSetting}=Api256: the 2020 prototype's routes are Api256 only, and this service is {curve}.");
        }
        // The storage provider registers the mode's store (ISeedStore); it is opened only when the mode is on.
        builder.Services.AddSingleton(options);
        return builder;
    }

    public static IEndpointRouteBuilder MapSeedCompatibility(this IEndpointRouteBuilder routes)
    {
        if (!routes.ServiceProvider.GetRequiredService<SeedCompatibilityOptions>().Enabled)
        {
            return routes;
        }
        Enabled(routes.ServiceProvider.GetRequiredService<ILogger<SeedServices>>());

        var group = routes.MapGroup("/")
            .WithTags("Seed compatibility")
            .ExcludeFromDescription()
            .RequireCanonicalIds(IsWellFormedId, "a UUID in lowercase 8-4-4-4-12 form", "ownerId", "granteeId", "callerId", "keyId");
        group.MapGet("/create_identity", CreateIdentity).WithName("SeedCreateIdentity").WithRateLimit(RateLimitKind.Registration);
        group.MapPost("/grant_access/{ownerId}/{granteeId}", GrantAccess).WithName("SeedGrantAccess").WithRateLimit(RateLimitKind.Writes);
        group.MapGet("/create_sym_key/{ownerId}", CreateSymmetricKey).WithName("SeedCreateSymmetricKey").WithRateLimit(RateLimitKind.Writes);
        group.MapPost("/get_sym_key/{callerId}/{ownerId}/{keyId}", GetSymmetricKey).WithName("SeedGetSymmetricKey").WithRateLimit(RateLimitKind.Transforms);
        group.MapPost("/revoke_access/{ownerId}/{granteeId}", RevokeAccess).WithName("SeedRevokeAccess").WithRateLimit(RateLimitKind.Writes);
        return routes;
    }

    /// <summary>Whether <paramref name="id"/> is exactly the form the mode makes ids in (<see cref="Guid.ToString()"/>).</summary>
    public static bool IsWellFormedId(string id) =>
        Guid.TryParseExact(id, "D", out var guid) && string.Equals(guid.ToString(), id, StringComparison.Ordinal);

    public static Ok<SeedIdentityResponse> CreateIdentity([AsParameters] SeedServices services)
    {
        var (privateKey, publicKey) = services.Recrypt.GenerateKeyPair();
        using (privateKey)
        {
            var id = Guid.NewGuid().ToString();
            services.Store.AddIdentity(new SeedIdentityRecord
            {
                Id = id,
                PublicKey = publicKey.Export(),
                CreatedAt = StoredTime.Now(services.Time),
            }, services.Audit.Event(AuditEventTypes.IdentityRegistered, [id], [id], actor: id));
            Done(services.Logger, "create_identity", id);
            return TypedResults.Ok(new SeedIdentityResponse(id, privateKey.Export()));
        }
    }

    public static Results<Ok<SeedTransformKeyResponse>, ProblemHttpResult> GrantAccess(
        string ownerId, string granteeId, int[] body, [AsParameters] SeedServices services)
    {
        if (!TryReadBytes(body, PrivateKey.Size, "the owner's private key", out var bytes, out var problem))
        {
            return problem;
        }
        if (ownerId == granteeId)
        {
            return Problems.MalformedInput.Result("An identity cannot grant access to itself.");
        }
        var owner = services.Store.FindIdentity(ownerId);
        var grantee = services.Store.FindIdentity(granteeId);
        if (owner is null || grantee is null)
        {
            return Problems.NotFound.Result($"No identity {(owner is null ? ownerId : granteeId)} exists.");
        }

        using var privateKey = PrivateKey.Import(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        if (!IsKeyOf(services, privateKey, owner))
        {
            Refuse(services, "grant_access", ownerId, AuditEventTypes.GrantRefused, [granteeId, ownerId], ownerId, "private key does not match");
            return Problems.Forbidden.Result($"The private key in the body is not {ownerId}'s.");
        }

        var transformKey = services.Recrypt.GenerateTransformKey(
            privateKey, PublicKey.Import(grantee.PublicKey), services.ServiceKey.SigningKeyPair);
        services.Store.PutGrant(new SeedGrantRecord
        {
            Id = SeedGrantRecord.IdOf(ownerId, granteeId),
            TransformKey = transformKey.Export(),
            SignatureHex = Convert.ToHexStringLower(transformKey.Signature),
            CreatedAt = StoredTime.Now(services.Time),
        }, services.Audit.Event(AuditEventTypes.GrantMade, [granteeId], [ownerId, granteeId], actor: ownerId));
        Granted(services.Logger, ownerId, granteeId);
        return TypedResults.Ok(SeedTransformKeyResponse.From(transformKey));
    }

    public static Results<Ok<SeedSymmetricKeyResponse>, ProblemHttpResult> CreateSymmetricKey(
        string ownerId, [AsParameters] SeedServices services)
    {
        var owner = services.Store.FindIdentity(ownerId);
        if (owner is null)
        {
            return Problems.NotFound.Result($"No identity {ownerId} exists.");
        }

        using var plaintext = services.Recrypt.GeneratePlaintext();
        using var symmetricKey = services.Recrypt.DeriveSymmetricKey(plaintext);
        var value = services.Recrypt.Encrypt(plaintext, PublicKey.Import(owner.PublicKey), services.ServiceKey.SigningKeyPair);
        var id = Guid.NewGuid().ToString();
        services.Store.AddKey(new SeedKeyRecord
        {
            Id = id,
            OwnerId = ownerId,
            EncryptedValue = value.Export(),
            CreatedAt = StoredTime.Now(services.Time),
        }, services.Audit.Event(AuditEventTypes.DocumentStored, [id], [ownerId]));
        Done(services.Logger, "create_sym_key", id);
        return TypedResults.Ok(new SeedSymmetricKeyResponse(id, ToHex(symmetricKey)));
    }

    public static Results<ContentHttpResult, ProblemHttpResult> GetSymmetricKey(
        string callerId, string ownerId, string keyId, int[] body, [AsParameters] SeedServices services)
    {
        if (!TryReadBytes(body, PrivateKey.Size, "the caller's private key", out var bytes, out var problem))
        {
            return problem;
        }
        var caller = services.Store.FindIdentity(callerId);
        var key = services.Store.FindKey(keyId);
        if (caller is null || services.Store.FindIdentity(ownerId) is null)
        {
            return Problems.NotFound.Result($"No identity {(caller is null ? callerId : ownerId)} exists.");
        }
        if (key is null || key.OwnerId != ownerId)
        {
            return Problems.NotFound.Result($"{ownerId} has no symmetric key {keyId}.");
        }

        using var privateKey = PrivateKey.Import(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        if (!IsKeyOf(services, privateKey, caller))
        {
            Refuse(services, "get_sym_key", callerId, AuditEventTypes.DocumentRefused, [keyId, ownerId], ownerId, "private key does not match");
            return Problems.Forbidden.Result($"The private key in the body is not {callerId}'s.");
        }

        var value = EncryptedValue.Import(key.EncryptedValue);
        if (callerId != ownerId)
        {
            var grant = services.Store.FindGrant(ownerId, callerId);
            if (grant is null)
            {
                Refuse(services, "get_sym_key", callerId, AuditEventTypes.DocumentRefused, [keyId, ownerId], ownerId, "no grant from the owner", actor: callerId);
                return Problems.Forbidden.Result($"{ownerId} has not granted {callerId} access.");
            }
            value = services.Recrypt.Transform(value, TransformKey.Import(grant.TransformKey), services.ServiceKey.SigningKeyPair);
        }

        using var plaintext = services.Recrypt.Decrypt(value, privateKey);
        using var symmetricKey = services.Recrypt.DeriveSymmetricKey(plaintext);
        services.Audit.Record(AuditEventTypes.DocumentFetched, [keyId, ownerId], [ownerId], actor: callerId);
        Fetched(services.Logger, keyId, callerId);
        return TypedResults.Text(ToHex(symmetricKey), "text/plain");
    }

    public static Results<Ok, ProblemHttpResult> RevokeAccess(
        string ownerId, string granteeId, int[] body, [AsParameters] SeedServices services)
    {
        if (!TryReadBytes(body, TransformEncryption.Ed25519SignatureSize, "the grant's signature", out var signature, out var problem))
        {
            return problem;
        }
        // The grant's signature is the proof the prototype asks of the owner: a revoke that presents it acts as the owner.
        var revoked = services.Audit.Event(AuditEventTypes.GrantRevoked, [granteeId], [ownerId, granteeId], actor: ownerId);
        if (services.Store.DeleteGrantWithSignature(ownerId, granteeId, Convert.ToHexStringLower(signature), revoked) is not null)
        {
            Revoked(services.Logger, ownerId, granteeId);
            return TypedResults.Ok();
        }
        if (services.Store.FindGrant(ownerId, granteeId) is null)
        {
            return Problems.NotFound.Result($"{ownerId} has no grant to {granteeId}.");
        }
        Refuse(services, "revoke_access", ownerId, AuditEventTypes.GrantRefused, [granteeId, ownerId], ownerId, "signature does not match");
        return Problems.Forbidden.Result("The signature is not the grant's: nothing was revoked.");
    }

    /// <summary>
    /// Logs a refusal of <paramref name="operation"/> to <paramref name="identityId"/> (the identity the request claims),
    /// and records it about <paramref name="subjects"/> in the trail of <paramref name="ownerId"/>; the actor is
    /// <paramref name="actor"/> when the request proved it, else none.
    /// </summary>
    private static void Refuse(
        SeedServices services, string operation, string identityId, string type, string[] subjects, string ownerId, string reason, string? actor = null)
    {
        services.Audit.Record(type, subjects, [ownerId], AuditRecorder.Refused(reason), actor);
        Refused(services.Logger, operation, identityId, reason);
    }

    private static bool IsKeyOf(SeedServices services, PrivateKey privateKey, SeedIdentityRecord identity) =>
        services.Recrypt.ComputePublicKey(privateKey) == PublicKey.Import(identity.PublicKey);

    private static string ToHex(SymmetricKey key)
    {
        var bytes = key.Export();
        try
        {
            return Convert.ToHexStringLower(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static bool TryReadBytes(int[] values, int size, string what, out byte[] bytes, out ProblemHttpResult problem)
    {
        bytes = [];
        problem = null!;
        if (values.Length != size)
        {
            problem = Problems.MalformedInput.Result($"The body must be {what}: a JSON array of {size} numbers 0-255; it has {values.Length}.");
            return false;
        }
        if (values.Any(value => value is < 0 or > 255))
        {
            problem = Problems.MalformedInput.Result($"The body must be {what}: a JSON array of {size} numbers 0-255.");
            return false;
        }
        bytes = [.. values.Select(value => (byte)value)];
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Seed compatibility mode is ON: the prototype's routes are served, and in this mode the server generates, "
        + "receives and uses identities' private keys and returns symmetric keys in clear. Use it only to run the "
        + "prototype's walkthrough, never with real data.")]
    private static partial void Enabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed {Operation}: {Subject}")]
    private static partial void Done(ILogger logger, string operation, string subject);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed grant_access: {OwnerId} -> {GranteeId}")]
    private static partial void Granted(ILogger logger, string ownerId, string granteeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed get_sym_key: {KeyId} for {CallerId}")]
    private static partial void Fetched(ILogger logger, string keyId, string callerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed revoke_access: {OwnerId} -> {GranteeId}")]
    private static partial void Revoked(ILogger logger, string ownerId, string granteeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed {Operation} refused for {IdentityId}: {Reason}")]
    private static partial void Refused(ILogger logger, string operation, string identityId, string reason);
}
