namespace Recrypt.Client;

/// <summary>Facts about the service.</summary>
/// <param name="SigningPublicKey">The Ed25519 public key with which the service signs the values it transforms.</param>
public sealed record ServiceInfo(PublicSigningKey SigningPublicKey);

/// <summary>A registered identity's public keys.</summary>
/// <param name="Id">The id, derived from <paramref name="SigningPublicKey"/> (checked by the client).</param>
/// <param name="Name">The display name, if one was given.</param>
/// <param name="PublicKey">The identity's recrypt public key.</param>
/// <param name="SigningPublicKey">The identity's Ed25519 signing public key.</param>
/// <param name="CreatedAt">When the identity was registered.</param>
public sealed record IdentityInfo(string Id, string? Name, PublicKey PublicKey, PublicSigningKey SigningPublicKey, DateTimeOffset CreatedAt);

/// <summary>A grant from an owner to a grantee.</summary>
/// <param name="GranteeId">The identity granted access.</param>
/// <param name="CreatedAt">When the current transform key was stored.</param>
public sealed record GrantInfo(string GranteeId, DateTimeOffset CreatedAt);

/// <summary>A stored document key, as the service acknowledged it.</summary>
/// <param name="Id">The document key's id.</param>
/// <param name="OwnerId">The identity that stored it.</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record DocumentKeyInfo(string Id, string OwnerId, DateTimeOffset CreatedAt);

/// <summary>A document key, encrypted to the caller.</summary>
/// <param name="Id">The document key's id.</param>
/// <param name="OwnerId">The identity that stored it.</param>
/// <param name="EncryptedValue">The value, as stored (for the owner) or transformed to the caller (for a grantee).</param>
public sealed record DocumentKey(string Id, string OwnerId, EncryptedValue EncryptedValue);
