using System.Security.Cryptography;
using Recrypt.Protocol;

namespace Recrypt.Client;

/// <summary>Groups and batch fetches. The group's private key exists only on an admin's machine, for the moment a method needs it.</summary>
public abstract partial class RecryptServiceClient<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
{
    /// <summary>
    /// <c>POST /groups</c>: creates a group with this client's identity as its first admin. The group's key pair is
    /// made here from a fresh plaintext (the private key derived from it); the service gets the public key, this
    /// identity's certificate of it, and the plaintext encrypted to this identity's own public key.
    /// </summary>
    /// <param name="name">The group's display name.</param>
    /// <param name="creatorPublicKey">This identity's current public key (its copy of the group plaintext is encrypted to it).</param>
    /// <param name="signingKeyPair">This identity's signing key pair: the one this client signs with.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new group.</returns>
    public async Task<GroupInfo<TPublicKey, TEncryptedValue>> CreateGroupAsync(string name, TPublicKey creatorPublicKey, SigningKeyPair signingKeyPair, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(creatorPublicKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        var creatorId = IdentityId.FromSigningKey(signingKeyPair.PublicKey);
        var salt = RandomNumberGenerator.GetBytes(GroupId.SaltSize);
        var id = GroupId.Derive(creatorId, salt);
        using var plaintext = Ops.GeneratePlaintext();
        using var groupPrivateKey = Ops.DerivePrivateKey(plaintext);
        var publicKey = Ops.ComputePublicKey(groupPrivateKey);
        var certificate = SignGroupCertificate(signingKeyPair, id, KeyCertificate.FirstVersion, publicKey);
        var encrypted = Ops.Encrypt(plaintext, creatorPublicKey, signingKeyPair);
        var wire = await SendCurveDataAsync<GroupResponse>(
            HttpMethod.Post, "groups", new CreateGroupRequest(salt, name, Ops.ExportKey(publicKey), certificate, Ops.ExportValue(encrypted)), cancellationToken)
            .ConfigureAwait(false);
        return await VerifyAsync(wire, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /groups/{id}</c>: a group's public key, verified: the id is derived from the creator named, and the
    /// key carries the certificate of its creator (version 1) or of an admin (later versions), whose own key is
    /// verified as <see cref="GetIdentityAsync"/> does; and it is not older than a version seen before. Throws
    /// <see cref="UntrustedKeyException"/> otherwise.
    /// </summary>
    /// <param name="id">The group's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The group.</returns>
    public async Task<GroupInfo<TPublicKey, TEncryptedValue>> GetGroupAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var wire = await SendCurveDataAsync<GroupResponse>(HttpMethod.Get, $"groups/{Escape(id)}", null, cancellationToken).ConfigureAwait(false);
        return await VerifyAsync(wire, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>PUT /groups/{id}/members/{memberId}</c>, as an admin: recovers the group's private key here (decrypting this
    /// admin's copy of the group plaintext), makes the transform key from it to the member's verified current key, and
    /// uploads it. Also refreshes a member's transform key after the member rotated its key.
    /// </summary>
    /// <param name="groupId">The group.</param>
    /// <param name="memberId">The identity to add.</param>
    /// <param name="adminPrivateKey">This admin's current private key (used here only).</param>
    /// <param name="signingKeyPair">This admin's signing key pair.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>A task that completes when the member is added.</returns>
    public async Task AddGroupMemberAsync(string groupId, string memberId, TPrivateKey adminPrivateKey, SigningKeyPair signingKeyPair, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        var group = await GetGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
        var member = await GetIdentityAsync(memberId, cancellationToken).ConfigureAwait(false);
        TTransformKey transformKey;
        using (var groupPrivateKey = RecoverGroupKey(group, adminPrivateKey))
        {
            transformKey = Ops.GenerateTransformKey(groupPrivateKey, member.PublicKey, signingKeyPair);
        }
        await SendAsync(HttpMethod.Put, $"groups/{Escape(groupId)}/members/{Escape(memberId)}",
            new PutGroupMemberRequest(Ops.ExportTransformKey(transformKey), group.KeyVersion), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>PUT /groups/{id}/admins/{adminId}</c>, as an admin: decrypts the group plaintext here and encrypts it to the
    /// new admin's verified current key.
    /// </summary>
    /// <param name="groupId">The group.</param>
    /// <param name="adminId">The identity to make an admin.</param>
    /// <param name="adminPrivateKey">This admin's current private key (used here only).</param>
    /// <param name="signingKeyPair">This admin's signing key pair.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>A task that completes when the admin is added.</returns>
    public async Task AddGroupAdminAsync(string groupId, string adminId, TPrivateKey adminPrivateKey, SigningKeyPair signingKeyPair, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(adminId);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        var group = await GetGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
        var admin = await GetIdentityAsync(adminId, cancellationToken).ConfigureAwait(false);
        TEncryptedValue encrypted;
        using (var plaintext = RecoverGroupPlaintext(group, adminPrivateKey))
        {
            encrypted = Ops.Encrypt(plaintext, admin.PublicKey, signingKeyPair);
        }
        await SendAsync(HttpMethod.Put, $"groups/{Escape(groupId)}/admins/{Escape(adminId)}",
            new PutGroupAdminRequest(Ops.ExportValue(encrypted), group.KeyVersion), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /groups/{id}/keys</c>, as an admin: a new group key pair from a fresh plaintext, certified as the next
    /// version; the plaintext encrypted to every admin's verified key and a transform key to every member's verified
    /// key, replacing the old ones at the service at once. Owners' grants to the old key serve no one until the
    /// owners grant the group again (see docs/service.md). Retry on a 409: the admins or members changed meanwhile.
    /// </summary>
    /// <param name="groupId">The group.</param>
    /// <param name="adminPrivateKey">This admin's current private key (its copy of the old plaintext proves nothing here: it is not used).</param>
    /// <param name="signingKeyPair">This admin's signing key pair.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The group with its new key.</returns>
    public async Task<GroupInfo<TPublicKey, TEncryptedValue>> RotateGroupKeyAsync(string groupId, TPrivateKey adminPrivateKey, SigningKeyPair signingKeyPair, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adminPrivateKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        var group = await GetGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
        if (group.Admins is null || group.Members is null)
        {
            throw new InvalidOperationException($"This identity is not an admin of the group {groupId}.");
        }
        var version = group.KeyVersion + 1;
        using var plaintext = Ops.GeneratePlaintext();
        using var groupPrivateKey = Ops.DerivePrivateKey(plaintext);
        var publicKey = Ops.ComputePublicKey(groupPrivateKey);
        var certificate = SignGroupCertificate(signingKeyPair, groupId, version, publicKey);
        var admins = new List<GroupAdminKey>();
        foreach (var adminId in group.Admins)
        {
            var admin = await GetIdentityAsync(adminId, cancellationToken).ConfigureAwait(false);
            admins.Add(new GroupAdminKey(adminId, Ops.ExportValue(Ops.Encrypt(plaintext, admin.PublicKey, signingKeyPair))));
        }
        var members = new List<GroupMemberKey>();
        foreach (var memberId in group.Members.Select(member => member.IdentityId))
        {
            var member = await GetIdentityAsync(memberId, cancellationToken).ConfigureAwait(false);
            members.Add(new GroupMemberKey(memberId, Ops.ExportTransformKey(Ops.GenerateTransformKey(groupPrivateKey, member.PublicKey, signingKeyPair))));
        }
        var wire = await SendAsync<GroupResponse>(HttpMethod.Post, $"groups/{Escape(groupId)}/keys",
            new RotateGroupKeyRequest(version, Ops.ExportKey(publicKey), certificate, [.. admins], [.. members]), cancellationToken).ConfigureAwait(false);
        return await VerifyAsync(wire, groupId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /documents/batch</c>: several document keys in one signed request, each answered on its own (a refused
    /// item does not fail the others). The service caps a batch (100 ids by default).
    /// </summary>
    /// <param name="ids">The document key ids.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One result per id, in order.</returns>
    public async Task<IReadOnlyList<DocumentKeyResult<TEncryptedValue>>> GetDocumentKeysAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wire = await SendCurveDataAsync<BatchDocumentsResponse>(HttpMethod.Post, "documents/batch", new BatchDocumentsRequest([.. ids]), cancellationToken)
            .ConfigureAwait(false);
        return [.. wire.Items.Select(item => new DocumentKeyResult<TEncryptedValue>(
            item.Id,
            item.Status,
            item.Document is { } document ? new DocumentKey<TEncryptedValue>(document.Id, document.OwnerId, Ops.ImportValue(document.EncryptedValue), document.KeyVersion) : null,
            item.Problem?.Type,
            item.Problem?.Detail))];
    }

    /// <summary>The group's private key, from an admin's copy of the group plaintext, checked against the group's public key.</summary>
    /// <param name="group">The group, as <see cref="GetGroupAsync"/> returned it to an admin.</param>
    /// <param name="adminPrivateKey">The admin's private key.</param>
    /// <returns>The group's private key: dispose it as soon as it is used.</returns>
    public TPrivateKey RecoverGroupKey(GroupInfo<TPublicKey, TEncryptedValue> group, TPrivateKey adminPrivateKey)
    {
        using var plaintext = RecoverGroupPlaintext(group, adminPrivateKey);
        return Ops.DerivePrivateKey(plaintext);
    }

    private TPlaintext RecoverGroupPlaintext(GroupInfo<TPublicKey, TEncryptedValue> group, TPrivateKey adminPrivateKey)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(adminPrivateKey);
        if (group.EncryptedPlaintext is null)
        {
            throw new InvalidOperationException($"This identity is not an admin of the group {group.Id}.");
        }
        var plaintext = Ops.Decrypt(group.EncryptedPlaintext, adminPrivateKey);
        using var privateKey = Ops.DerivePrivateKey(plaintext);
        if (!Ops.ComputePublicKey(privateKey).Equals(group.PublicKey))
        {
            plaintext.Dispose();
            throw new UntrustedKeyException(group.Id, group.Name, "this admin's copy of the group plaintext is not the group's current key");
        }
        return plaintext;
    }

    /// <summary>The checks that make a group's key one the client may use.</summary>
    private async Task<GroupInfo<TPublicKey, TEncryptedValue>> VerifyAsync(GroupResponse wire, string expectedId, CancellationToken cancellationToken)
    {
        if (wire.Id != expectedId)
        {
            throw new UntrustedKeyException(expectedId, null, $"the service answered group {wire.Id} instead");
        }
        if (wire.Salt is not { Length: GroupId.SaltSize } || !IdentityId.IsWellFormed(wire.CreatorId) || GroupId.Derive(wire.CreatorId, wire.Salt) != expectedId)
        {
            throw new UntrustedKeyException(expectedId, wire.Name, "the group's id is not derived from the creator it names");
        }
        var publicKey = ImportKey(expectedId, wire.Name, wire.PublicKey);
        if (wire.KeyVersion == KeyCertificate.FirstVersion ? wire.CertifiedBy != wire.CreatorId : wire.Admins is { } admins && !admins.Contains(wire.CertifiedBy))
        {
            throw new UntrustedKeyException(expectedId, wire.Name, $"key version {wire.KeyVersion} is certified by {wire.CertifiedBy}, who may not certify it");
        }
        var certifier = await GetIdentityAsync(wire.CertifiedBy, cancellationToken).ConfigureAwait(false);
        if (wire.KeyCertificate is null
            || !VerifyGroupCertificate(certifier.SigningPublicKey, expectedId, wire.KeyVersion, publicKey, wire.KeyCertificate))
        {
            throw new UntrustedKeyException(expectedId, wire.Name, $"the certificate of key version {wire.KeyVersion} does not verify under {wire.CertifiedBy}'s signing key");
        }
        if (KeyVersions.HighestSeen(expectedId) is { } highest && wire.KeyVersion < highest)
        {
            throw new UntrustedKeyException(expectedId, wire.Name, $"it is key version {wire.KeyVersion}, which key version {highest} (seen before) superseded");
        }
        KeyVersions.Seen(expectedId, wire.KeyVersion);
        return new GroupInfo<TPublicKey, TEncryptedValue>(
            wire.Id, wire.Name, wire.CreatorId, publicKey, wire.KeyVersion, wire.CertifiedBy, wire.CreatedAt, wire.Admins,
            wire.Members?.Select(member => new GroupMemberInfo(member.IdentityId, member.MemberKeyVersion, member.AddedAt)).ToList(),
            wire.EncryptedPlaintext is { } encrypted ? Ops.ImportValue(encrypted) : null);
    }
}
