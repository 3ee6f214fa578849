using Recrypt.Protocol;

namespace Recrypt.Service.Identities;

/// <summary>An identity as stored: public keys only, with every certified version of its recrypt public key.</summary>
internal sealed class IdentityRecord
{
    /// <summary>The id (see <see cref="IdentityId"/>), the document key.</summary>
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    /// <summary>The Ed25519 public key, 32 bytes, that signs this identity's requests and key certificates.</summary>
    public byte[] SigningPublicKey { get; set; } = [];

    /// <summary>Every version of the recrypt public key, oldest first; the last is the current one.</summary>
    public List<KeyVersionRecord> Keys { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    /// <summary>The current (newest) key version.</summary>
    public KeyVersionRecord CurrentKey => Keys[^1];

    public IdentityResponse ToResponse()
    {
        var key = CurrentKey;
        return new(Id, Name, key.PublicKey, SigningPublicKey, key.Version, key.Certificate, new DateTimeOffset(CreatedAt, TimeSpan.Zero));
    }
}

/// <summary>One version of an identity's recrypt public key, with the identity's certificate of it.</summary>
internal sealed class KeyVersionRecord
{
    public int Version { get; set; }

    /// <summary>The recrypt public key, x ‖ y, 64 bytes, canonical.</summary>
    public byte[] PublicKey { get; set; } = [];

    /// <summary>The identity's Ed25519 signature over the key certificate message (<see cref="KeyCertificate"/>).</summary>
    public byte[] Certificate { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public KeyVersionResponse ToResponse() => new(Version, PublicKey, Certificate, new DateTimeOffset(CreatedAt, TimeSpan.Zero));
}
