using System.Diagnostics.CodeAnalysis;

namespace Recrypt.BlazorSample.Story;

/// <summary>
/// The part of the Recrypt service the story needs, run in the page: it keeps public keys, grants
/// (transform keys) and encrypted document keys as the bytes a client would upload, and transforms a
/// document key to a grantee with its own signing key pair, as the service's document route does. It never
/// holds a private key, so it can never read a document key.
/// </summary>
public sealed class InPageService(TransformEncryption recrypt, SigningKeyPair signingKeyPair)
{
    private readonly Dictionary<string, byte[]> _publicKeys = [];
    private readonly Dictionary<(string Owner, string Grantee), byte[]> _grants = [];
    private readonly Dictionary<string, (string Owner, byte[] Value)> _documents = [];

    /// <summary>Registers a person's public key, checking it is a point on the curve.</summary>
    public void Register(string name, byte[] publicKey) => _publicKeys[name] = PublicKey.Import(publicKey).Export();

    /// <summary>Stores a grant: the owner's transform key to the grantee, whose signature must verify.</summary>
    public void Grant(string owner, string grantee, byte[] transformKey)
    {
        if (!_publicKeys.ContainsKey(owner) || !_publicKeys.ContainsKey(grantee))
        {
            throw new InvalidOperationException($"A grant from {owner} to {grantee} names someone who is not registered.");
        }
        var key = TransformKey.Import(transformKey);
        if (!key.VerifySignature())
        {
            throw new InvalidOperationException($"The transform key from {owner} to {grantee} is not validly signed.");
        }
        _grants[(owner, grantee)] = transformKey;
    }

    /// <summary>Deletes a grant; the grantee's next request is refused.</summary>
    public bool Revoke(string owner, string grantee) => _grants.Remove((owner, grantee));

    /// <summary>Stores an encrypted document key of <paramref name="owner"/>, whose signature must verify; returns its id.</summary>
    public string Store(string owner, byte[] encryptedValue)
    {
        if (!EncryptedValue.Import(encryptedValue).VerifySignature())
        {
            throw new InvalidOperationException("The encrypted document key is not validly signed.");
        }
        var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        _documents[id] = (owner, encryptedValue);
        return id;
    }

    /// <summary>
    /// A document key for <paramref name="requester"/>: the stored value for its owner, transformed with the
    /// owner's grant for anyone else; refused (false) when there is no such grant.
    /// </summary>
    public bool TryFetch(string documentId, string requester, [NotNullWhen(true)] out byte[]? encryptedValue)
    {
        var (owner, stored) = _documents[documentId];
        if (requester == owner)
        {
            encryptedValue = stored;
            return true;
        }
        if (!_grants.TryGetValue((owner, requester), out var grant))
        {
            encryptedValue = null;
            return false;
        }
        encryptedValue = recrypt.Transform(EncryptedValue.Import(stored), TransformKey.Import(grant), signingKeyPair).Export();
        return true;
    }
}
