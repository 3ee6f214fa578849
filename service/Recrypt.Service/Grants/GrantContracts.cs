namespace Recrypt.Service.Grants;

/// <summary>Grants an identity access to the owner's document keys.</summary>
/// <param name="TransformKey">
/// The transform key from the owner's private key to the grantee's public key, made on the owner's
/// client and signed with the owner's signing key: its canonical encoding (738 bytes), base64.
/// </param>
public sealed record PutGrantRequest(byte[] TransformKey);

/// <summary>A grant: the grantee may fetch the owner's document keys, transformed to them.</summary>
/// <param name="GranteeId">The identity the owner granted access to.</param>
/// <param name="CreatedAt">When the current transform key was stored (UTC).</param>
public sealed record GrantResponse(string GranteeId, DateTimeOffset CreatedAt);
