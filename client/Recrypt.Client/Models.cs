namespace Recrypt.Client;

/// <summary>Facts about the service.</summary>
/// <param name="SigningPublicKey">The Ed25519 public key with which the service signs the values it transforms; also the audience of signed requests.</param>
/// <param name="Curve">
/// The deployment's recrypt curve: every key and value it takes is of this curve, so use the client of this curve
/// (<see cref="RecryptServiceClient"/> for Api256, <see cref="RecryptServiceClient480"/> for Api480).
/// </param>
public sealed record ServiceInfo(PublicSigningKey SigningPublicKey, RecryptCurve Curve = RecryptCurve.Api256);

/// <summary>A registered identity's public keys, verified by the client.</summary>
/// <typeparam name="TPublicKey">The curve's public key (<see cref="Recrypt.PublicKey"/> or <see cref="PublicKey480"/>).</typeparam>
/// <param name="Id">The id, derived from <paramref name="SigningPublicKey"/> (checked by the client).</param>
/// <param name="Name">The display name, if one was given (neither unique nor verified).</param>
/// <param name="PublicKey">The identity's newest recrypt public key, whose certificate the client verified.</param>
/// <param name="SigningPublicKey">The identity's Ed25519 signing public key.</param>
/// <param name="KeyVersion">The version of <paramref name="PublicKey"/>, from 1.</param>
/// <param name="CreatedAt">When the identity was registered.</param>
public sealed record IdentityInfo<TPublicKey>(string Id, string? Name, TPublicKey PublicKey, PublicSigningKey SigningPublicKey, int KeyVersion, DateTimeOffset CreatedAt);

/// <summary>One certified version of an identity's recrypt public key, verified by the client.</summary>
/// <typeparam name="TPublicKey">The curve's public key.</typeparam>
/// <param name="KeyVersion">The version, from 1.</param>
/// <param name="PublicKey">The recrypt public key.</param>
/// <param name="CreatedAt">When the service stored it.</param>
public sealed record KeyVersionInfo<TPublicKey>(int KeyVersion, TPublicKey PublicKey, DateTimeOffset CreatedAt);

/// <summary>A grant from an owner to a grantee.</summary>
/// <param name="GranteeId">The identity granted access.</param>
/// <param name="CreatedAt">When the current transform key was stored.</param>
/// <param name="OwnerKeyVersion">The version of the owner's key the transform key starts from.</param>
/// <param name="GranteeKeyVersion">The version of the grantee's key (an identity's or a group's) the transform key leads to.</param>
/// <param name="GranteeKind"><c>identity</c>, or <c>group</c> for a grant to a group (<see cref="Protocol.GrantKinds"/>).</param>
/// <param name="Receipt">
/// The service's signed receipt of the grant, in the answer to <see cref="RecryptServiceClient{TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey}.PutGrantAsync"/> (not in lists);
/// <see cref="Protocol.Receipts.Verify"/> checks it.
/// </param>
public sealed record GrantInfo(
    string GranteeId, DateTimeOffset CreatedAt, int OwnerKeyVersion, int GranteeKeyVersion, string GranteeKind = Protocol.GrantKinds.Identity, Protocol.Receipt? Receipt = null);

/// <summary>A stored document key, as the service acknowledged it.</summary>
/// <param name="Id">The document key's id.</param>
/// <param name="OwnerId">The identity that stored it.</param>
/// <param name="CreatedAt">When it was stored.</param>
/// <param name="KeyVersion">The version of the owner's key its value is encrypted to.</param>
public sealed record DocumentKeyInfo(string Id, string OwnerId, DateTimeOffset CreatedAt, int KeyVersion);

/// <summary>A document key, encrypted to the caller.</summary>
/// <typeparam name="TEncryptedValue">The curve's encrypted value (<see cref="Recrypt.EncryptedValue"/> or <see cref="EncryptedValue480"/>).</typeparam>
/// <param name="Id">The document key's id.</param>
/// <param name="OwnerId">The identity that stored it.</param>
/// <param name="EncryptedValue">The value, as stored (for the owner) or transformed to the caller (for a grantee).</param>
/// <param name="KeyVersion">The version of the caller's key the value is encrypted to.</param>
public sealed record DocumentKey<TEncryptedValue>(string Id, string OwnerId, TEncryptedValue EncryptedValue, int KeyVersion);

/// <summary>A group, verified by the client: its id is the creator's, and its public key carries an admin's certificate.</summary>
/// <typeparam name="TPublicKey">The curve's public key.</typeparam>
/// <typeparam name="TEncryptedValue">The curve's encrypted value.</typeparam>
/// <param name="Id">The group's id.</param>
/// <param name="Name">The display name.</param>
/// <param name="CreatorId">The identity that created it (the id is derived from it).</param>
/// <param name="PublicKey">The group's current public key, whose certificate the client verified.</param>
/// <param name="KeyVersion">The version of <paramref name="PublicKey"/>.</param>
/// <param name="CertifiedBy">The admin who certified <paramref name="PublicKey"/>.</param>
/// <param name="CreatedAt">When the group was created.</param>
/// <param name="Admins">The admins' ids, when the caller is an admin or a member; else <see langword="null"/>.</param>
/// <param name="Members">The members, when the caller is an admin or a member; else <see langword="null"/>.</param>
/// <param name="EncryptedPlaintext">The caller's copy of the group plaintext, when the caller is an admin.</param>
public sealed record GroupInfo<TPublicKey, TEncryptedValue>(
    string Id,
    string Name,
    string CreatorId,
    TPublicKey PublicKey,
    int KeyVersion,
    string CertifiedBy,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Admins,
    IReadOnlyList<GroupMemberInfo>? Members,
    TEncryptedValue? EncryptedPlaintext);

/// <summary>A member of a group.</summary>
/// <param name="IdentityId">The member's id.</param>
/// <param name="MemberKeyVersion">The version of the member's key the group's transform key leads to.</param>
/// <param name="AddedAt">When its current transform key was stored.</param>
public sealed record GroupMemberInfo(string IdentityId, int MemberKeyVersion, DateTimeOffset AddedAt);

/// <summary>A group the caller administers or belongs to.</summary>
/// <param name="Id">The group's id.</param>
/// <param name="Name">The display name.</param>
/// <param name="IsAdmin">Whether the caller is an admin.</param>
/// <param name="IsMember">Whether the caller is a member.</param>
/// <param name="KeyVersion">The group's current key version.</param>
public sealed record GroupSummary(string Id, string Name, bool IsAdmin, bool IsMember, int KeyVersion);

/// <summary>One item of a batch fetch: the document key, or why the service refused it.</summary>
/// <typeparam name="TEncryptedValue">The curve's encrypted value.</typeparam>
/// <param name="Id">The requested id.</param>
/// <param name="StatusCode">What a single fetch would have answered: 200 with <paramref name="DocumentKey"/>, or the refusal's status.</param>
/// <param name="DocumentKey">The document key, encrypted to the caller, when <paramref name="StatusCode"/> is 200.</param>
/// <param name="ProblemType">The refusal's <c>urn:recrypt:problem:*</c> type.</param>
/// <param name="Detail">What exactly was refused.</param>
public sealed record DocumentKeyResult<TEncryptedValue>(string Id, int StatusCode, DocumentKey<TEncryptedValue>? DocumentKey, string? ProblemType, string? Detail);
