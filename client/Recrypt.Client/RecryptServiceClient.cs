using System.Net.Http.Json;
using System.Text.Json;
using Recrypt.Protocol;

namespace Recrypt.Client;

/// <summary>
/// A typed client of the Recrypt service. All cryptography stays on the client: it sends public keys,
/// transform keys and encrypted values made locally, and receives encrypted values to decrypt locally.
/// </summary>
/// <remarks>
/// Give it an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the service and whose
/// handler chain contains a <see cref="RecryptRequestSigner"/> for the identity it acts as (reads of public
/// data work without one). Every answer other than success throws a <see cref="RecryptServiceException"/>
/// that carries the status code and the ProblemDetails type and title.
/// <para>
/// The client trusts the service with nothing it can check itself: every recrypt public key it returns has
/// been verified against the identity's key certificate (made by the signing key the id names) and against
/// the highest key version this client has seen for that identity; a key that fails either check throws an
/// <see cref="UntrustedKeyException"/> before anyone can use it.
/// </para>
/// </remarks>
public sealed partial class RecryptServiceClient
{
    private readonly HttpClient _http;
    private readonly TransformEncryption _recrypt;

    /// <summary>Creates a client over <paramref name="httpClient"/>, which the caller keeps owning.</summary>
    /// <param name="httpClient">An HTTP client whose base address is the service.</param>
    /// <param name="recrypt">The process's <see cref="TransformEncryption"/>, which verifies key certificates.</param>
    /// <param name="keyVersions">Remembers the highest key version seen per identity; one for this client when <see langword="null"/>.</param>
    public RecryptServiceClient(HttpClient httpClient, TransformEncryption recrypt, IKeyVersionMemory? keyVersions = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(recrypt);
        _http = httpClient;
        _recrypt = recrypt;
        KeyVersions = keyVersions ?? new InMemoryKeyVersionMemory();
    }

    /// <summary>The JSON options of the service's wire format.</summary>
    internal static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The highest key version seen per identity.</summary>
    public IKeyVersionMemory KeyVersions { get; }

    /// <summary>The recrypt library this client verifies with.</summary>
    public TransformEncryption Recrypt => _recrypt;

    /// <summary><c>GET /service</c>: the service's signing public key.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The service's facts.</returns>
    public async Task<ServiceInfo> GetServiceInfoAsync(CancellationToken cancellationToken = default)
    {
        var wire = await SendAsync<ServiceInfoResponse>(HttpMethod.Get, "service", null, cancellationToken).ConfigureAwait(false);
        return new ServiceInfo(PublicSigningKey.Import(wire.SigningPublicKey));
    }

    /// <summary>
    /// <c>POST /identities</c>: registers the identity whose signing key signs this client's requests (the
    /// request proves possession of it), with its certificate of <paramref name="publicKey"/> as key version 1.
    /// </summary>
    /// <param name="publicKey">The identity's recrypt public key.</param>
    /// <param name="signingKeyPair">The identity's Ed25519 signing key pair: the one this client signs with. It certifies <paramref name="publicKey"/>.</param>
    /// <param name="name">An optional display name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The registered identity.</returns>
    public Task<IdentityInfo> RegisterIdentityAsync(
        PublicKey publicKey, SigningKeyPair signingKeyPair, string? name = null, CancellationToken cancellationToken = default) =>
        RegisterIdentityAsync(publicKey, KeyCertificate.FirstVersion, signingKeyPair, name, cancellationToken);

    /// <summary>
    /// <c>POST /identities</c>, for an identity whose key has been rotated before it registers with this
    /// service (a second service, or one whose data was reset): <paramref name="publicKey"/> is certified as
    /// <paramref name="keyVersion"/>, the version the identity's other services and correspondents know, so
    /// that no client that has seen that version takes the registration for a rollback.
    /// </summary>
    /// <param name="publicKey">The identity's current recrypt public key.</param>
    /// <param name="keyVersion">Its key version, at least 1.</param>
    /// <param name="signingKeyPair">The identity's Ed25519 signing key pair: the one this client signs with. It certifies <paramref name="publicKey"/>.</param>
    /// <param name="name">An optional display name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The registered identity.</returns>
    public async Task<IdentityInfo> RegisterIdentityAsync(
        PublicKey publicKey, int keyVersion, SigningKeyPair signingKeyPair, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        ArgumentOutOfRangeException.ThrowIfLessThan(keyVersion, KeyCertificate.FirstVersion);
        var certificate = KeyCertificate.Sign(_recrypt, signingKeyPair, keyVersion, publicKey);
        var wire = await SendAsync<IdentityResponse>(
            HttpMethod.Post, "identities",
            new RegisterIdentityRequest(publicKey.Export(), signingKeyPair.PublicKey.Export(), certificate, name, keyVersion), cancellationToken)
            .ConfigureAwait(false);
        return Verify(wire, IdentityId.FromSigningKey(signingKeyPair.PublicKey));
    }

