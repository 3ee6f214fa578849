using System.Net.Http.Json;
using System.Text.Json;

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
/// </remarks>
public sealed class RecryptServiceClient
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    /// <summary>Creates a client over <paramref name="httpClient"/>, which the caller keeps owning.</summary>
    /// <param name="httpClient">An HTTP client whose base address is the service.</param>
    public RecryptServiceClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
    }

    /// <summary><c>GET /service</c>: the service's signing public key.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The service's facts.</returns>
    public async Task<ServiceInfo> GetServiceInfoAsync(CancellationToken cancellationToken = default)
    {
        var wire = await SendAsync<ServiceInfoWire>(HttpMethod.Get, "service", null, cancellationToken).ConfigureAwait(false);
        return new ServiceInfo(PublicSigningKey.Import(wire.SigningPublicKey));
    }

    /// <summary>
    /// <c>POST /identities</c>: registers the identity whose signing key signs this client's requests
    /// (the request proves possession of it).
    /// </summary>
    /// <param name="publicKey">The identity's recrypt public key.</param>
    /// <param name="signingPublicKey">The identity's Ed25519 signing public key: the public half of the key the client signs with.</param>
    /// <param name="name">An optional display name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The registered identity.</returns>
    public async Task<IdentityInfo> RegisterIdentityAsync(
        PublicKey publicKey, PublicSigningKey signingPublicKey, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signingPublicKey);
        var wire = await SendAsync<IdentityWire>(
            HttpMethod.Post, "identities", new RegisterIdentityWire(publicKey.Export(), signingPublicKey.Export(), name), cancellationToken)
            .ConfigureAwait(false);
        return ToIdentity(wire);
    }

    /// <summary><c>GET /identities/{id}</c>: an identity's public keys. The client checks that the id is the signing key's.</summary>
    /// <param name="id">The identity's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The identity.</returns>
    public async Task<IdentityInfo> GetIdentityAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var wire = await SendAsync<IdentityWire>(HttpMethod.Get, $"identities/{Escape(id)}", null, cancellationToken).ConfigureAwait(false);
        var identity = ToIdentity(wire);
        if (identity.Id != id)
        {
            throw new RecryptServiceException($"The service answered identity {identity.Id} when asked for {id}.");
        }
        return identity;
    }

    /// <summary><c>PUT /identities/{ownerId}/grants/{granteeId}</c>: grants the grantee access, with a transform key made on the owner's client.</summary>
    /// <param name="ownerId">The owner: the identity this client signs as.</param>
    /// <param name="granteeId">The identity to grant access to.</param>
    /// <param name="transformKey">The transform key from the owner's private key to the grantee's public key, signed with the owner's signing key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The grant as stored.</returns>
    public async Task<GrantInfo> PutGrantAsync(string ownerId, string granteeId, TransformKey transformKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentException.ThrowIfNullOrEmpty(granteeId);
        ArgumentNullException.ThrowIfNull(transformKey);
        var wire = await SendAsync<GrantWire>(
            HttpMethod.Put, $"identities/{Escape(ownerId)}/grants/{Escape(granteeId)}", new PutGrantWire(transformKey.Export()), cancellationToken)
            .ConfigureAwait(false);
        return new GrantInfo(wire.GranteeId, wire.CreatedAt);
    }

    /// <summary><c>GET /identities/{ownerId}/grants</c>: the owner's grants.</summary>
    /// <param name="ownerId">The owner: the identity this client signs as.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The grants, oldest first.</returns>
    public async Task<IReadOnlyList<GrantInfo>> ListGrantsAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var wire = await SendAsync<GrantWire[]>(HttpMethod.Get, $"identities/{Escape(ownerId)}/grants", null, cancellationToken).ConfigureAwait(false);
        return [.. wire.Select(grant => new GrantInfo(grant.GranteeId, grant.CreatedAt))];
    }

    /// <summary><c>DELETE /identities/{ownerId}/grants/{granteeId}</c>: revokes a grant; throws (404) when there was none.</summary>
    /// <param name="ownerId">The owner: the identity this client signs as.</param>
    /// <param name="granteeId">The grantee.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the grant is gone.</returns>
    public async Task RevokeGrantAsync(string ownerId, string granteeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentException.ThrowIfNullOrEmpty(granteeId);
        await SendAsync(HttpMethod.Delete, $"identities/{Escape(ownerId)}/grants/{Escape(granteeId)}", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /documents</c>: stores a document key encrypted on this client to the owner's own public key.</summary>
    /// <param name="encryptedValue">The plaintext encrypted to the owner's public key and signed with the owner's signing key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored document key's id and owner.</returns>
    public async Task<DocumentKeyInfo> CreateDocumentKeyAsync(EncryptedValue encryptedValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encryptedValue);
        var wire = await SendAsync<DocumentCreatedWire>(
            HttpMethod.Post, "documents", new CreateDocumentWire(encryptedValue.Export()), cancellationToken).ConfigureAwait(false);
        return new DocumentKeyInfo(wire.Id, wire.OwnerId, wire.CreatedAt);
    }

    /// <summary><c>GET /documents/{id}</c>: a document key encrypted to this client's identity, to decrypt locally.</summary>
    /// <param name="id">The document key's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document key.</returns>
    public async Task<DocumentKey> GetDocumentKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var wire = await SendAsync<DocumentWire>(HttpMethod.Get, $"documents/{Escape(id)}", null, cancellationToken).ConfigureAwait(false);
        return new DocumentKey(wire.Id, wire.OwnerId, EncryptedValue.Import(wire.EncryptedValue));
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

    private static IdentityInfo ToIdentity(IdentityWire wire)
    {
        var signingKey = PublicSigningKey.Import(wire.SigningPublicKey);
        if (RecryptIdentity.ComputeId(signingKey) != wire.Id)
        {
            throw new RecryptServiceException($"The service answered identity {wire.Id} with a signing key whose id is not {wire.Id}.");
        }
        return new IdentityInfo(wire.Id, wire.Name, PublicKey.Import(wire.PublicKey), signingKey, wire.CreatedAt);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(s_json, cancellationToken).ConfigureAwait(false)
            ?? throw new RecryptServiceException($"The service answered {method} {path} with an empty body.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: s_json),
        };
        var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            ProblemWire? problem = null;
            try
            {
                problem = await response.Content.ReadFromJsonAsync<ProblemWire>(s_json, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not a ProblemDetails: report the status code alone.
            }
            throw new RecryptServiceException(response.StatusCode, problem?.Type, problem?.Title, problem?.Detail);
        }
    }
}
