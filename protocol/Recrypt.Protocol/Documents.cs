namespace Recrypt.Protocol;

/// <summary>Stores a document key, or replaces its value after a key rotation.</summary>
/// <param name="EncryptedValue">
/// A recrypt plaintext encrypted on the owner's client to the owner's own public key and signed with the
/// owner's signing key, never transformed: its canonical encoding, base64. The symmetric key derived from
/// the plaintext encrypts the document itself, which the service never sees.
/// </param>
/// <param name="KeyVersion">
/// The version of the owner's key the value is encrypted to. It must be the owner's current version;
/// omitted, the service assumes it is.
/// </param>
public sealed record CreateDocumentRequest(byte[] EncryptedValue, int? KeyVersion = null);

/// <summary>A stored document key.</summary>
/// <param name="Id">The document key's id: 32 lowercase hex digits.</param>
/// <param name="OwnerId">The identity that stored it.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
/// <param name="KeyVersion">The version of the owner's key its value is encrypted to.</param>
public sealed record DocumentCreatedResponse(string Id, string OwnerId, DateTimeOffset CreatedAt, int KeyVersion);

/// <summary>A document key, encrypted to the caller.</summary>
/// <param name="Id">The document key's id.</param>
/// <param name="OwnerId">The identity that stored it.</param>
/// <param name="EncryptedValue">
/// For the owner, the value as stored. For a grantee, the value transformed to the grantee with the owner's
/// transform key and signed with the service's signing key (<c>GET /service</c>). Canonical encoding, base64;
/// the caller decrypts it with its own private key.
/// </param>
/// <param name="KeyVersion">The version of the caller's key the value is encrypted (or transformed) to.</param>
public sealed record DocumentResponse(string Id, string OwnerId, byte[] EncryptedValue, int KeyVersion);
