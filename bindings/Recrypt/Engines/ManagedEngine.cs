using System.Buffers.Binary;
using System.Security.Cryptography;
using Recrypt.Interop;
using Recrypt.Managed;
using Recrypt.Managed.Field;
using EvLayout = Recrypt.EncryptedValueLayout<Recrypt.Curve256>;
using TkLayout = Recrypt.TransformKeyLayout<Recrypt.Curve256>;

namespace Recrypt.Engines;

/// <summary>
/// The scheme in C# (the Recrypt.Managed assembly), with the same bytes and the same errors as the
/// native engine: this class reads and writes the canonical encodings (<see cref="EncryptedValueLayout{TCurve}"/>,
/// <see cref="TransformKeyLayout{TCurve}"/>) with the native core's rules, and maps the scheme's errors.
/// </summary>
internal sealed class ManagedEngine : IRecryptEngine
{
    private readonly IRandomSource _random;
    private volatile bool _disposeRequested;

    private ManagedEngine(IRandomSource random) => _random = random;

    /// <summary>The operating system's random source, for engines in production.</summary>
    internal static IRandomSource OsRandomSource => OsRandom.Instance;

    /// <summary>An insecure, deterministic source: the ChaCha20 keystream of <paramref name="seed"/> (spec 6.3).</summary>
    internal static IRandomSource SeededRandomSource(ReadOnlySpan<byte> seed) => new ChaCha20Random(seed);

    /// <summary>
    /// The managed engine of <paramref name="curve"/> drawing from <paramref name="random"/>: the one place that
    /// wires the managed schemes to the curves. Api480 waits for the managed 480-bit scheme in Recrypt.Managed.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException"><paramref name="curve"/> is <see cref="RecryptCurve.Api480"/>.</exception>
    internal static IRecryptEngine For(RecryptCurve curve, IRandomSource random) => curve switch
    {
        RecryptCurve.Api256 => new ManagedEngine(random),
        _ => throw new PlatformNotSupportedException(
            $"The managed backend does not implement {curve} yet; use RecryptBackend.Native, which implements both curves."),
    };

    public RecryptBackend Backend => RecryptBackend.Managed;

    public RecryptCurve Curve => RecryptCurve.Api256;

    public bool IsDisposeRequested => _disposeRequested;

    // Keys

