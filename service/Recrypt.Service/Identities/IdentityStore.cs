using LiteDB;

namespace Recrypt.Service.Identities;

/// <summary>The <c>identities</c> collection. Every method is one single-document operation.</summary>
internal sealed class IdentityStore
{
    private readonly ILiteCollection<IdentityRecord> _identities;

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
}
