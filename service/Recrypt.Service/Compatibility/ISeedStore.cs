namespace Recrypt.Service.Compatibility;

/// <summary>
/// The seed compatibility mode's identities, grants and keys, apart from the service's own. Transform keys
/// are sealed at rest with the <see cref="Storage.KeyEncryptionKeys"/> (<see cref="SeedGrantRecord.SealedCollection"/>).
/// </summary>
internal interface ISeedStore
{
    void AddIdentity(SeedIdentityRecord identity);

    SeedIdentityRecord? FindIdentity(string id);

    /// <summary>Stores the grant, replacing any between the same pair.</summary>
    void PutGrant(SeedGrantRecord grant);

    SeedGrantRecord? FindGrant(string ownerId, string granteeId);

    /// <summary>
    /// Deletes the grant if, at that moment, its signature is <paramref name="signatureHex"/> (atomically, so a
    /// grant replaced in between is never deleted by the old signature).
    /// </summary>
    bool DeleteGrantWithSignature(string ownerId, string granteeId, string signatureHex);

    void AddKey(SeedKeyRecord key);

    SeedKeyRecord? FindKey(string id);
}