    public void GenerateKeyPair(Span<byte> privateKey, Span<byte> publicKey)
    {
        try
        {
            Scheme.GenerateKeyPair(_random, privateKey, publicKey);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public void ComputePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        try
        {
            Scheme.ComputePublicKey(privateKey, publicKey);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public RecryptException? TryCanonicalizePublicKey(ReadOnlySpan<byte> publicKey, Span<byte> canonical) =>
        Scheme.TryCanonicalizePublicKey(publicKey, canonical) ? null : RecryptErrors.Exception(RecryptError.InvalidPublicKey);

    public void AddPrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum) => Scheme.CombinePrivateKeys(a, b, subtract: false, sum);

    public void SubtractPrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> difference) =>
        Scheme.CombinePrivateKeys(a, b, subtract: true, difference);

    public void AugmentPublicKey(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum)
    {
        try
        {
            Scheme.AugmentPublicKey(a, b, sum);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    // Plaintexts

    public void GeneratePlaintext(Span<byte> plaintext)
    {
        try
        {
            var m = Scheme.RandomGt(_random);
            m.WriteBytes(plaintext);
            Fp12.Wipe(ref m);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public void DeriveSymmetricKey(ReadOnlySpan<byte> plaintext, Span<byte> symmetricKey) => Scheme.DeriveSymmetricKey(plaintext, symmetricKey);

    public void DerivePrivateKey(ReadOnlySpan<byte> plaintext, Span<byte> privateKey) => Scheme.DerivePrivateKey(plaintext, privateKey);

    // Encryption and transformation

    public void Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signingKeyPair, Span<byte> encryptedValue)
    {
        try
        {
            WriteEncryptedValue(Scheme.Encrypt(_random, plaintext, Scheme.DecodePublicKey(publicKey), signingKeyPair), encryptedValue);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public void Decrypt(ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, ReadOnlySpan<byte> privateKey, Span<byte> plaintext)
    {
        ThrowIfMoreBlocksThan(encryptedValue, maxTransformBlocks);
        try
        {
            Scheme.Decrypt(ReadEncryptedValue(encryptedValue, stackalloc Block[StackBlocks]), privateKey, plaintext);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public void GenerateTransformKey(
        ReadOnlySpan<byte> fromPrivateKey, ReadOnlySpan<byte> toPublicKey, ReadOnlySpan<byte> signingKeyPair, Span<byte> transformKey)
    {
        try
        {
            WriteTransformKey(
            Scheme.GenerateTransformKey(_random, fromPrivateKey, Scheme.DecodePublicKey(toPublicKey), signingKeyPair), transformKey);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public void Transform(
        ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, ReadOnlySpan<byte> transformKey, ReadOnlySpan<byte> signingKeyPair,
        Span<byte> transformed)
    {
        // The output has one block more than the input.
        ThrowIfMoreBlocksThan(encryptedValue, maxTransformBlocks - 1);
        try
        {
            var value = ReadEncryptedValue(encryptedValue, stackalloc Block[StackBlocks]);
            var key = ReadTransformKey(transformKey);
            var resultBlocks = BlocksIn(stackalloc Block[StackBlocks], value.Blocks.Length + 1);
            WriteEncryptedValue(Scheme.Transform(_random, value, key, signingKeyPair, resultBlocks), transformed);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    /// <summary>
    /// The caller's bound on work, checked from the header before anything is decoded, as the native
    /// core does (RECRYPT_STATUS_TOO_MANY_TRANSFORM_BLOCKS).
    /// </summary>
    private static void ThrowIfMoreBlocksThan(ReadOnlySpan<byte> encryptedValue, int maxBlocks)
    {
        if (encryptedValue.Length >= EvLayout.BlockCount.End
            && EvLayout.BlockCountOf(encryptedValue) > maxBlocks)
        {
            throw new RecryptException(
                RecryptError.TooManyTransformBlocks, "The encrypted value has more transform blocks than the caller allows.");
        }
    }

    public RecryptException? TryVerifyEncryptedValue(ReadOnlySpan<byte> encryptedValue, out bool signatureIsValid)
    {
        signatureIsValid = false;
        try
        {
            signatureIsValid = ReadEncryptedValue(encryptedValue, stackalloc Block[StackBlocks]).VerifySignature();
            return null;
        }
        catch (SchemeException e)
        {
            return ToException(e);
        }
        catch (RecryptException e)
        {
            return e;
        }
    }

    public RecryptException? TryVerifyTransformKey(ReadOnlySpan<byte> transformKey, out bool signatureIsValid)
    {
        signatureIsValid = false;
        try
        {
            signatureIsValid = ReadTransformKey(transformKey).VerifySignature();
            return null;
        }
        catch (SchemeException e)
        {
            return ToException(e);
        }
        catch (RecryptException e)
        {
            return e;
        }
    }

    public void AugmentTransformKey(ReadOnlySpan<byte> transformKey, ReadOnlySpan<byte> privateKey, Span<byte> augmented)
    {
        try
        {
            var key = ReadTransformKey(transformKey);
            Scheme.AugmentTransformKey(ref key, privateKey);
            WriteTransformKey(key, augmented);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    /// <summary>IronCore's <c>transformKeyToBytes256</c> (spec 4.12): EPK ‖ ToPK ‖ ETK (canonical) ‖ HTK (as given) ‖ psk.</summary>
    public void TransformKeyToBytes(ReadOnlySpan<byte> transformKey, Span<byte> bytes)
    {
        try
        {
            var key = ReadTransformKey(transformKey);
            Span<byte> signed = stackalloc byte[TransformKeyData.SignedSize];
            key.WriteSignedBytes(key.PublicSigningKey, signed);
            signed[32..].CopyTo(bytes);
            ReadOnlySpan<byte> hashedTempKey = key.HashedTempKeyBytes;
            hashedTempKey.CopyTo(bytes[(signed.Length - 32)..]);
            ((ReadOnlySpan<byte>)key.PublicSigningKey).CopyTo(bytes[(signed.Length - 32 + hashedTempKey.Length)..]);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    // Signatures and hashing

    public void GenerateSigningKeyPair(Span<byte> signingKeyPair) => Scheme.GenerateSigningKeyPair(_random, signingKeyPair);

    public void ComputePublicSigningKey(ReadOnlySpan<byte> signingKeyPair, Span<byte> publicSigningKey)
    {
        try
        {
            Scheme.ValidateSigningKeyPair(signingKeyPair);
            signingKeyPair[Ed25519.SeedSize..].CopyTo(publicSigningKey);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public void Ed25519Sign(ReadOnlySpan<byte> signingKeyPair, ReadOnlySpan<byte> message, Span<byte> signature) =>
        Managed.Ed25519.Sign(signingKeyPair[..Managed.Ed25519.SeedSize], signingKeyPair[Managed.Ed25519.SeedSize..], message, signature);

    public bool Ed25519Verify(ReadOnlySpan<byte> publicSigningKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Managed.Ed25519.Verify(publicSigningKey, message, signature);

    public bool Ed25519PublicKeyIsValid(ReadOnlySpan<byte> publicSigningKey) => Managed.Ed25519.IsValidPublicKey(publicSigningKey);

    public void SchnorrSign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        try
        {
            Scheme.SchnorrSign(_random, privateKey, publicKey, message, signature);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public bool SchnorrVerify(
        ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> augmentingPrivateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            return Scheme.SchnorrVerify(Scheme.DecodePublicKey(publicKey), augmentingPrivateKey, message, signature);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public void Hash256(ReadOnlySpan<byte> data, Span<byte> hash) => SHA256.HashData(data, hash);

    public void Dispose()
    {
        _disposeRequested = true;
        (_random as IDisposable)?.Dispose();
    }

    // The canonical encodings, read and written with the native core's rules (native/src/encoding.rs).

    /// <summary>
    /// Values with at most this many blocks are decoded into blocks on the stack (a block is about 0.9 KB);
    /// longer chains, rare, into an array.
    /// </summary>
    private const int StackBlocks = 3;

    /// <summary>The first <paramref name="count"/> blocks of <paramref name="stack"/>, or an array when it is too short.</summary>
    private static Span<Block> BlocksIn(Span<Block> stack, int count) => count <= stack.Length ? stack[..count] : new Block[count];

    /// <summary>
    /// Decodes an encrypted value: framing (length, version, tag, block count), then its public keys; its blocks
    /// go into <paramref name="stack"/> when they fit (<see cref="BlocksIn"/>).
    /// </summary>
    private static EncryptedValueData ReadEncryptedValue(ReadOnlySpan<byte> encoding, Span<Block> stack)
    {
        CheckHeader(encoding, EvLayout.Tag, EvLayout.BaseSize);
        var count = EvLayout.BlockCountOf(encoding);
        if (encoding.Length != EvLayout.SizeFor(count))
        {
            throw RecryptErrors.Exception(RecryptError.MalformedEncoding);
        }
        var blocks = BlocksIn(stack, count);
        var value = new EncryptedValueData
        {
            EphemeralPublicKey = Scheme.DecodePublicKey(EvLayout.EphemeralPublicKey.In(encoding)),
            Blocks = blocks,
        };
        EvLayout.EncryptedMessage.In(encoding).CopyTo(value.EncryptedMessage);
        EvLayout.AuthHash.In(encoding).CopyTo(value.AuthHash);
        EvLayout.PublicSigningKey.In(encoding).CopyTo(value.PublicSigningKey);
        EvLayout.Signature.In(encoding).CopyTo(value.Signature);
        for (var i = 0; i < blocks.Length; i++)
        {
            value.Blocks[i] = Scheme.DecodeBlock(EvLayout.Block(i).In(encoding));
        }
        return value;
    }

    private static void WriteEncryptedValue(in EncryptedValueData value, Span<byte> encoding)
    {
        if (encoding.Length != EvLayout.SizeFor(value.Blocks.Length))
        {
            throw new InvalidOperationException(
                $"Internal error in Recrypt: the managed engine made {value.Blocks.Length} blocks where {encoding.Length} bytes were expected.");
        }
        EvLayout.WriteFraming(encoding, value.Blocks.Length);
        WritePublicKey(value.EphemeralPublicKey, EvLayout.EphemeralPublicKey.WritableIn(encoding));
        ((ReadOnlySpan<byte>)value.EncryptedMessage).CopyTo(EvLayout.EncryptedMessage.WritableIn(encoding));
        ((ReadOnlySpan<byte>)value.AuthHash).CopyTo(EvLayout.AuthHash.WritableIn(encoding));
        ((ReadOnlySpan<byte>)value.PublicSigningKey).CopyTo(EvLayout.PublicSigningKey.WritableIn(encoding));
        ((ReadOnlySpan<byte>)value.Signature).CopyTo(EvLayout.Signature.WritableIn(encoding));
        for (var i = 0; i < value.Blocks.Length; i++)
        {
            Scheme.WriteBlock(value.Blocks[i], EvLayout.Block(i).WritableIn(encoding));
        }
    }

    /// <summary>Decodes a transform key: framing, then its public keys, then the hashed temp key.</summary>
    private static TransformKeyData ReadTransformKey(ReadOnlySpan<byte> encoding)
    {
        CheckHeader(encoding, TkLayout.Tag, TkLayout.Size);
        if (encoding.Length != TkLayout.Size)
        {
            throw RecryptErrors.Exception(RecryptError.MalformedEncoding);
        }
        var epk = Scheme.DecodePublicKey(TkLayout.EphemeralPublicKey.In(encoding));
        var to = Scheme.DecodePublicKey(TkLayout.ToPublicKey.In(encoding));
        var etk = Fp12.FromBytesReduced(TkLayout.EncryptedTempKey.In(encoding));
        var htkBytes = TkLayout.HashedTempKey.In(encoding);
        var key = new TransformKeyData
        {
            EphemeralPublicKey = epk,
            ToPublicKey = to,
            EncryptedTempKey = etk,
            HashedTempKey = Scheme.DecodeHashedTempKey(htkBytes),
        };
        htkBytes.CopyTo(key.HashedTempKeyBytes);
        TkLayout.PublicSigningKey.In(encoding).CopyTo(key.PublicSigningKey);
        TkLayout.Signature.In(encoding).CopyTo(key.Signature);
        return key;
    }

    private static void WriteTransformKey(in TransformKeyData key, Span<byte> encoding)
    {
        TkLayout.WriteFraming(encoding);
        WritePublicKey(key.EphemeralPublicKey, TkLayout.EphemeralPublicKey.WritableIn(encoding));
        WritePublicKey(key.ToPublicKey, TkLayout.ToPublicKey.WritableIn(encoding));
        key.EncryptedTempKey.WriteBytes(TkLayout.EncryptedTempKey.WritableIn(encoding));
        ((ReadOnlySpan<byte>)key.HashedTempKeyBytes).CopyTo(TkLayout.HashedTempKey.WritableIn(encoding));
        ((ReadOnlySpan<byte>)key.PublicSigningKey).CopyTo(TkLayout.PublicSigningKey.WritableIn(encoding));
        ((ReadOnlySpan<byte>)key.Signature).CopyTo(TkLayout.Signature.WritableIn(encoding));
    }

    private static void WritePublicKey(in Managed.Curve.Affine<Fe<PModulus>, Managed.Curve.G1Curve> point, Span<byte> destination) =>
        Managed.Curve.Points.WriteBytes(point, destination);

    /// <summary>The native core's header rule: too short or a wrong tag is malformed, another version unsupported.</summary>
    private static void CheckHeader(ReadOnlySpan<byte> encoding, byte tag, int minimumLength)
    {
        if (encoding.Length < minimumLength)
        {
            throw RecryptErrors.Exception(RecryptError.MalformedEncoding);
        }
        if (encoding[0] != NativeMethods.RECRYPT_ENCODING_VERSION)
        {
            throw RecryptErrors.Exception(RecryptError.UnsupportedEncodingVersion);
        }
        if (encoding[1] != tag)
        {
            throw RecryptErrors.Exception(RecryptError.MalformedEncoding);
        }
    }

    private static RecryptException ToException(SchemeException e) => RecryptErrors.Exception(e.Error switch
    {
        SchemeError.DecryptFailed => RecryptError.DecryptFailed,
        SchemeError.InvalidEncryptedValueSignature => RecryptError.InvalidEncryptedValueSignature,
        SchemeError.InvalidPublicKey => RecryptError.InvalidPublicKey,
        SchemeError.InvalidTransformKeySignature => RecryptError.InvalidTransformKeySignature,
        SchemeError.DecodeFailed => RecryptError.DecodeFailed,
        SchemeError.InvalidSigningKeyPair => RecryptError.InvalidSigningKeyPair,
        SchemeError.RandomSourceFailed => RecryptError.RandomSourceFailed,
        _ => throw new InvalidOperationException($"Internal error in Recrypt: an unknown scheme error {e.Error}."),
    });
}
