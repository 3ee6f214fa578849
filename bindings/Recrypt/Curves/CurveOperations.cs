using Recrypt.Engines;

namespace Recrypt;

/// <summary>
/// The operations of <see cref="TransformEncryption"/> and <see cref="TransformEncryption480"/>, written
/// once over the curve and its public types: argument checks, sizing the outputs, and the engine call.
/// The public classes hold one and add their documentation.
/// </summary>
internal sealed class CurveOperations<TCurve, TKeyPair, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TCurve : ICurve
    where TKeyPair : ICurveKeyPair<TKeyPair, TPrivateKey, TPublicKey>
    where TPrivateKey : class, ICurveSecret<TPrivateKey>
    where TPublicKey : class, ICurvePublicKey<TPublicKey>
    where TPlaintext : class, ICurveSecret<TPlaintext>
    where TEncryptedValue : class, ICurveEncoded<TEncryptedValue>
    where TTransformKey : class, ICurveEncoded<TTransformKey>
{
    private readonly object _owner;
    private int _maxTransformBlocks = EncryptedValueLayout<TCurve>.MaxBlocks;

    /// <param name="engine">An engine of <typeparamref name="TCurve"/>.</param>
    /// <param name="owner">The public object, named by <see cref="ObjectDisposedException"/>.</param>
    internal CurveOperations(IRecryptEngine engine, object owner)
    {
        if (engine.Curve != TCurve.Id)
        {
            throw new InvalidOperationException($"Internal error in Recrypt: a {engine.Curve} engine for {TCurve.Id} values.");
        }
        Engine = engine;
        _owner = owner;
    }

    internal IRecryptEngine Engine { get; }

    internal int MaxTransformBlocks
    {
        get => _maxTransformBlocks;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, EncryptedValueLayout<TCurve>.MaxBlocks);
            _maxTransformBlocks = value;
        }
    }

    // Keys

    internal TKeyPair GenerateKeyPair()
    {
        ThrowIfDisposed();
        var privateKey = TPrivateKey.Allocate();
        var publicKey = new byte[TCurve.PublicKeySize];
        Engine.GenerateKeyPair(privateKey.Secret.Writable, publicKey);
        return TKeyPair.Create(privateKey, TPublicKey.FromCanonical(publicKey));
    }

    internal TPublicKey ComputePublicKey(TPrivateKey privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ThrowIfDisposed();
        var publicKey = new byte[TCurve.PublicKeySize];
        Engine.ComputePublicKey(privateKey.Secret.Span, publicKey);
        return TPublicKey.FromCanonical(publicKey);
    }

    internal TPrivateKey CombinePrivateKeys(TPrivateKey privateKey, TPrivateKey other, bool subtract)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(other);
        ThrowIfDisposed();
        var result = TPrivateKey.Allocate();
        if (subtract)
        {
            Engine.SubtractPrivateKeys(privateKey.Secret.Span, other.Secret.Span, result.Secret.Writable);
        }
        else
        {
            Engine.AddPrivateKeys(privateKey.Secret.Span, other.Secret.Span, result.Secret.Writable);
        }
        return result;
    }

    internal TPublicKey AugmentPublicKey(TPublicKey publicKey, TPublicKey other)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(other);
        ThrowIfDisposed();
        var sum = new byte[TCurve.PublicKeySize];
        Engine.AugmentPublicKey(publicKey.Bytes, other.Bytes, sum);
        return TPublicKey.FromCanonical(sum);
    }

    // Plaintexts

    internal TPlaintext GeneratePlaintext()
    {
        ThrowIfDisposed();
        var plaintext = TPlaintext.Allocate();
        Engine.GeneratePlaintext(plaintext.Secret.Writable);
        return plaintext;
    }

    internal SymmetricKey DeriveSymmetricKey(TPlaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ThrowIfDisposed();
        var key = SymmetricKey.Allocate();
        Engine.DeriveSymmetricKey(plaintext.Secret.Span, key.Secret.Writable);
        return key;
    }

    internal TPrivateKey DerivePrivateKey(TPlaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ThrowIfDisposed();
        var key = TPrivateKey.Allocate();
        Engine.DerivePrivateKey(plaintext.Secret.Span, key.Secret.Writable);
        return key;
    }

    // Encryption and transformation

    internal TEncryptedValue Encrypt(TPlaintext plaintext, TPublicKey publicKey, SigningKeyPair signingKeyPair)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        ThrowIfDisposed();
        var encoding = new byte[EncryptedValueLayout<TCurve>.SizeFor(blocks: 0)];
        Engine.Encrypt(plaintext.Secret.Span, publicKey.Bytes, signingKeyPair.Secret.Span, encoding);
        return TEncryptedValue.FromEngine(encoding);
    }

    internal TPlaintext Decrypt(TEncryptedValue encryptedValue, TPrivateKey privateKey)
    {
        ArgumentNullException.ThrowIfNull(encryptedValue);
        ArgumentNullException.ThrowIfNull(privateKey);
        ThrowIfDisposed();
        var plaintext = TPlaintext.Allocate();
        Engine.Decrypt(encryptedValue.Encoding, _maxTransformBlocks, privateKey.Secret.Span, plaintext.Secret.Writable);
        return plaintext;
    }

    internal TTransformKey GenerateTransformKey(TPrivateKey fromPrivateKey, TPublicKey toPublicKey, SigningKeyPair signingKeyPair)
    {
        ArgumentNullException.ThrowIfNull(fromPrivateKey);
        ArgumentNullException.ThrowIfNull(toPublicKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        ThrowIfDisposed();
        var encoding = new byte[TCurve.TransformKeySize];
        Engine.GenerateTransformKey(fromPrivateKey.Secret.Span, toPublicKey.Bytes, signingKeyPair.Secret.Span, encoding);
        return TTransformKey.FromEngine(encoding);
    }

    internal TEncryptedValue Transform(TEncryptedValue encryptedValue, TTransformKey transformKey, SigningKeyPair signingKeyPair)
    {
        ArgumentNullException.ThrowIfNull(encryptedValue);
        ArgumentNullException.ThrowIfNull(transformKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        return TEncryptedValue.FromEngine(Transform(
            encryptedValue.Encoding, EncryptedValueLayout<TCurve>.BlockCountOf(encryptedValue.Encoding), transformKey.Encoding, signingKeyPair));
    }

    internal byte[] Transform(ReadOnlySpan<byte> encryptedValue, ReadOnlySpan<byte> transformKey, SigningKeyPair signingKeyPair)
    {
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        return Transform(encryptedValue, BlockCountOfEncoding(encryptedValue), transformKey, signingKeyPair);
    }

    /// <summary>The block count of an encoding long enough to have one; anything shorter is malformed.</summary>
    private static int BlockCountOfEncoding(ReadOnlySpan<byte> encryptedValue) =>
        encryptedValue.Length < EncryptedValueLayout<TCurve>.BaseSize
            ? throw RecryptErrors.Exception(RecryptError.MalformedEncoding)
            : EncryptedValueLayout<TCurve>.BlockCountOf(encryptedValue);

    private byte[] Transform(ReadOnlySpan<byte> encryptedValue, int blocks, ReadOnlySpan<byte> transformKey, SigningKeyPair signingKeyPair)
    {
        var encoding = TransformOutput(encryptedValue, blocks);
        Engine.Transform(encryptedValue, _maxTransformBlocks, transformKey, signingKeyPair.Secret.Span, encoding);
        return encoding;
    }

    internal PreparedTransformKey PrepareTransformKey(TTransformKey transformKey)
    {
        ArgumentNullException.ThrowIfNull(transformKey);
        return PrepareTransformKey(transformKey.Encoding);
    }

    internal PreparedTransformKey PrepareTransformKey(ReadOnlySpan<byte> transformKey)
    {
        ThrowIfDisposed();
        return new PreparedTransformKey(Engine.PrepareTransformKey(transformKey), Engine.Backend, Engine.Curve);
    }

    internal TEncryptedValue Transform(TEncryptedValue encryptedValue, PreparedTransformKey transformKey, SigningKeyPair signingKeyPair)
    {
        ArgumentNullException.ThrowIfNull(encryptedValue);
        return TEncryptedValue.FromEngine(Transform(encryptedValue.Encoding, transformKey, signingKeyPair));
    }

    internal byte[] Transform(ReadOnlySpan<byte> encryptedValue, PreparedTransformKey transformKey, SigningKeyPair signingKeyPair)
    {
        ArgumentNullException.ThrowIfNull(transformKey);
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        if (transformKey.Curve != Engine.Curve || transformKey.Backend != Engine.Backend)
        {
            throw new ArgumentException(
                $"The key was prepared for {transformKey.Curve} on the {transformKey.Backend} backend; this instance is {Engine.Curve} on the {Engine.Backend} backend.",
                nameof(transformKey));
        }
        var encoding = TransformOutput(encryptedValue, BlockCountOfEncoding(encryptedValue));
        Engine.TransformPrepared(encryptedValue, _maxTransformBlocks, transformKey.EngineKey, signingKeyPair.Secret.Span, encoding);
        return encoding;
    }

    /// <summary>The buffer for the transform of a value with <paramref name="blocks"/> blocks (one more).</summary>
    private byte[] TransformOutput(ReadOnlySpan<byte> encryptedValue, int blocks)
    {
        if (blocks == EncryptedValueLayout<TCurve>.MaxBlocks)
        {
            throw new ArgumentException(
                $"The value already has {blocks} transform blocks, the most an encoding can carry.", nameof(encryptedValue));
        }
        ThrowIfDisposed();
        return new byte[EncryptedValueLayout<TCurve>.SizeFor(blocks + 1)];
    }

    internal TTransformKey AugmentTransformKey(TTransformKey transformKey, TPrivateKey privateKey)
    {
        ArgumentNullException.ThrowIfNull(transformKey);
        ArgumentNullException.ThrowIfNull(privateKey);
        ThrowIfDisposed();
        var encoding = new byte[TCurve.TransformKeySize];
        Engine.AugmentTransformKey(transformKey.Encoding, privateKey.Secret.Span, encoding);
        // Augmentation keeps the signature, and with it whether the signature verified.
        return TTransformKey.FromDecoded(encoding, transformKey.SignatureIsValid);
    }

    // Signatures

    internal SigningKeyPair GenerateSigningKeyPair()
    {
        ThrowIfDisposed();
        var pair = new SecretBytes(typeof(SigningKeyPair), SigningKeyPair.Size);
        Engine.GenerateSigningKeyPair(pair.Writable);
        return SigningKeyPair.FromGenerated(pair);
    }

    internal byte[] Ed25519Sign(SigningKeyPair signingKeyPair, ReadOnlySpan<byte> message)
    {
        var signature = new byte[TransformEncryption.Ed25519SignatureSize];
        Ed25519Sign(signingKeyPair, message, signature);
        return signature;
    }

    internal void Ed25519Sign(SigningKeyPair signingKeyPair, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(signingKeyPair);
        Argument.ThrowIfNotSize(signature, TransformEncryption.Ed25519SignatureSize, nameof(signature));
        ThrowIfDisposed();
        Engine.Ed25519Sign(signingKeyPair.Secret.Span, message, signature);
    }

    internal bool Ed25519Verify(PublicSigningKey publicSigningKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicSigningKey);
        Argument.ThrowIfNotSize(signature, TransformEncryption.Ed25519SignatureSize, nameof(signature));
        ThrowIfDisposed();
        return Engine.Ed25519Verify(publicSigningKey.Bytes, message, signature);
    }

    internal bool IsValidPublicSigningKey(PublicSigningKey publicSigningKey)
    {
        ArgumentNullException.ThrowIfNull(publicSigningKey);
        ThrowIfDisposed();
        return Engine.Ed25519PublicKeyIsValid(publicSigningKey.Bytes);
    }

    internal byte[] SchnorrSign(TPrivateKey privateKey, TPublicKey publicKey, ReadOnlySpan<byte> message)
    {
        var signature = new byte[TCurve.SchnorrSignatureSize];
        SchnorrSign(privateKey, publicKey, message, signature);
        return signature;
    }

    internal void SchnorrSign(TPrivateKey privateKey, TPublicKey publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(publicKey);
        Argument.ThrowIfNotSize(signature, TCurve.SchnorrSignatureSize, nameof(signature));
        ThrowIfDisposed();
        Engine.SchnorrSign(privateKey.Secret.Span, publicKey.Bytes, message, signature);
    }

    internal bool SchnorrVerify(TPublicKey publicKey, TPrivateKey? augmentingPrivateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        Argument.ThrowIfNotSize(signature, TCurve.SchnorrSignatureSize, nameof(signature));
        ThrowIfDisposed();
        var augmenting = augmentingPrivateKey is null ? default : augmentingPrivateKey.Secret.Span;
        return Engine.SchnorrVerify(publicKey.Bytes, augmenting, message, signature);
    }

    internal void Dispose() => Engine.Dispose();

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Engine.IsDisposeRequested, _owner);
}
