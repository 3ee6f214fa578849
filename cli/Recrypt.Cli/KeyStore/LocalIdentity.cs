using Recrypt.Protocol;

namespace Recrypt.Cli.KeyStore;

/// <summary>The public part of the identity in a key store: what <c>recrypt identity show</c> prints.</summary>
/// <param name="Id">The identity id the service knows it by (derived from <paramref name="SigningPublicKey"/>).</param>
/// <param name="Name">The display name.</param>
/// <param name="PublicKey">The recrypt public key.</param>
/// <param name="SigningPublicKey">The Ed25519 signing public key.</param>
/// <param name="CreatedAt">When the identity was created.</param>
/// <param name="Server">The service it was last registered with, if any.</param>
/// <param name="IsPassphraseProtected">Whether its secrets are sealed with a passphrase.</param>
/// <param name="KeyVersion">The version of <paramref name="PublicKey"/> (1 until the first key rotation).</param>
internal sealed record PublicIdentity(
    string Id, string Name, PublicKey PublicKey, PublicSigningKey SigningPublicKey, DateTimeOffset CreatedAt, string? Server, bool IsPassphraseProtected,
    int KeyVersion = KeyCertificate.FirstVersion);

/// <summary>An unlocked identity: its public part and its secret keys, zeroed on <see cref="Dispose"/>.</summary>
internal sealed class LocalIdentity : IDisposable
{
    public LocalIdentity(PublicIdentity identity, PrivateKey privateKey, SigningKeyPair signingKeyPair)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        if (IdentityId.FromSigningKey(signingKeyPair.PublicKey) != identity.Id)
        {
            throw new ArgumentException("The signing key pair is not the identity's.", nameof(signingKeyPair));
        }
        Public = identity;
        PrivateKey = privateKey;
        SigningKeyPair = signingKeyPair;
    }

    public PublicIdentity Public { get; }

    public string Id => Public.Id;

    public string Name => Public.Name;

    public PublicKey PublicKey => Public.PublicKey;

    public PrivateKey PrivateKey { get; }

    public SigningKeyPair SigningKeyPair { get; }

    public void Dispose()
    {
        PrivateKey.Dispose();
        SigningKeyPair.Dispose();
    }
}
