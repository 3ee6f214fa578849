using Recrypt.Protocol;

namespace Recrypt.Service.Grants;

/// <summary>A grant as stored: the owner's transform key to the grantee.</summary>
internal sealed class GrantRecord
{
    /// <summary>The name a grant's sealed transform key is bound to (with its <see cref="Id"/>), whatever the provider.</summary>
    public const string SealedCollection = "grants";

    /// <summary><c>&lt;owner id&gt;:&lt;grantee id&gt;</c>, the document key: one grant per pair.</summary>
    public string Id { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public string GranteeId { get; set; } = "";

    /// <summary>The transform key from the owner to the grantee, canonical encoding.</summary>
    public byte[] TransformKey { get; set; } = [];

    /// <summary>The version of the owner's key the transform key starts from.</summary>
    public int OwnerKeyVersion { get; set; }

    /// <summary>The version of the grantee's key the transform key leads to.</summary>
    public int GranteeKeyVersion { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>A shallow copy: the store seals the copy's transform key, not the caller's.</summary>
    public GrantRecord Copy() => (GrantRecord)MemberwiseClone();

    public static string IdOf(string ownerId, string granteeId) => $"{ownerId}:{granteeId}";

    public GrantResponse ToResponse() => new(GranteeId, new DateTimeOffset(CreatedAt, TimeSpan.Zero), OwnerKeyVersion, GranteeKeyVersion);
}
