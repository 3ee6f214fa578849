namespace Recrypt.Protocol;

/// <summary>Grants an identity access to the owner's document keys.</summary>
/// <param name="TransformKey">
/// The transform key from the owner's private key to the grantee's newest certified public key, made on the
/// owner's client and signed with the owner's signing key: its canonical encoding (738 bytes), base64.
/// </param>
/// <param name="OwnerKeyVersion">
/// The version of the owner's key the transform key starts from. It must be the owner's current version;
/// omitted, the service assumes it is.
/// </param>
public sealed record PutGrantRequest(byte[] TransformKey, int? OwnerKeyVersion = null);

/// <summary>A grant: the grantee (an identity, or every member of a group) may fetch the owner's document keys, transformed to them.</summary>
/// <param name="GranteeId">The identity the owner granted access to.</param>
/// <param name="CreatedAt">When the current transform key was stored (UTC).</param>
/// <param name="OwnerKeyVersion">The version of the owner's key the transform key starts from.</param>
/// <param name="GranteeKeyVersion">The version of the grantee's key (an identity's, or a group's) the transform key leads to.</param>
/// <param name="GranteeKind"><c>identity</c>, or <c>group</c> when the grantee is a group (its members fetch through it).</param>
/// <param name="Receipt">The service's signed receipt of the grant, in the answer that made it (not in lists).</param>
public sealed record GrantResponse(
    string GranteeId,
    DateTimeOffset CreatedAt,
    int OwnerKeyVersion,
    int GranteeKeyVersion,
    string GranteeKind = GrantKinds.Identity,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Receipt? Receipt = null);

/// <summary>The answer to a revoke: the grant is gone.</summary>
/// <param name="GranteeId">The grantee whose grant was revoked.</param>
/// <param name="RevokedAt">When (UTC).</param>
/// <param name="Receipt">The service's signed receipt of the revoke.</param>
public sealed record RevokeResponse(string GranteeId, DateTimeOffset RevokedAt, Receipt Receipt);

/// <summary>The kinds of grantee.</summary>
public static class GrantKinds
{
    /// <summary>A grant to an identity.</summary>
    public const string Identity = "identity";

    /// <summary>A grant to a group: its members fetch the owner's document keys transformed twice, owner → group → member.</summary>
    public const string Group = "group";
}
