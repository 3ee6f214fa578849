using System.Diagnostics.CodeAnalysis;

namespace Recrypt.Client;

/// <summary>
/// The operations of one curve that the curve-generic client code needs (and the CLI, which shares them), over the
/// curve's recrypt library: <see cref="ClientCurve256"/> and <see cref="ClientCurve480"/> are the only two.
/// </summary>
internal abstract class ClientCurve<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TPrivateKey : class, IDisposable
    where TPublicKey : class, IEquatable<TPublicKey>
    where TPlaintext : class, IDisposable
    where TEncryptedValue : class
    where TTransformKey : class
{
    public abstract RecryptCurve Curve { get; }

    /// <summary>The size of a private key's encoding.</summary>
    public abstract int PrivateKeySize { get; }

    public abstract byte[] Ed25519Sign(SigningKeyPair signingKeyPair, byte[] message);

    public abstract bool Ed25519Verify(PublicSigningKey signingKey, byte[] message, byte[] signature);

    public abstract SigningKeyPair GenerateSigningKeyPair();

    public abstract (TPrivateKey PrivateKey, TPublicKey PublicKey) GenerateKeyPair();

    public abstract TPlaintext GeneratePlaintext();

    public abstract SymmetricKey DeriveSymmetricKey(TPlaintext plaintext);

    public abstract TPrivateKey DerivePrivateKey(TPlaintext plaintext);

    public abstract TPublicKey ComputePublicKey(TPrivateKey privateKey);

    public abstract TEncryptedValue Encrypt(TPlaintext plaintext, TPublicKey publicKey, SigningKeyPair signingKeyPair);

    public abstract TPlaintext Decrypt(TEncryptedValue encryptedValue, TPrivateKey privateKey);

    public abstract TTransformKey GenerateTransformKey(TPrivateKey fromPrivateKey, TPublicKey toPublicKey, SigningKeyPair signingKeyPair);

    /// <summary>A private key from its encoding (<see cref="PrivateKeySize"/> bytes).</summary>
    public abstract TPrivateKey ImportPrivateKey(ReadOnlySpan<byte> encoding);

    /// <summary>Writes the private key's encoding to <paramref name="destination"/> (<see cref="PrivateKeySize"/> bytes).</summary>
    public abstract void ExportPrivateKey(TPrivateKey privateKey, Span<byte> destination);

    public abstract byte[] ExportKey(TPublicKey publicKey);

    /// <summary>A public key of the curve from its encoding; <see langword="false"/> when it is not one.</summary>
    public abstract bool TryImportKey(ReadOnlySpan<byte> encoding, [NotNullWhen(true)] out TPublicKey? publicKey);

    public abstract byte[] ExportValue(TEncryptedValue encryptedValue);

    /// <summary>An encrypted value as the service returned it; throws <see cref="RecryptException"/> when it is not one of the curve's.</summary>
    public abstract TEncryptedValue ImportValue(byte[] encoding);

    /// <summary>Whether the value's signature verifies.</summary>
    public abstract bool VerifySignature(TEncryptedValue encryptedValue);

    /// <summary>How many times the value was transformed (0: encrypted to its recipient directly).</summary>
    public abstract int TransformBlockCount(TEncryptedValue encryptedValue);

    /// <summary>Who signed the value: its author, or the service that transformed it last.</summary>
    public abstract PublicSigningKey SignerOf(TEncryptedValue encryptedValue);

    public abstract byte[] ExportTransformKey(TTransformKey transformKey);
}

/// <summary>The Api256 operations, over a <see cref="TransformEncryption"/>.</summary>
internal sealed class ClientCurve256(TransformEncryption recrypt) : ClientCurve<PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey>
{
    public TransformEncryption Recrypt { get; } = recrypt ?? throw new ArgumentNullException(nameof(recrypt));

    public override RecryptCurve Curve => RecryptCurve.Api256;

    public override int PrivateKeySize => PrivateKey.Size;

    public override byte[] Ed25519Sign(SigningKeyPair signingKeyPair, byte[] message) => Recrypt.Ed25519Sign(signingKeyPair, message);

    public override bool Ed25519Verify(PublicSigningKey signingKey, byte[] message, byte[] signature) => Recrypt.Ed25519Verify(signingKey, message, signature);

    public override SigningKeyPair GenerateSigningKeyPair() => Recrypt.GenerateSigningKeyPair();

    public override (PrivateKey PrivateKey, PublicKey PublicKey) GenerateKeyPair()
    {
        var pair = Recrypt.GenerateKeyPair();
        return (pair.PrivateKey, pair.PublicKey);
    }

    public override Plaintext GeneratePlaintext() => Recrypt.GeneratePlaintext();

    public override SymmetricKey DeriveSymmetricKey(Plaintext plaintext) => Recrypt.DeriveSymmetricKey(plaintext);

    public override PrivateKey DerivePrivateKey(Plaintext plaintext) => Recrypt.DerivePrivateKey(plaintext);

    public override PublicKey ComputePublicKey(PrivateKey privateKey) => Recrypt.ComputePublicKey(privateKey);

    public override EncryptedValue Encrypt(Plaintext plaintext, PublicKey publicKey, SigningKeyPair signingKeyPair) =>
        Recrypt.Encrypt(plaintext, publicKey, signingKeyPair);

