namespace Recrypt.Client;

/// <summary>Facts about the service.</summary>
/// <param name="SigningPublicKey">The Ed25519 public key with which the service signs the values it transforms; also the audience of signed requests.</param>
public sealed record ServiceInfo(PublicSigningKey SigningPublicKey);

/// <summary>A registered identity's public keys, verified by the client.</summary>
/// <param name="Id">The id, derived from <paramref name="SigningPublicKey"/> (checked by the client).</param>
/// <param name="Name">The display name, if one was given (neither unique nor verified).</param>
/// <param name="PublicKey">The identity's newest recrypt public key, whose certificate the client verified.</param>
/// <param name="SigningPublicKey">The identity's Ed25519 signing public key.</param>
/// <param name="KeyVersion">The version of <paramref name="PublicKey"/>, from 1.</param>
/// <param name="CreatedAt">When the identity was registered.</param>
public sealed record IdentityInfo(string Id, string? Name, PublicKey PublicKey, PublicSigningKey SigningPublicKey, int KeyVersion, DateTimeOffset CreatedAt);

/// <summary>One certified version of an identity's recrypt public key, verified by the client.</summary>
/// <param name="KeyVersion">The version, from 1.</param>
/// <param name="PublicKey">The recrypt public key.</param>
/// <param name="CreatedAt">When the service stored it.</param>
public sealed record KeyVersionInfo(int KeyVersion, PublicKey PublicKey, DateTimeOffset CreatedAt);

/// <summary>A grant from an owner to a grantee.</summary>
/// <param name="GranteeId">The identity granted access.</param>
/// <param name="CreatedAt">When the current transform key was stored.</param>
/// <param name="OwnerKeyVersion">The version of the owner's key the transform key starts from.</param>
/// <param name="GranteeKeyVersion">The version of the grantee's key the transform key leads to.</param>
/// <param name="Receipt">
/// The service's signed receipt of the grant, in the answer to <see cref="RecryptServiceClient.PutGrantAsync"/> (not in lists);
/// <see cref="Protocol.Receipts.Verify"/> checks it.
/// </param>
public sealed record GrantInfo(string GranteeId, DateTimeOffset CreatedAt, int OwnerKeyVersion, int GranteeKeyVersion, Protocol.Receipt? Receipt = null);

/// <summary>A stored document key, as the service acknowledged it.</summary>
/// <param name="Id">The document key's id.</param>
/// <param name="OwnerId">The identity that stored it.</param>
/// <param name="CreatedAt">When it was stored.</param>
/// <param name="KeyVersion">The version of the owner's key its value is encrypted to.</param>
public sealed record DocumentKeyInfo(string Id, string OwnerId, DateTimeOffset CreatedAt, int KeyVersion);

/// <summary>A document key, encrypted to the caller.</summary>
/// <param name="Id">The document key's id.</param>
/// <param name="OwnerId">The identity that stored it.</param>
/// <param name="EncryptedValue">The value, as stored (for the owner) or transformed to the caller (for a grantee).</param>
/// <param name="KeyVersion">The version of the caller's key the value is encrypted to.</param>
public sealed record DocumentKey(string Id, string OwnerId, EncryptedValue EncryptedValue, int KeyVersion);
