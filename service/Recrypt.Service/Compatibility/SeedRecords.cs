namespace Recrypt.Service.Compatibility;

/// <summary>A prototype identity: its recrypt public key. Its private key was returned once and is not kept.</summary>
internal sealed class SeedIdentityRecord
{
    /// <summary>A UUID, the document key.</summary>
    public string Id { get; set; } = "";

    public byte[] PublicKey { get; set; } = [];

    public DateTime CreatedAt { get; set; }
}

/// <summary>A prototype grant: the transform key the service made from the owner's private key.</summary>
internal sealed class SeedGrantRecord
{
    /// <summary>The name a grant's sealed transform key is bound to (with its <see cref="Id"/>), whatever the provider.</summary>
    public const string SealedCollection = "seed_grants";

    /// <summary><c>&lt;owner uuid&gt;:&lt;grantee uuid&gt;</c>, the document key.</summary>
    public string Id { get; set; } = "";

    public byte[] TransformKey { get; set; } = [];

    /// <summary>The transform key's signature in hex: the secret the owner presents to revoke.</summary>
    public string SignatureHex { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public static string IdOf(string ownerId, string granteeId) => $"{ownerId}:{granteeId}";
}

/// <summary>A prototype symmetric key: a plaintext encrypted to its owner.</summary>
internal sealed class SeedKeyRecord
{
    /// <summary>A UUID, the document key.</summary>
    public string Id { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public byte[] EncryptedValue { get; set; } = [];

    public DateTime CreatedAt { get; set; }
}
