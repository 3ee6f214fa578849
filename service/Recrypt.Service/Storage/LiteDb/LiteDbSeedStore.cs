using LiteDB;
using Recrypt.Service.Audit;
using Recrypt.Service.Compatibility;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary>
/// <see cref="ISeedStore"/> on LiteDB: the seed compatibility mode's collections (<c>seed_identities</c>, <c>seed_grants</c>,
/// <c>seed_keys</c>), apart from the service's own. Reads go straight to the database; every write is
/// one single-document operation run by the <see cref="DatabaseWriter"/>. Transform keys are sealed at
/// rest with the <see cref="KeyEncryptionKeys"/>.
/// </summary>
internal sealed class LiteDbSeedStore : ISeedStore
{
    // The collections (also read by migrate).
    internal const string IdentitiesName = "seed_identities";
    internal const string GrantsName = SeedGrantRecord.SealedCollection;
    internal const string KeysName = "seed_keys";

    private readonly DatabaseWriter _writer;
    private readonly KeyEncryptionKeys _keyEncryption;
    private readonly ILiteCollection<SeedIdentityRecord> _identities;
    private readonly ILiteCollection<SeedGrantRecord> _grants;
    private readonly ILiteCollection<SeedKeyRecord> _keys;

    public LiteDbSeedStore(DatabaseWriter writer, KeyEncryptionKeys keys)
    {
        _writer = writer;
        _keyEncryption = keys;
        _identities = writer.Database.GetCollection<SeedIdentityRecord>(IdentitiesName);
        _grants = writer.Database.GetCollection<SeedGrantRecord>(GrantsName);
        _keys = writer.Database.GetCollection<SeedKeyRecord>(KeysName);
        writer.Write(database => database.GetCollection<SeedKeyRecord>(KeysName).EnsureIndex(key => key.OwnerId));
    }

    public AuditRecord AddIdentity(SeedIdentityRecord identity, AuditEvent audit) => _writer.WriteAll(database =>
    {
        database.GetCollection<SeedIdentityRecord>(IdentitiesName).Insert(identity);
        return LiteDbAuditStore.Append(database, audit);
    });

    public SeedIdentityRecord? FindIdentity(string id) => _identities.FindById(id);

    public AuditRecord PutGrant(SeedGrantRecord grant, AuditEvent audit)
    {
        var stored = new SeedGrantRecord
        {
            Id = grant.Id,
            TransformKey = _keyEncryption.Seal(grant.TransformKey, GrantsName, grant.Id),
            SignatureHex = grant.SignatureHex,
            CreatedAt = grant.CreatedAt,
        };
        return _writer.WriteAll(database =>
        {
            database.GetCollection<SeedGrantRecord>(GrantsName).Upsert(stored);
            return LiteDbAuditStore.Append(database, audit);
        });
    }

    public SeedGrantRecord? FindGrant(string ownerId, string granteeId)
    {
        var grant = _grants.FindById(SeedGrantRecord.IdOf(ownerId, granteeId));
        if (grant is not null)
        {
            grant.TransformKey = _keyEncryption.Open(grant.TransformKey, GrantsName, grant.Id);
        }
        return grant;
    }

    public AuditRecord? DeleteGrantWithSignature(string ownerId, string granteeId, string signatureHex, AuditEvent audit)
    {
        var id = SeedGrantRecord.IdOf(ownerId, granteeId);
        return _writer.WriteAll(database =>
        {
            var grants = database.GetCollection<SeedGrantRecord>(GrantsName);
            return grants.FindById(id) is { } grant && grant.SignatureHex == signatureHex && grants.Delete(id)
                ? LiteDbAuditStore.Append(database, audit)
                : null;
        });
    }

    public AuditRecord AddKey(SeedKeyRecord key, AuditEvent audit) => _writer.WriteAll(database =>
    {
        database.GetCollection<SeedKeyRecord>(KeysName).Insert(key);
        return LiteDbAuditStore.Append(database, audit);
    });

    public SeedKeyRecord? FindKey(string id) => _keys.FindById(id);
}