    /// <summary>
    /// <c>GET /identities/{id}</c>: an identity's public keys, verified: the signing key is the one the id
    /// names, the recrypt public key carries that signing key's certificate, and its version is not older than
    /// one this client has seen. Throws <see cref="UntrustedKeyException"/> otherwise.
    /// </summary>
    /// <param name="id">The identity's id, as the caller got it from the identity itself (out of band).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The identity.</returns>
    public async Task<IdentityInfo> GetIdentityAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var wire = await SendAsync<IdentityResponse>(HttpMethod.Get, $"identities/{Escape(id)}", null, cancellationToken).ConfigureAwait(false);
        return Verify(wire, id);
    }

    /// <summary><c>GET /identities/{id}/keys</c>: every version of an identity's recrypt public key, each certificate verified.</summary>
    /// <param name="id">The identity's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The key versions, oldest first.</returns>
    public async Task<IReadOnlyList<KeyVersionInfo>> ListKeyVersionsAsync(string id, CancellationToken cancellationToken = default)
    {
        var identity = await GetIdentityAsync(id, cancellationToken).ConfigureAwait(false);
        var wire = await SendAsync<KeyVersionResponse[]>(HttpMethod.Get, $"identities/{Escape(id)}/keys", null, cancellationToken).ConfigureAwait(false);
        var keys = new List<KeyVersionInfo>(wire.Length);
        foreach (var key in wire)
        {
            var publicKey = ImportKey(id, identity.Name, key.PublicKey);
            if (!KeyCertificate.Verify(_recrypt, id, identity.SigningPublicKey, key.KeyVersion, publicKey, key.KeyCertificate))
            {
                throw new UntrustedKeyException(id, identity.Name, $"the certificate of key version {key.KeyVersion} does not verify under the identity's signing key");
            }
            keys.Add(new KeyVersionInfo(key.KeyVersion, publicKey, key.CreatedAt));
        }
        return keys;
    }

    /// <summary>
    /// <c>POST /identities/{id}/keys</c>: certifies <paramref name="publicKey"/> as the next version of this
    /// client's identity's key and stores it: the first step of a key rotation (see <see cref="KeyRotation"/>).
    /// </summary>
    /// <param name="keyVersion">The new version: one more than the current one.</param>
    /// <param name="publicKey">The new recrypt public key.</param>
    /// <param name="signingKeyPair">The identity's signing key pair: the one this client signs with.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The identity with its new key.</returns>
    public async Task<IdentityInfo> AddKeyVersionAsync(int keyVersion, PublicKey publicKey, SigningKeyPair signingKeyPair, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        var id = IdentityId.FromSigningKey(signingKeyPair.PublicKey);
        var certificate = KeyCertificate.Sign(_recrypt, signingKeyPair, keyVersion, publicKey);
        var wire = await SendAsync<IdentityResponse>(
            HttpMethod.Post, $"identities/{Escape(id)}/keys", new AddKeyVersionRequest(keyVersion, publicKey.Export(), certificate), cancellationToken)
            .ConfigureAwait(false);
        return Verify(wire, id);
    }

    /// <summary><c>PUT /identities/{ownerId}/grants/{granteeId}</c>: grants the grantee access, with a transform key made on the owner's client.</summary>
    /// <param name="ownerId">The owner: the identity this client signs as.</param>
    /// <param name="granteeId">The identity, or the group, to grant access to.</param>
    /// <param name="transformKey">
    /// The transform key from the owner's private key to the grantee's public key as <see cref="GetIdentityAsync"/>
    /// (or <see cref="GetGroupAsync"/>) returned it (verified), signed with the owner's signing key.
    /// </param>
    /// <param name="ownerKeyVersion">The version of the owner's key the transform key starts from; the service refuses it unless it is the current one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The grant as stored.</returns>
    public async Task<GrantInfo> PutGrantAsync(
        string ownerId, string granteeId, TransformKey transformKey, int? ownerKeyVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentException.ThrowIfNullOrEmpty(granteeId);
        ArgumentNullException.ThrowIfNull(transformKey);
        var wire = await SendAsync<GrantResponse>(
            HttpMethod.Put, $"identities/{Escape(ownerId)}/grants/{Escape(granteeId)}",
            new PutGrantRequest(transformKey.Export(), ownerKeyVersion), cancellationToken)
            .ConfigureAwait(false);
        return ToGrant(wire);
    }

    /// <summary><c>GET /identities/{ownerId}/grants</c>: the owner's grants.</summary>
    /// <param name="ownerId">The owner: the identity this client signs as.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The grants, oldest first.</returns>
    public async Task<IReadOnlyList<GrantInfo>> ListGrantsAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var wire = await SendAsync<GrantResponse[]>(HttpMethod.Get, $"identities/{Escape(ownerId)}/grants", null, cancellationToken).ConfigureAwait(false);
        return [.. wire.Select(ToGrant)];
    }

    /// <summary><c>DELETE /identities/{ownerId}/grants/{granteeId}</c>: revokes a grant; throws (404) when there was none.</summary>
    /// <param name="ownerId">The owner: the identity this client signs as.</param>
    /// <param name="granteeId">The grantee.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The service's signed receipt of the revoke (<see cref="Receipts.Verify"/> checks it).</returns>
    public async Task<Receipt> RevokeGrantAsync(string ownerId, string granteeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentException.ThrowIfNullOrEmpty(granteeId);
        var wire = await SendAsync<RevokeResponse>(HttpMethod.Delete, $"identities/{Escape(ownerId)}/grants/{Escape(granteeId)}", null, cancellationToken)
            .ConfigureAwait(false);
        return wire.Receipt;
    }

    /// <summary>
    /// <c>GET /identities/{id}/audit</c>, every page: the audit events that concern the identity this client signs as
    /// (who fetched its document keys and when, grants made and revoked, refusals), oldest first.
    /// </summary>
    /// <param name="identityId">The identity: the one this client signs as.</param>
    /// <param name="since">Only events at or after this time.</param>
    /// <param name="type">Only events of this type (<see cref="AuditEventTypes"/>).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The events.</returns>
    public Task<IReadOnlyList<AuditEventResponse>> GetAuditEventsAsync(
        string identityId, DateTimeOffset? since = null, string? type = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityId);
        return ReadAuditAsync($"identities/{Escape(identityId)}/audit", since, type, cancellationToken);
    }

    /// <summary>
    /// <c>GET /groups/{groupId}/audit</c>, every page: the audit events of a group (its changes, grants to it, and the
    /// fetches of document keys through it), oldest first. The client must sign as an admin of the group.
    /// </summary>
    /// <param name="groupId">The group's id.</param>
    /// <param name="since">Only events at or after this time.</param>
    /// <param name="type">Only events of this type (<see cref="AuditEventTypes"/>).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The events, oldest first.</returns>
    public Task<IReadOnlyList<AuditEventResponse>> GetGroupAuditEventsAsync(
        string groupId, DateTimeOffset? since = null, string? type = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return ReadAuditAsync($"groups/{Escape(groupId)}/audit", since, type, cancellationToken);
    }

    /// <summary>Every page of the audit events at <paramref name="resource"/> (an identity's or a group's).</summary>
    private async Task<IReadOnlyList<AuditEventResponse>> ReadAuditAsync(string resource, DateTimeOffset? since, string? type, CancellationToken cancellationToken)
    {
        var events = new List<AuditEventResponse>();
        long? after = null;
        do
        {
            var query = new List<string>();
            if (after is { } cursor)
            {
                query.Add($"after={cursor.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
            if (since is { } from)
            {
                query.Add("since=" + Uri.EscapeDataString(from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)));
            }
            if (type is not null)
            {
                query.Add("type=" + Uri.EscapeDataString(type));
            }
            var path = resource + (query.Count == 0 ? "" : "?" + string.Join('&', query));
            var page = await SendAsync<AuditPageResponse>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events);
            after = page.Next;
        }
        while (after is not null);
        return events;
    }

    /// <summary><c>POST /documents</c>: stores a document key encrypted on this client to the owner's own public key.</summary>
    /// <param name="encryptedValue">The plaintext encrypted to the owner's public key and signed with the owner's signing key.</param>
    /// <param name="keyVersion">The version of the owner's key it is encrypted to; the service refuses it unless it is the current one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored document key's id and owner.</returns>
    public async Task<DocumentKeyInfo> CreateDocumentKeyAsync(EncryptedValue encryptedValue, int? keyVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encryptedValue);
        var wire = await SendAsync<DocumentCreatedResponse>(
            HttpMethod.Post, "documents", new CreateDocumentRequest(encryptedValue.Export(), keyVersion), cancellationToken).ConfigureAwait(false);
        return ToDocumentKeyInfo(wire);
    }

    /// <summary><c>GET /documents</c>: the document keys this client's identity owns.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document keys, oldest first.</returns>
    public async Task<IReadOnlyList<DocumentKeyInfo>> ListDocumentKeysAsync(CancellationToken cancellationToken = default)
    {
        var wire = await SendAsync<DocumentCreatedResponse[]>(HttpMethod.Get, "documents", null, cancellationToken).ConfigureAwait(false);
        return [.. wire.Select(ToDocumentKeyInfo)];
    }

    /// <summary><c>PUT /documents/{id}</c>: replaces the value of a document key this client's identity owns (after a key rotation).</summary>
    /// <param name="id">The document key's id.</param>
    /// <param name="encryptedValue">The same plaintext, encrypted to the owner's current public key and signed with the owner's signing key.</param>
    /// <param name="keyVersion">The version of the owner's key it is encrypted to; the service refuses it unless it is the current one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document key as stored.</returns>
    public async Task<DocumentKeyInfo> ReplaceDocumentKeyAsync(string id, EncryptedValue encryptedValue, int? keyVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(encryptedValue);
        var wire = await SendAsync<DocumentCreatedResponse>(
            HttpMethod.Put, $"documents/{Escape(id)}", new CreateDocumentRequest(encryptedValue.Export(), keyVersion), cancellationToken).ConfigureAwait(false);
        return ToDocumentKeyInfo(wire);
    }

    /// <summary><c>GET /documents/{id}</c>: a document key encrypted to this client's identity, to decrypt locally.</summary>
    /// <param name="id">The document key's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document key.</returns>
    public async Task<DocumentKey> GetDocumentKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var wire = await SendAsync<DocumentResponse>(HttpMethod.Get, $"documents/{Escape(id)}", null, cancellationToken).ConfigureAwait(false);
        return new DocumentKey(wire.Id, wire.OwnerId, EncryptedValue.Import(wire.EncryptedValue), wire.KeyVersion);
    }

    /// <summary><c>DELETE /documents/{id}</c>: deletes a document key this client's identity owns; throws (404) when there was none.</summary>
    /// <param name="id">The document key's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the document key is gone.</returns>
    public async Task DeleteDocumentKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await SendAsync(HttpMethod.Delete, $"documents/{Escape(id)}", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The checks that make a key the service returned one the client may use.</summary>
    private IdentityInfo Verify(IdentityResponse wire, string expectedId)
    {
        if (wire.Id != expectedId)
        {
            throw new UntrustedKeyException(expectedId, null, $"the service answered identity {wire.Id} instead");
        }
        if (wire.SigningPublicKey is not { Length: PublicSigningKey.Size } || !PublicSigningKey.TryImport(wire.SigningPublicKey, out var signingKey)
            || IdentityId.FromSigningKey(signingKey) != expectedId)
        {
            throw new UntrustedKeyException(expectedId, wire.Name, "its signing key is not the one the id names");
        }
        var publicKey = ImportKey(expectedId, wire.Name, wire.PublicKey);
        if (wire.KeyCertificate is null
            || !KeyCertificate.Verify(_recrypt, expectedId, signingKey, wire.KeyVersion, publicKey, wire.KeyCertificate))
        {
            throw new UntrustedKeyException(
                expectedId, wire.Name, $"the key certificate (key version {wire.KeyVersion}) does not verify under the identity's signing key");
        }
        if (KeyVersions.HighestSeen(expectedId) is { } highest && wire.KeyVersion < highest)
        {
            throw new UntrustedKeyException(
                expectedId, wire.Name, $"it is key version {wire.KeyVersion}, which key version {highest} (seen before) superseded");
        }
        KeyVersions.Seen(expectedId, wire.KeyVersion);
        return new IdentityInfo(wire.Id, wire.Name, publicKey, signingKey, wire.KeyVersion, wire.CreatedAt);
    }

    private static PublicKey ImportKey(string id, string? name, byte[]? bytes) =>
        bytes is { Length: PublicKey.Size } && PublicKey.TryImport(bytes, out var key)
            ? key
            : throw new UntrustedKeyException(id, name, "its recrypt public key is not a point on the curve");

    private static GrantInfo ToGrant(GrantResponse wire) => new(wire.GranteeId, wire.CreatedAt, wire.OwnerKeyVersion, wire.GranteeKeyVersion, wire.GranteeKind, wire.Receipt);

    private static DocumentKeyInfo ToDocumentKeyInfo(DocumentCreatedResponse wire) => new(wire.Id, wire.OwnerId, wire.CreatedAt, wire.KeyVersion);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(JsonOptions, cancellationToken).ConfigureAwait(false)
            ?? throw new RecryptServiceException($"The service answered {method} {path} with an empty body.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: JsonOptions),
        };
        var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemOfAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The exception for a failed answer: its ProblemDetails when it has one, else its status code alone.</summary>
    internal static async Task<RecryptServiceException> ProblemOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ProblemResponse? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<ProblemResponse>(JsonOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // Not a ProblemDetails: report the status code alone.
        }
        return new RecryptServiceException(response.StatusCode, problem?.Type, problem?.Title, problem?.Detail);
    }
}