    public override Plaintext Decrypt(EncryptedValue encryptedValue, PrivateKey privateKey) => Recrypt.Decrypt(encryptedValue, privateKey);

    public override TransformKey GenerateTransformKey(PrivateKey fromPrivateKey, PublicKey toPublicKey, SigningKeyPair signingKeyPair) =>
        Recrypt.GenerateTransformKey(fromPrivateKey, toPublicKey, signingKeyPair);

    public override PrivateKey ImportPrivateKey(ReadOnlySpan<byte> encoding) => PrivateKey.Import(encoding);

    public override void ExportPrivateKey(PrivateKey privateKey, Span<byte> destination) => privateKey.TryExport(destination, out _);

    public override byte[] ExportKey(PublicKey publicKey) => publicKey.Export();

    public override bool TryImportKey(ReadOnlySpan<byte> encoding, [NotNullWhen(true)] out PublicKey? publicKey) => PublicKey.TryImport(encoding, out publicKey);

    public override byte[] ExportValue(EncryptedValue encryptedValue) => encryptedValue.Export();

    public override EncryptedValue ImportValue(byte[] encoding) => EncryptedValue.Import(encoding);

    public override bool VerifySignature(EncryptedValue encryptedValue) => encryptedValue.VerifySignature();

    public override int TransformBlockCount(EncryptedValue encryptedValue) => encryptedValue.TransformBlocks.Count;

    public override PublicSigningKey SignerOf(EncryptedValue encryptedValue) => encryptedValue.PublicSigningKey;

    public override byte[] ExportTransformKey(TransformKey transformKey) => transformKey.Export();
}

/// <summary>The Api480 operations, over a <see cref="TransformEncryption480"/>.</summary>
internal sealed class ClientCurve480(TransformEncryption480 recrypt) : ClientCurve<PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480>
{
    public TransformEncryption480 Recrypt { get; } = recrypt ?? throw new ArgumentNullException(nameof(recrypt));

    public override RecryptCurve Curve => RecryptCurve.Api480;

    public override int PrivateKeySize => PrivateKey480.Size;

    public override byte[] Ed25519Sign(SigningKeyPair signingKeyPair, byte[] message) => Recrypt.Ed25519Sign(signingKeyPair, message);

    public override bool Ed25519Verify(PublicSigningKey signingKey, byte[] message, byte[] signature) => Recrypt.Ed25519Verify(signingKey, message, signature);

    public override SigningKeyPair GenerateSigningKeyPair() => Recrypt.GenerateSigningKeyPair();

    public override (PrivateKey480 PrivateKey, PublicKey480 PublicKey) GenerateKeyPair()
    {
        var pair = Recrypt.GenerateKeyPair();
        return (pair.PrivateKey, pair.PublicKey);
    }

    public override Plaintext480 GeneratePlaintext() => Recrypt.GeneratePlaintext();

    public override SymmetricKey DeriveSymmetricKey(Plaintext480 plaintext) => Recrypt.DeriveSymmetricKey(plaintext);

    public override PrivateKey480 DerivePrivateKey(Plaintext480 plaintext) => Recrypt.DerivePrivateKey(plaintext);

    public override PublicKey480 ComputePublicKey(PrivateKey480 privateKey) => Recrypt.ComputePublicKey(privateKey);

    public override EncryptedValue480 Encrypt(Plaintext480 plaintext, PublicKey480 publicKey, SigningKeyPair signingKeyPair) =>
        Recrypt.Encrypt(plaintext, publicKey, signingKeyPair);

    public override Plaintext480 Decrypt(EncryptedValue480 encryptedValue, PrivateKey480 privateKey) => Recrypt.Decrypt(encryptedValue, privateKey);

    public override TransformKey480 GenerateTransformKey(PrivateKey480 fromPrivateKey, PublicKey480 toPublicKey, SigningKeyPair signingKeyPair) =>
        Recrypt.GenerateTransformKey(fromPrivateKey, toPublicKey, signingKeyPair);

    public override PrivateKey480 ImportPrivateKey(ReadOnlySpan<byte> encoding) => PrivateKey480.Import(encoding);

    public override void ExportPrivateKey(PrivateKey480 privateKey, Span<byte> destination) => privateKey.TryExport(destination, out _);

    public override byte[] ExportKey(PublicKey480 publicKey) => publicKey.Export();

    public override bool TryImportKey(ReadOnlySpan<byte> encoding, [NotNullWhen(true)] out PublicKey480? publicKey) => PublicKey480.TryImport(encoding, out publicKey);

    public override byte[] ExportValue(EncryptedValue480 encryptedValue) => encryptedValue.Export();

    public override EncryptedValue480 ImportValue(byte[] encoding) => EncryptedValue480.Import(encoding);

    public override bool VerifySignature(EncryptedValue480 encryptedValue) => encryptedValue.VerifySignature();

    public override int TransformBlockCount(EncryptedValue480 encryptedValue) => encryptedValue.TransformBlocks.Count;

    public override PublicSigningKey SignerOf(EncryptedValue480 encryptedValue) => encryptedValue.PublicSigningKey;

    public override byte[] ExportTransformKey(TransformKey480 transformKey) => transformKey.Export();
}
