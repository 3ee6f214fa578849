using LiteDB;

namespace Recrypt.Service.Storage;

/// <summary>
/// The one list of the database fields sealed with the <see cref="KeyEncryptionKeys"/>, and what is done to
/// all of them at once: sealing a database written before sealing existed, and sealing again with a new key.
/// </summary>
internal static class SealedValues
{
    public const string ServiceCollection = "service";

    /// <summary>The marker document, in <see cref="ServiceCollection"/>, of a database whose secrets are sealed.</summary>
    private const string MarkerId = "sealed-at-rest";

    /// <summary>(collection, field): every secret the database holds.</summary>
    public static readonly IReadOnlyList<(string Collection, string Field)> Fields =
    [
        (Grants.GrantRecord.SealedCollection, "TransformKey"),
        (Compatibility.SeedGrantRecord.SealedCollection, "TransformKey"),
        (Groups.GroupAdminRecord.SealedCollection, "EncryptedPlaintext"),
        (Groups.GroupMemberRecord.SealedCollection, "TransformKey"),
        (Groups.GroupGrantRecord.SealedCollection, "TransformKey"),
        (ServiceCollection, "SigningKeyPair"),
    ];

    /// <summary>Whether the database holds a sealed secret: a missing key file is then an error, not a fresh start.</summary>
    public static bool HoldsSealedValues(ILiteDatabase database) =>
        database.CollectionExists(ServiceCollection) && database.GetCollection(ServiceCollection).Count() > 0;

    /// <summary>
    /// Seals, in one transaction, the secrets of a database written before they were sealed (they are
    /// then in clear), and marks it; does nothing to a marked database. Run on the writer's thread.
    /// </summary>
    public static int SealLegacy(ILiteDatabase database, KeyEncryptionKeys keys)
    {
        var service = database.GetCollection(ServiceCollection);
        if (service.FindById(MarkerId) is not null)
        {
            return 0;
        }
        var count = Rewrite(database, (collection, id, clear) => keys.Seal(clear, collection, id));
        service.Insert(new BsonDocument { ["_id"] = MarkerId, ["version"] = 1 });
        return count;
    }

    /// <summary>Opens every sealed secret with whichever key sealed it and seals it with the current key, in one transaction.</summary>
    public static int Reseal(ILiteDatabase database, KeyEncryptionKeys keys) =>
        Rewrite(database, (collection, id, sealedValue) =>
        {
            var clear = keys.Open(sealedValue, collection, id);
            try
            {
                return keys.Seal(clear, collection, id);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(clear);
            }
        });

    private static int Rewrite(ILiteDatabase database, Func<string, string, byte[], byte[]> rewrite)
    {
        var count = 0;
        var ownTransaction = database.BeginTrans();
        try
        {
            foreach (var (name, field) in Fields)
            {
                if (!database.CollectionExists(name))
                {
                    continue;
                }
                var collection = database.GetCollection(name);
                foreach (var document in collection.FindAll().ToList())
                {
                    if (document.TryGetValue(field, out var value) && value.IsBinary)
                    {
                        document[field] = rewrite(name, document["_id"].AsString, value.AsBinary);
                        collection.Update(document);
                        count++;
                    }
                }
            }
            if (ownTransaction)
            {
                database.Commit();
            }
        }
        catch
        {
            if (ownTransaction)
            {
                database.Rollback();
            }
            throw;
        }
        return count;
    }
}
