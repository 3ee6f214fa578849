namespace Recrypt.Service.Identities;

/// <summary>An identity as stored: public keys only.</summary>
internal sealed class IdentityRecord
{
    /// <summary>The id (see <see cref="IdentityId"/>), the document key.</summary>
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    /// <summary>The recrypt public key, x ‖ y, 64 bytes, canonical.</summary>
    public byte[] PublicKey { get; set; } = [];

    /// <summary>The Ed25519 public key, 32 bytes, that signs this identity's requests.</summary>
    public byte[] SigningPublicKey { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public IdentityResponse ToResponse() =>
        new(Id, Name, PublicKey, SigningPublicKey, new DateTimeOffset(CreatedAt, TimeSpan.Zero));
}
