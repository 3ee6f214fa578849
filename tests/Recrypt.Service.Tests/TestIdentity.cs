namespace Recrypt.Service.Tests;

/// <summary>
/// An identity as a client holds it: a recrypt key pair and an Ed25519 signing key pair made locally,
/// whose private halves never leave the test.
/// </summary>
public sealed class TestIdentity : IDisposable
{
    /// <summary>The test process's one <see cref="TransformEncryption"/>.</summary>
    public static TransformEncryption Recrypt { get; } = new();

    public TestIdentity(string? name = null)
    {
        Name = name;
        (PrivateKey, PublicKey) = Recrypt.GenerateKeyPair();
        SigningKeyPair = Recrypt.GenerateSigningKeyPair();
        Id = Protocol.IdentityId.FromSigningKey(SigningKeyPair.PublicKey);
    }

    public string? Name { get; }

    public string Id { get; }

    public PrivateKey PrivateKey { get; }

    public PublicKey PublicKey { get; }

    public SigningKeyPair SigningKeyPair { get; }

    public PublicSigningKey SigningPublicKey => SigningKeyPair.PublicKey;

    /// <summary>This identity's certificate of its public key as key version 1.</summary>
    public byte[] KeyCertificate => Protocol.KeyCertificate.Sign(Recrypt, SigningKeyPair, Protocol.KeyCertificate.FirstVersion, PublicKey);

    /// <summary>The body of <c>POST /identities</c> for this identity.</summary>
    public object RegistrationBody => new
    {
        name = Name,
        publicKey = PublicKey.Export(),
        signingPublicKey = SigningPublicKey.Export(),
        keyCertificate = KeyCertificate,
    };

    /// <summary>A transform key from this identity to <paramref name="grantee"/>, signed by this identity.</summary>
    public TransformKey TransformKeyTo(TestIdentity grantee) =>
        Recrypt.GenerateTransformKey(PrivateKey, grantee.PublicKey, SigningKeyPair);

    /// <summary>A new document key: a plaintext encrypted to this identity and signed by it.</summary>
    public (Plaintext Plaintext, EncryptedValue Value) NewDocumentKey()
    {
        var plaintext = Recrypt.GeneratePlaintext();
        return (plaintext, Recrypt.Encrypt(plaintext, PublicKey, SigningKeyPair));
    }

    public void Dispose()
    {
        PrivateKey.Dispose();
        SigningKeyPair.Dispose();
    }
}
