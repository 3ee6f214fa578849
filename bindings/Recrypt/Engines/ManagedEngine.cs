using System.Buffers.Binary;
using System.Security.Cryptography;
using Recrypt.Interop;
using Recrypt.Managed;
using Recrypt.Managed.Curve;
using Recrypt.Managed.Field;

namespace Recrypt.Engines;

/// <summary>
/// The scheme in C# (the Recrypt.Managed assembly), with the same bytes and the same errors as the
/// native engine: this class reads and writes the canonical encodings (<see cref="EncryptedValueLayout{TCurve}"/>,
/// <see cref="TransformKeyLayout{TCurve}"/>) with the native core's rules, and maps the scheme's errors.
/// </summary>
internal static class ManagedEngine
{
    /// <summary>The operating system's random source, for engines in production.</summary>
    internal static IRandomSource OsRandomSource => OsRandom.Instance;

    /// <summary>An insecure, deterministic source: the ChaCha20 keystream of <paramref name="seed"/> (spec 6.3).</summary>
    internal static IRandomSource SeededRandomSource(ReadOnlySpan<byte> seed) => new ChaCha20Random(seed);

    /// <summary>
    /// The managed engine of <paramref name="curve"/> drawing from <paramref name="random"/>: the one place that
    /// wires the managed schemes (Recrypt.Managed's fields, curve descriptor) to the curves of the bindings.
    /// </summary>
    internal static IRecryptEngine For(RecryptCurve curve, IRandomSource random) => curve switch
    {
        RecryptCurve.Api256 => new ManagedEngine<Curve256, Fe<U256, PModulus>, Fe<U256, RModulus>, U256, Bn256>(random),
        RecryptCurve.Api480 => new ManagedEngine<Curve480, Fe<U512, P480Modulus>, Fe<U512, R480Modulus>, U512, Bn480>(random),
        _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "Not a Recrypt curve."),
    };
}

