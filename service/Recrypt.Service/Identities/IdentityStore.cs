using LiteDB;

namespace Recrypt.Service.Identities;

/// <summary>The <c>identities</c> collection. Every method is one single-document operation.</summary>
internal sealed class IdentityStore
{
    private readonly ILiteCollection<IdentityRecord> _identities;
    private readonly Lock _keyVersions = new();

    public IdentityStore(ILiteDatabase database)
    {
        _identities = database.GetCollection<IdentityRecord>("identities");
    }

    /// <summary>Inserts <paramref name="identity"/>; <see langword="false"/> when its id is already taken.</summary>
    public bool TryAdd(IdentityRecord identity)
    {
        try
        {
            _identities.Insert(identity);
            return true;
        }
        catch (LiteException exception) when (exception.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }
    }

    public IdentityRecord? Find(string id) => _identities.FindById(id);

    /// <summary>
    /// Appends <paramref name="key"/> as the identity's next key version, in one write, provided its version
    /// is exactly one more than the current one; otherwise returns the identity as it is, unchanged.
    /// </summary>
    public (bool Added, IdentityRecord Identity) TryAddKeyVersion(string id, KeyVersionRecord key)
    {
        lock (_keyVersions)
        {
            var identity = _identities.FindById(id) ?? throw new InvalidOperationException($"No identity {id}.");
            if (key.Version != identity.CurrentKey.Version + 1)
            {
                return (false, identity);
            }
            identity.Keys.Add(key);
            _identities.Update(identity);
            return (true, identity);
        }
    }
}
