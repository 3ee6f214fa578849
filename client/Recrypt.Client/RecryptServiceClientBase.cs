using System.Net.Http.Json;
using Recrypt.Protocol;

namespace Recrypt.Client;

/// <summary>
/// What a client of the Recrypt service does whatever its curve: the service's facts, grants listed and revoked,
/// audit events, document keys listed and deleted, groups listed and left. The typed clients
/// (<see cref="RecryptServiceClient"/> for Api256, <see cref="RecryptServiceClient480"/> for Api480) add what carries keys
/// and values of their curve.
/// </summary>
/// <remarks>
/// Give a client an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the service and whose
/// handler chain contains a <see cref="RecryptRequestSigner"/> for the identity it acts as (reads of public data work
/// without one). Every answer other than success throws a <see cref="RecryptServiceException"/> that carries the status
/// code and the ProblemDetails type and title.
/// </remarks>
public abstract class RecryptServiceClientBase
{
    /// <summary>Creates a client over <paramref name="httpClient"/>, which the caller keeps owning.</summary>
    /// <param name="httpClient">An HTTP client whose base address is the service.</param>
    /// <param name="keyVersions">Remembers the highest key version seen per identity; one for this client when <see langword="null"/>.</param>
    private protected RecryptServiceClientBase(HttpClient httpClient, IKeyVersionMemory? keyVersions)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
        KeyVersions = keyVersions ?? new InMemoryKeyVersionMemory();
    }

    private readonly HttpClient _http;

    /// <summary>The service's curve once it has been asked for (<see cref="RequireServiceCurveAsync"/>), as an <see cref="int"/> for atomic reads; -1 before.</summary>
    private int _serviceCurve = -1;

    /// <summary>The highest key version seen per identity.</summary>
    public IKeyVersionMemory KeyVersions { get; }

    /// <summary>The curve this client was made for: its keys and values are of this curve, and so must the service's be.</summary>
    public abstract RecryptCurve Curve { get; }

    /// <summary><c>GET /service</c>: the service's signing public key and curve.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The service's facts.</returns>
    /// <exception cref="RecryptServiceException">The service failed, or names a curve this client does not know.</exception>
    public async Task<ServiceInfo> GetServiceInfoAsync(CancellationToken cancellationToken = default)
    {
        var wire = await SendAsync<ServiceInfoResponse>(HttpMethod.Get, "service", null, cancellationToken).ConfigureAwait(false);
        if (!ServiceCurves.TryParse(wire.Curve, out var curve))
        {
            throw new RecryptServiceException(
                $"The service at {_http.BaseAddress} announces the curve \"{wire.Curve}\", which this client does not know (it knows {ServiceCurves.Known}).");
        }
        Volatile.Write(ref _serviceCurve, (int)curve);
        return new ServiceInfo(PublicSigningKey.Import(wire.SigningPublicKey), curve);
    }

    /// <summary>
    /// Makes sure that the service uses this client's curve, asking it once (<c>GET /service</c>): the check before the
    /// first call that sends or receives keys or encrypted values.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the curves are known to match.</returns>
    /// <exception cref="CurveMismatchException">The service uses the other curve.</exception>
    public async Task RequireServiceCurveAsync(CancellationToken cancellationToken = default)
    {
        var known = Volatile.Read(ref _serviceCurve);
        var serviceCurve = known >= 0 ? (RecryptCurve)known : (await GetServiceInfoAsync(cancellationToken).ConfigureAwait(false)).Curve;
        if (serviceCurve != Curve)
        {
            throw new CurveMismatchException(_http.BaseAddress, serviceCurve, Curve);
        }
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

    /// <summary><c>GET /documents</c>: the document keys this client's identity owns.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document keys, oldest first.</returns>
    public async Task<IReadOnlyList<DocumentKeyInfo>> ListDocumentKeysAsync(CancellationToken cancellationToken = default)
    {
        var wire = await SendAsync<DocumentCreatedResponse[]>(HttpMethod.Get, "documents", null, cancellationToken).ConfigureAwait(false);
        return [.. wire.Select(ToDocumentKeyInfo)];
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

    private protected static GrantInfo ToGrant(GrantResponse wire) => new(wire.GranteeId, wire.CreatedAt, wire.OwnerKeyVersion, wire.GranteeKeyVersion, wire.GranteeKind, wire.Receipt);

    private protected static DocumentKeyInfo ToDocumentKeyInfo(DocumentCreatedResponse wire) => new(wire.Id, wire.OwnerId, wire.CreatedAt, wire.KeyVersion);

    private protected static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>A call that sends or receives keys or encrypted values: made once the service is known to use this client's curve.</summary>
    private protected async Task<T> SendCurveDataAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        await RequireServiceCurveAsync(cancellationToken).ConfigureAwait(false);
        return await SendAsync<T>(method, path, body, cancellationToken).ConfigureAwait(false);
    }

    private protected async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(ServiceWire.JsonOptions, cancellationToken).ConfigureAwait(false)
            ?? throw new RecryptServiceException($"The service answered {method} {path} with an empty body.");
    }

    private protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: ServiceWire.JsonOptions),
        };
        var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ServiceWire.ProblemOfAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>GET /groups</c>: the groups this client's identity administers or belongs to.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The groups, by name.</returns>
    public async Task<IReadOnlyList<GroupSummary>> ListGroupsAsync(CancellationToken cancellationToken = default)
    {
        var wire = await SendAsync<GroupSummaryResponse[]>(HttpMethod.Get, "groups", null, cancellationToken).ConfigureAwait(false);
        return [.. wire.Select(group => new GroupSummary(group.Id, group.Name, group.IsAdmin, group.IsMember, group.KeyVersion))];
    }

    /// <summary><c>DELETE /groups/{id}/members/{memberId}</c>: removes a member (as an admin, or the member itself leaving).</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the member is gone: from then on it is refused.</returns>
    public async Task RemoveGroupMemberAsync(string groupId, string memberId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        await SendAsync(HttpMethod.Delete, $"groups/{Escape(groupId)}/members/{Escape(memberId)}", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /groups/{id}/admins/{adminId}</c>: removes an admin (not the last one).</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="adminId">The admin.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the admin is gone.</returns>
    public async Task RemoveGroupAdminAsync(string groupId, string adminId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentException.ThrowIfNullOrEmpty(adminId);
        await SendAsync(HttpMethod.Delete, $"groups/{Escape(groupId)}/admins/{Escape(adminId)}", null, cancellationToken).ConfigureAwait(false);
    }
}
