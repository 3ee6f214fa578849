using LiteDB;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Identities;

/// <summary>
/// The <c>identities</c> collection. Reads go straight to the database; every write is one
/// single-document operation run by the <see cref="DatabaseWriter"/>.
/// </summary>
internal sealed class IdentityStore
{
    private const string CollectionName = "identities";

    private readonly DatabaseWriter _writer;
    private readonly ILiteCollection<IdentityRecord> _identities;

    public IdentityStore(DatabaseWriter writer)
    {
        _writer = writer;
        _identities = writer.Database.GetCollection<IdentityRecord>(CollectionName);
    }

    /// <summary>Inserts <paramref name="identity"/>; <see langword="false"/> when its id is already taken.</summary>
    public bool TryAdd(IdentityRecord identity) => _writer.Write(database =>
    {
        var identities = database.GetCollection<IdentityRecord>(CollectionName);
        if (identities.FindById(identity.Id) is not null)
        {
            return false;
        }
        identities.Insert(identity);
        return true;
    });

    public IdentityRecord? Find(string id) => _identities.FindById(id);

    /// <summary>
    /// Appends <paramref name="key"/> as the identity's next key version, in one write, provided its version
    /// is exactly one more than the current one; otherwise returns the identity as it is, unchanged.
    /// </summary>
    public (bool Added, IdentityRecord Identity) TryAddKeyVersion(string id, KeyVersionRecord key) => _writer.Write(database =>
    {
        // The check and the update run on the one writer thread, so two rotations cannot both add a version.
        var identities = database.GetCollection<IdentityRecord>(CollectionName);
        var identity = identities.FindById(id) ?? throw new InvalidOperationException($"No identity {id}.");
        if (key.Version != identity.CurrentKey.Version + 1)
        {
            return (false, identity);
        }
        identity.Keys.Add(key);
        identities.Update(identity);
        return (true, identity);
    });
}