/// <summary>
/// The managed engine of one curve: <typeparamref name="TCurve"/> gives the bindings' sizes and layouts, the
/// other parameters the managed scheme of that curve (<see cref="Scheme{F, S, L, C}"/>). Written once for both.
/// </summary>
internal sealed class ManagedEngine<TCurve, F, S, L, C> : IRecryptEngine
    where TCurve : ICurve
    where F : unmanaged, IPrimeField<F, L>
    where S : struct, IPrimeField<S, L>
    where L : struct, ILimbs<L>
    where C : struct, IBnCurve<F>
{
    private readonly IRandomSource _random;
    private volatile bool _disposeRequested;

    internal ManagedEngine(IRandomSource random) => _random = random;

    public RecryptBackend Backend => RecryptBackend.Managed;

    public RecryptCurve Curve => TCurve.Id;

    public bool IsDisposeRequested => _disposeRequested;

    // Keys

    public void GenerateKeyPair(Span<byte> privateKey, Span<byte> publicKey)
    {
        try
        {
            Scheme<F, S, L, C>.GenerateKeyPair(_random, privateKey, publicKey);
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
            Scheme<F, S, L, C>.ComputePublicKey(privateKey, publicKey);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public RecryptException? TryCanonicalizePublicKey(ReadOnlySpan<byte> publicKey, Span<byte> canonical) =>
        Scheme<F, S, L, C>.TryCanonicalizePublicKey(publicKey, canonical) ? null : RecryptErrors.Exception(RecryptError.InvalidPublicKey);

    public void AddPrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum) => Scheme<F, S, L, C>.CombinePrivateKeys(a, b, subtract: false, sum);

    public void SubtractPrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> difference) =>
        Scheme<F, S, L, C>.CombinePrivateKeys(a, b, subtract: true, difference);

    public void AugmentPublicKey(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum)
    {
        try
        {
            Scheme<F, S, L, C>.AugmentPublicKey(a, b, sum);
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
            var m = Scheme<F, S, L, C>.RandomGt(_random);
            m.WriteBytes(plaintext);
            Fp12<F>.Wipe(ref m);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public void DeriveSymmetricKey(ReadOnlySpan<byte> plaintext, Span<byte> symmetricKey) => Scheme<F, S, L, C>.DeriveSymmetricKey(plaintext, symmetricKey);

    public void DerivePrivateKey(ReadOnlySpan<byte> plaintext, Span<byte> privateKey) => Scheme<F, S, L, C>.DerivePrivateKey(plaintext, privateKey);

    // Encryption and transformation

    public void Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signingKeyPair, Span<byte> encryptedValue)
    {
        try
        {
            WriteEncryptedValue(Scheme<F, S, L, C>.Encrypt(_random, plaintext, Scheme<F, S, L, C>.DecodePublicKey(publicKey), signingKeyPair), encryptedValue);
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
            Scheme<F, S, L, C>.Decrypt(ReadEncryptedValue(encryptedValue, stackalloc Block<F>[StackBlocks]), privateKey, plaintext);
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
            Scheme<F, S, L, C>.GenerateTransformKey(_random, fromPrivateKey, Scheme<F, S, L, C>.DecodePublicKey(toPublicKey), signingKeyPair), transformKey);
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
            var value = ReadEncryptedValue(encryptedValue, stackalloc Block<F>[StackBlocks]);
            var key = ReadTransformKey(transformKey);
            var resultBlocks = BlocksIn(stackalloc Block<F>[StackBlocks], value.Blocks.Length + 1);
            WriteEncryptedValue(Scheme<F, S, L, C>.Transform(_random, value, key, signingKeyPair, resultBlocks), transformed);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public IDisposable PrepareTransformKey(ReadOnlySpan<byte> transformKey)
    {
        try
        {
            var key = ReadTransformKey(transformKey);
            if (!key.VerifySignature())
            {
                throw new SchemeException(SchemeError.InvalidTransformKeySignature);
            }
            return new PreparedKey(key);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    public void TransformPrepared(
        ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, IDisposable transformKey, ReadOnlySpan<byte> signingKeyPair,
        Span<byte> transformed)
    {
        var prepared = (PreparedKey)transformKey;
        ObjectDisposedException.ThrowIf(prepared.IsDisposed, prepared);
        ThrowIfMoreBlocksThan(encryptedValue, maxTransformBlocks - 1);
        try
        {
            var value = ReadEncryptedValue(encryptedValue, stackalloc Block<F>[StackBlocks]);
            var resultBlocks = BlocksIn(stackalloc Block<F>[StackBlocks], value.Blocks.Length + 1);
            WriteEncryptedValue(
                Scheme<F, S, L, C>.Transform(_random, value, prepared.Key, signingKeyPair, resultBlocks, keyVerified: true), transformed);
        }
        catch (SchemeException e)
        {
            throw ToException(e);
        }
    }

    /// <summary>A transform key of this curve decoded and checked once (it holds no secret; disposing only retires it).</summary>
    private sealed class PreparedKey(TransformKeyData<F> key) : IDisposable
    {
        private readonly TransformKeyData<F> _key = key;

        public ref readonly TransformKeyData<F> Key => ref _key;

        public bool IsDisposed { get; private set; }

        public void Dispose() => IsDisposed = true;
    }

    /// <summary>
    /// The caller's bound on work, checked from the header before anything is decoded, as the native
    /// core does (RECRYPT_STATUS_TOO_MANY_TRANSFORM_BLOCKS).
    /// </summary>
    private static void ThrowIfMoreBlocksThan(ReadOnlySpan<byte> encryptedValue, int maxBlocks)
    {
        if (encryptedValue.Length >= EncryptedValueLayout<TCurve>.BlockCount.End
            && EncryptedValueLayout<TCurve>.BlockCountOf(encryptedValue) > maxBlocks)
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
            signatureIsValid = ReadEncryptedValue(encryptedValue, stackalloc Block<F>[StackBlocks]).VerifySignature();
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
            Scheme<F, S, L, C>.AugmentTransformKey(ref key, privateKey);
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
            Span<byte> signed = stackalloc byte[TransformKeyData<F>.SignedSize];
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

    public void GenerateSigningKeyPair(Span<byte> signingKeyPair) => SigningKeys.GenerateSigningKeyPair(_random, signingKeyPair);

    public void ComputePublicSigningKey(ReadOnlySpan<byte> signingKeyPair, Span<byte> publicSigningKey)
    {
        try
        {
            SigningKeys.ValidateSigningKeyPair(signingKeyPair);
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
            Scheme<F, S, L, C>.SchnorrSign(_random, privateKey, publicKey, message, signature);
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
            return Scheme<F, S, L, C>.SchnorrVerify(Scheme<F, S, L, C>.DecodePublicKey(publicKey), augmentingPrivateKey, message, signature);
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
    private static Span<Block<F>> BlocksIn(Span<Block<F>> stack, int count) => count <= stack.Length ? stack[..count] : new Block<F>[count];

    /// <summary>
    /// Decodes an encrypted value: framing (length, version, tag, block count), then its public keys; its blocks
    /// go into <paramref name="stack"/> when they fit (<see cref="BlocksIn"/>).
    /// </summary>
    private static EncryptedValueData<F> ReadEncryptedValue(ReadOnlySpan<byte> encoding, Span<Block<F>> stack)
    {
        CheckHeader(encoding, EncryptedValueLayout<TCurve>.Tag, EncryptedValueLayout<TCurve>.BaseSize);
        var count = EncryptedValueLayout<TCurve>.BlockCountOf(encoding);
        if (encoding.Length != EncryptedValueLayout<TCurve>.SizeFor(count))
        {
            throw RecryptErrors.Exception(RecryptError.MalformedEncoding);
        }
        var blocks = BlocksIn(stack, count);
        var value = new EncryptedValueData<F>
        {
            EphemeralPublicKey = Scheme<F, S, L, C>.DecodePublicKey(EncryptedValueLayout<TCurve>.EphemeralPublicKey.In(encoding)),
            Blocks = blocks,
        };
        EncryptedValueLayout<TCurve>.EncryptedMessage.In(encoding).CopyTo(value.EncryptedMessage);
        EncryptedValueLayout<TCurve>.AuthHash.In(encoding).CopyTo(value.AuthHash);
        EncryptedValueLayout<TCurve>.PublicSigningKey.In(encoding).CopyTo(value.PublicSigningKey);
        EncryptedValueLayout<TCurve>.Signature.In(encoding).CopyTo(value.Signature);
        for (var i = 0; i < blocks.Length; i++)
        {
            value.Blocks[i] = Scheme<F, S, L, C>.DecodeBlock(EncryptedValueLayout<TCurve>.Block(i).In(encoding));
        }
        return value;
    }

    private static void WriteEncryptedValue(in EncryptedValueData<F> value, Span<byte> encoding)
    {
        if (encoding.Length != EncryptedValueLayout<TCurve>.SizeFor(value.Blocks.Length))
        {
            throw new InvalidOperationException(
                $"Internal error in Recrypt: the managed engine made {value.Blocks.Length} blocks where {encoding.Length} bytes were expected.");
        }
        EncryptedValueLayout<TCurve>.WriteFraming(encoding, value.Blocks.Length);
        value.EphemeralPublicKey.WriteBytes(EncryptedValueLayout<TCurve>.EphemeralPublicKey.WritableIn(encoding));
        value.EncryptedMessageBytes.CopyTo(EncryptedValueLayout<TCurve>.EncryptedMessage.WritableIn(encoding));
        ((ReadOnlySpan<byte>)value.AuthHash).CopyTo(EncryptedValueLayout<TCurve>.AuthHash.WritableIn(encoding));
        ((ReadOnlySpan<byte>)value.PublicSigningKey).CopyTo(EncryptedValueLayout<TCurve>.PublicSigningKey.WritableIn(encoding));
        ((ReadOnlySpan<byte>)value.Signature).CopyTo(EncryptedValueLayout<TCurve>.Signature.WritableIn(encoding));
        for (var i = 0; i < value.Blocks.Length; i++)
        {
            value.Blocks[i].WriteBytes(EncryptedValueLayout<TCurve>.Block(i).WritableIn(encoding));
        }
    }

    /// <summary>Decodes a transform key: framing, then its public keys, then the hashed temp key.</summary>
    private static TransformKeyData<F> ReadTransformKey(ReadOnlySpan<byte> encoding)
    {
        CheckHeader(encoding, TransformKeyLayout<TCurve>.Tag, TransformKeyLayout<TCurve>.Size);
        if (encoding.Length != TransformKeyLayout<TCurve>.Size)
        {
            throw RecryptErrors.Exception(RecryptError.MalformedEncoding);
        }
        var epk = Scheme<F, S, L, C>.DecodePublicKey(TransformKeyLayout<TCurve>.EphemeralPublicKey.In(encoding));
        var to = Scheme<F, S, L, C>.DecodePublicKey(TransformKeyLayout<TCurve>.ToPublicKey.In(encoding));
        var etk = Fp12<F>.FromBytesReduced(TransformKeyLayout<TCurve>.EncryptedTempKey.In(encoding));
        var htkBytes = TransformKeyLayout<TCurve>.HashedTempKey.In(encoding);
        var key = new TransformKeyData<F>
        {
            EphemeralPublicKey = epk,
            ToPublicKey = to,
            EncryptedTempKey = etk,
            HashedTempKey = Scheme<F, S, L, C>.DecodeHashedTempKey(htkBytes),
        };
        htkBytes.CopyTo(key.HashedTempKeyInput);
        TransformKeyLayout<TCurve>.PublicSigningKey.In(encoding).CopyTo(key.PublicSigningKey);
        TransformKeyLayout<TCurve>.Signature.In(encoding).CopyTo(key.Signature);
        return key;
    }

    private static void WriteTransformKey(in TransformKeyData<F> key, Span<byte> encoding)
    {
        TransformKeyLayout<TCurve>.WriteFraming(encoding);
        key.EphemeralPublicKey.WriteBytes(TransformKeyLayout<TCurve>.EphemeralPublicKey.WritableIn(encoding));
        key.ToPublicKey.WriteBytes(TransformKeyLayout<TCurve>.ToPublicKey.WritableIn(encoding));
        key.EncryptedTempKey.WriteBytes(TransformKeyLayout<TCurve>.EncryptedTempKey.WritableIn(encoding));
        key.HashedTempKeyBytes.CopyTo(TransformKeyLayout<TCurve>.HashedTempKey.WritableIn(encoding));
        ((ReadOnlySpan<byte>)key.PublicSigningKey).CopyTo(TransformKeyLayout<TCurve>.PublicSigningKey.WritableIn(encoding));
        ((ReadOnlySpan<byte>)key.Signature).CopyTo(TransformKeyLayout<TCurve>.Signature.WritableIn(encoding));
    }


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
