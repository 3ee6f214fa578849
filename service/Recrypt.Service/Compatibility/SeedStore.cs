using LiteDB;

namespace Recrypt.Service.Compatibility;

/// <summary>
/// The seed compatibility mode's collections (<c>seed_identities</c>, <c>seed_grants</c>,
/// <c>seed_keys</c>), apart from the service's own. Every method is one single-document operation.
/// </summary>
internal sealed class SeedStore
{
    private readonly ILiteCollection<SeedIdentityRecord> _identities;
    private readonly ILiteCollection<SeedGrantRecord> _grants;
    private readonly ILiteCollection<SeedKeyRecord> _keys;

    public SeedStore(ILiteDatabase database)
    {
        _identities = database.GetCollection<SeedIdentityRecord>("seed_identities");
        _grants = database.GetCollection<SeedGrantRecord>("seed_grants");
        _keys = database.GetCollection<SeedKeyRecord>("seed_keys");
        _keys.EnsureIndex(key => key.OwnerId);
    }

    public void AddIdentity(SeedIdentityRecord identity) => _identities.Insert(identity);

    public SeedIdentityRecord? FindIdentity(string id) => _identities.FindById(id);

    public void PutGrant(SeedGrantRecord grant) => _grants.Upsert(grant);

    public SeedGrantRecord? FindGrant(string ownerId, string granteeId) => _grants.FindById(SeedGrantRecord.IdOf(ownerId, granteeId));

    /// <summary>
    /// Deletes the grant if, at that moment, its signature is <paramref name="signatureHex"/> (one atomic
    /// delete, so a grant replaced in between is never deleted by the old signature).
    /// </summary>
    public bool DeleteGrantWithSignature(string ownerId, string granteeId, string signatureHex)
    {
        var id = SeedGrantRecord.IdOf(ownerId, granteeId);
        return _grants.DeleteMany(grant => grant.Id == id && grant.SignatureHex == signatureHex) > 0;
    }

    public void AddKey(SeedKeyRecord key) => _keys.Insert(key);

    public SeedKeyRecord? FindKey(string id) => _keys.FindById(id);
}
