using System.Security.Cryptography;
using Recrypt.Protocol;

namespace Recrypt.Cli.KeyStore;

/// <summary>The public part of the identity in a key store: what <c>recrypt identity show</c> prints.</summary>
/// <param name="Id">The identity id the service knows it by (derived from <paramref name="SigningPublicKey"/>).</param>
/// <param name="Name">The display name.</param>
/// <param name="PublicKey">The recrypt public key's encoding (x ‖ y), a point of <paramref name="Curve"/>.</param>
/// <param name="SigningPublicKey">The Ed25519 signing public key.</param>
/// <param name="CreatedAt">When the identity was created.</param>
/// <param name="Server">The service it was last registered with, if any.</param>
/// <param name="IsPassphraseProtected">Whether its secrets are sealed with a passphrase.</param>
/// <param name="KeyVersion">The version of <paramref name="PublicKey"/> (1 until the first key rotation).</param>
/// <param name="Curve">The recrypt curve of its keys (the store's <c>curve</c> member; Api256 when a store has none).</param>
internal sealed record PublicIdentity(
    string Id, string Name, byte[] PublicKey, PublicSigningKey SigningPublicKey, DateTimeOffset CreatedAt, string? Server, bool IsPassphraseProtected,
    int KeyVersion = KeyCertificate.FirstVersion, RecryptCurve Curve = RecryptCurve.Api256);

/// <summary>An unlocked identity: its public part and its secret keys, zeroed on <see cref="Dispose"/>.</summary>
internal sealed class LocalIdentity : IDisposable
{
    private readonly byte[] _privateKey;

    /// <param name="identity">The public part.</param>
    /// <param name="privateKey">The recrypt private key's encoding, of the identity's curve; copied into memory this object zeroes.</param>
    /// <param name="signingKeyPair">The signing key pair, which this object now owns.</param>
    public LocalIdentity(PublicIdentity identity, ReadOnlySpan<byte> privateKey, SigningKeyPair signingKeyPair)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        if (IdentityId.FromSigningKey(signingKeyPair.PublicKey) != identity.Id)
        {
            throw new ArgumentException("The signing key pair is not the identity's.", nameof(signingKeyPair));
        }
        Public = identity;
        _privateKey = GC.AllocateArray<byte>(privateKey.Length, pinned: true);
        privateKey.CopyTo(_privateKey);
        SigningKeyPair = signingKeyPair;
    }

    public PublicIdentity Public { get; }

    public string Id => Public.Id;

    public string Name => Public.Name;

    public RecryptCurve Curve => Public.Curve;

    /// <summary>The recrypt public key's encoding.</summary>
    public byte[] PublicKey => Public.PublicKey;

    /// <summary>The recrypt private key's encoding: the curve's operations (<see cref="Service.CliCurve"/>) import it for the moment they need it.</summary>
    public ReadOnlySpan<byte> PrivateKey => _privateKey;

    public SigningKeyPair SigningKeyPair { get; }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_privateKey);
        SigningKeyPair.Dispose();
    }
}
