using Recrypt.Protocol;

namespace Recrypt.Client;

/// <summary>
/// The typed client of the Recrypt service, written once for both curves: use <see cref="RecryptServiceClient"/> with a
/// service of the Api256 curve and <see cref="RecryptServiceClient480"/> with an Api480 one. All cryptography stays on
/// the client: it sends public keys, transform keys and encrypted values made locally, and receives encrypted values to
/// decrypt locally.
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
/// <para>
/// A client is made for one curve (<see cref="Curve"/>), and the types of its keys and values are that curve's, so a
/// value of the other curve cannot reach it. Before its first call that sends or receives keys or encrypted values, it
/// asks the service for its curve (<see cref="RecryptServiceClientBase.GetServiceInfoAsync"/>, once) and throws a
/// <see cref="CurveMismatchException"/> when the service uses the other one.
/// </para>
/// </remarks>
/// <typeparam name="TPrivateKey">The curve's private key (<see cref="PrivateKey"/> or <see cref="PrivateKey480"/>).</typeparam>
/// <typeparam name="TPublicKey">The curve's public key.</typeparam>
/// <typeparam name="TPlaintext">The curve's plaintext.</typeparam>
/// <typeparam name="TEncryptedValue">The curve's encrypted value.</typeparam>
/// <typeparam name="TTransformKey">The curve's transform key.</typeparam>
public abstract partial class RecryptServiceClient<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey> : RecryptServiceClientBase
    where TPrivateKey : class, IDisposable
    where TPublicKey : class, IEquatable<TPublicKey>
    where TPlaintext : class, IDisposable
    where TEncryptedValue : class
    where TTransformKey : class
{
    /// <summary>Creates a client over <paramref name="httpClient"/>, which the caller keeps owning.</summary>
    /// <param name="httpClient">An HTTP client whose base address is the service.</param>
    /// <param name="curve">The curve's operations.</param>
    /// <param name="keyVersions">Remembers the highest key version seen per identity; one for this client when <see langword="null"/>.</param>
    private protected RecryptServiceClient(
        HttpClient httpClient, ClientCurve<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey> curve, IKeyVersionMemory? keyVersions)
        : base(httpClient, keyVersions)
    {
        Ops = curve;
    }

    /// <summary>The operations of the client's curve.</summary>
    internal ClientCurve<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey> Ops { get; }

    /// <inheritdoc/>
    public override RecryptCurve Curve => Ops.Curve;

    /// <summary>
    /// <c>POST /identities</c>: registers the identity whose signing key signs this client's requests (the
    /// request proves possession of it), with its certificate of <paramref name="publicKey"/> as key version 1.
    /// </summary>
    /// <param name="publicKey">The identity's recrypt public key.</param>
    /// <param name="signingKeyPair">The identity's Ed25519 signing key pair: the one this client signs with. It certifies <paramref name="publicKey"/>.</param>
    /// <param name="name">An optional display name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The registered identity.</returns>
    public Task<IdentityInfo<TPublicKey>> RegisterIdentityAsync(
        TPublicKey publicKey, SigningKeyPair signingKeyPair, string? name = null, CancellationToken cancellationToken = default) =>
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
    public async Task<IdentityInfo<TPublicKey>> RegisterIdentityAsync(
        TPublicKey publicKey, int keyVersion, SigningKeyPair signingKeyPair, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        ArgumentOutOfRangeException.ThrowIfLessThan(keyVersion, KeyCertificate.FirstVersion);
        var certificate = SignCertificate(signingKeyPair, keyVersion, publicKey);
        var wire = await SendCurveDataAsync<IdentityResponse>(
            HttpMethod.Post, "identities",
            new RegisterIdentityRequest(Ops.ExportKey(publicKey), signingKeyPair.PublicKey.Export(), certificate, name, keyVersion), cancellationToken)
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
    public async Task<IdentityInfo<TPublicKey>> GetIdentityAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var wire = await SendCurveDataAsync<IdentityResponse>(HttpMethod.Get, $"identities/{Escape(id)}", null, cancellationToken).ConfigureAwait(false);
        return Verify(wire, id);
    }

    /// <summary><c>GET /identities/{id}/keys</c>: every version of an identity's recrypt public key, each certificate verified.</summary>
    /// <param name="id">The identity's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The key versions, oldest first.</returns>
    public async Task<IReadOnlyList<KeyVersionInfo<TPublicKey>>> ListKeyVersionsAsync(string id, CancellationToken cancellationToken = default)
    {
        var identity = await GetIdentityAsync(id, cancellationToken).ConfigureAwait(false);
        var wire = await SendAsync<KeyVersionResponse[]>(HttpMethod.Get, $"identities/{Escape(id)}/keys", null, cancellationToken).ConfigureAwait(false);
        var keys = new List<KeyVersionInfo<TPublicKey>>(wire.Length);
        foreach (var key in wire)
        {
            var publicKey = ImportKey(id, identity.Name, key.PublicKey);
            if (!VerifyCertificate(id, identity.SigningPublicKey, key.KeyVersion, publicKey, key.KeyCertificate))
            {
                throw new UntrustedKeyException(id, identity.Name, $"the certificate of key version {key.KeyVersion} does not verify under the identity's signing key");
            }
            keys.Add(new KeyVersionInfo<TPublicKey>(key.KeyVersion, publicKey, key.CreatedAt));
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
    public async Task<IdentityInfo<TPublicKey>> AddKeyVersionAsync(int keyVersion, TPublicKey publicKey, SigningKeyPair signingKeyPair, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        var id = IdentityId.FromSigningKey(signingKeyPair.PublicKey);
        var certificate = SignCertificate(signingKeyPair, keyVersion, publicKey);
        var wire = await SendCurveDataAsync<IdentityResponse>(
            HttpMethod.Post, $"identities/{Escape(id)}/keys", new AddKeyVersionRequest(keyVersion, Ops.ExportKey(publicKey), certificate), cancellationToken)
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
        string ownerId, string granteeId, TTransformKey transformKey, int? ownerKeyVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentException.ThrowIfNullOrEmpty(granteeId);
        ArgumentNullException.ThrowIfNull(transformKey);
        var wire = await SendCurveDataAsync<GrantResponse>(
            HttpMethod.Put, $"identities/{Escape(ownerId)}/grants/{Escape(granteeId)}",
            new PutGrantRequest(Ops.ExportTransformKey(transformKey), ownerKeyVersion), cancellationToken)
            .ConfigureAwait(false);
        return ToGrant(wire);
    }

    /// <summary><c>POST /documents</c>: stores a document key encrypted on this client to the owner's own public key.</summary>
    /// <param name="encryptedValue">The plaintext encrypted to the owner's public key and signed with the owner's signing key.</param>
    /// <param name="keyVersion">The version of the owner's key it is encrypted to; the service refuses it unless it is the current one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored document key's id and owner.</returns>
    public async Task<DocumentKeyInfo> CreateDocumentKeyAsync(TEncryptedValue encryptedValue, int? keyVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encryptedValue);
        var wire = await SendCurveDataAsync<DocumentCreatedResponse>(
            HttpMethod.Post, "documents", new CreateDocumentRequest(Ops.ExportValue(encryptedValue), keyVersion), cancellationToken).ConfigureAwait(false);
        return ToDocumentKeyInfo(wire);
    }

    /// <summary><c>PUT /documents/{id}</c>: replaces the value of a document key this client's identity owns (after a key rotation).</summary>
    /// <param name="id">The document key's id.</param>
    /// <param name="encryptedValue">The same plaintext, encrypted to the owner's current public key and signed with the owner's signing key.</param>
    /// <param name="keyVersion">The version of the owner's key it is encrypted to; the service refuses it unless it is the current one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document key as stored.</returns>
    public async Task<DocumentKeyInfo> ReplaceDocumentKeyAsync(string id, TEncryptedValue encryptedValue, int? keyVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(encryptedValue);
        var wire = await SendCurveDataAsync<DocumentCreatedResponse>(
            HttpMethod.Put, $"documents/{Escape(id)}", new CreateDocumentRequest(Ops.ExportValue(encryptedValue), keyVersion), cancellationToken).ConfigureAwait(false);
        return ToDocumentKeyInfo(wire);
    }

    /// <summary><c>GET /documents/{id}</c>: a document key encrypted to this client's identity, to decrypt locally.</summary>
    /// <param name="id">The document key's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document key.</returns>
    public async Task<DocumentKey<TEncryptedValue>> GetDocumentKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var wire = await SendCurveDataAsync<DocumentResponse>(HttpMethod.Get, $"documents/{Escape(id)}", null, cancellationToken).ConfigureAwait(false);
        return new DocumentKey<TEncryptedValue>(wire.Id, wire.OwnerId, Ops.ImportValue(wire.EncryptedValue), wire.KeyVersion);
    }

    /// <summary>The checks that make a key the service returned one the client may use.</summary>
    private IdentityInfo<TPublicKey> Verify(IdentityResponse wire, string expectedId)
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
            || !VerifyCertificate(expectedId, signingKey, wire.KeyVersion, publicKey, wire.KeyCertificate))
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
        return new IdentityInfo<TPublicKey>(wire.Id, wire.Name, publicKey, signingKey, wire.KeyVersion, wire.CreatedAt);
    }

    private TPublicKey ImportKey(string id, string? name, byte[]? bytes) =>
        bytes is not null && Ops.TryImportKey(bytes, out var key)
            ? key
            : throw new UntrustedKeyException(id, name, $"its recrypt public key is not a point on the {Curve} curve");

    /// <summary>Certifies <paramref name="publicKey"/> as the key of <paramref name="version"/> of the identity of <paramref name="signingKeyPair"/> (<see cref="KeyCertificate"/>).</summary>
    private byte[] SignCertificate(SigningKeyPair signingKeyPair, int version, TPublicKey publicKey) =>
        Ops.Ed25519Sign(signingKeyPair, KeyCertificate.Message(IdentityId.FromSigningKey(signingKeyPair.PublicKey), version, Ops.ExportKey(publicKey)));

    /// <summary>Whether <paramref name="certificate"/> certifies <paramref name="publicKey"/> as the key of <paramref name="version"/> of the identity <paramref name="id"/>, whose signing key it is.</summary>
    private bool VerifyCertificate(string id, PublicSigningKey signingKey, int version, TPublicKey publicKey, byte[]? certificate) =>
        version >= KeyCertificate.FirstVersion && certificate is { Length: KeyCertificate.Size } && IdentityId.FromSigningKey(signingKey) == id
        && Ops.Ed25519Verify(signingKey, KeyCertificate.Message(id, version, Ops.ExportKey(publicKey)), certificate);

    /// <summary>Certifies <paramref name="publicKey"/> as the key of <paramref name="version"/> of the group <paramref name="groupId"/> (<see cref="GroupKeyCertificate"/>).</summary>
    private byte[] SignGroupCertificate(SigningKeyPair signingKeyPair, string groupId, int version, TPublicKey publicKey) =>
        Ops.Ed25519Sign(signingKeyPair, GroupKeyCertificate.Message(groupId, version, Ops.ExportKey(publicKey)));

    /// <summary>Whether <paramref name="certificate"/>, by the admin whose signing key is <paramref name="certifier"/>, certifies <paramref name="publicKey"/> as the group's key of <paramref name="version"/>.</summary>
    private bool VerifyGroupCertificate(PublicSigningKey certifier, string groupId, int version, TPublicKey publicKey, byte[]? certificate) =>
        version >= KeyCertificate.FirstVersion && certificate is { Length: KeyCertificate.Size }
        && Ops.Ed25519Verify(certifier, GroupKeyCertificate.Message(groupId, version, Ops.ExportKey(publicKey)), certificate);
}
