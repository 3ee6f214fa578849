using Recrypt.Engines;
using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// Transform encryption (proxy re-encryption) with IronCore's 480-bit scheme (recrypt Api480,
/// <see cref="RecryptCurve.Api480"/>), byte-compatible with IronCore's own libraries, for keys and data
/// that must stay safe for decades (see <see cref="RecryptCurve"/>; every operation costs roughly 4 to 5
/// times that of <see cref="TransformEncryption"/>): key generation, encryption to a public key,
/// transform keys that let a proxy re-encrypt from one key to another without decrypting, and the
/// signatures and key arithmetic that go with them.
/// </summary>
/// <remarks>
/// <para>
/// Create one instance and share it: every member is thread-safe. The instance holds the source
/// of randomness (the operating system's random source);
/// members that draw no randomness are instance members too, so that one object covers the scheme.
/// </para>
/// <para>
/// Arguments are checked before any work is done: a null argument throws
/// <see cref="ArgumentNullException"/>, a byte string of the wrong size <see cref="ArgumentException"/>,
/// a disposed key <see cref="ObjectDisposedException"/>. Failures that the data explains (a key that
/// does not fit, a value that was altered) throw <see cref="RecryptException"/>. After
/// <see cref="Dispose"/> every member throws <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public sealed class TransformEncryption480 : IDisposable
{
    /// <summary>The size of the seed of <see cref="CreateInsecureDeterministic(ReadOnlySpan{byte})"/> in bytes (32).</summary>
    internal const int SeedSize = InsecureSeeded.SeedLength;

    /// <summary>The size of an Ed25519 signature in bytes (64).</summary>
    public const int Ed25519SignatureSize = TransformEncryption.Ed25519SignatureSize;

    /// <summary>The size of a Schnorr signature in bytes (120: r ‖ s, 60 bytes each).</summary>
    public const int SchnorrSignatureSize = NativeMethods.RECRYPT480_SCHNORR_SIGNATURE_LEN;

    /// <summary>The size of a <see cref="Hash256(ReadOnlySpan{byte})"/> digest in bytes (32).</summary>
    public const int HashSize = TransformEncryption.HashSize;

    private readonly CurveOperations<Curve480, KeyPair480, PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480> _ops;

    /// <summary>
    /// Creates an instance on the default backend, whose randomness comes from the operating system:
    /// the backend named by the environment variable <c>RECRYPT_BACKEND</c> (<c>native</c> or
    /// <c>managed</c>) when it is set, else <see cref="RecryptBackend.Native"/> when the native
    /// library loads on this platform, else <see cref="RecryptBackend.Managed"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>RECRYPT_BACKEND</c> is set to something else.</exception>
    public TransformEncryption480()
        : this(RecryptEngines.DefaultBackend)
    {
    }

    /// <summary>Creates an instance on <paramref name="backend"/>, whose randomness comes from the operating system.</summary>
    /// <param name="backend">The implementation to run on. Both produce the same bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backend"/> is not a defined backend.</exception>
    /// <exception cref="TypeInitializationException"><paramref name="backend"/> is native and the native library cannot be loaded here.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="backend"/> is native and this is WebAssembly (a browser or WASI), for which no native library exists.</exception>
    public TransformEncryption480(RecryptBackend backend)
        : this(RecryptEngines.Create(backend, RecryptCurve.Api480))
    {
    }

    private TransformEncryption480(IRecryptEngine engine) => _ops = new(engine, this);

    /// <summary>The implementation this instance runs on.</summary>
    public RecryptBackend Backend => _ops.Engine.Backend;

    /// <summary>The engine, for the public types' calls on behalf of this instance.</summary>
    internal IRecryptEngine Engine => _ops.Engine;

    /// <summary>
    /// The most transform blocks (hops) a value may have for <see cref="Decrypt"/> (in its input) and
    /// <see cref="Transform(EncryptedValue480, TransformKey480, SigningKeyPair)"/> (in its output); a value with more is refused with
    /// <see cref="RecryptError.TooManyTransformBlocks"/> before any work is done. Decryption costs two
    /// pairings (several milliseconds) per block, so code that decrypts values from others should set
    /// a small limit. The default, 65535, is the most an encoding can carry (no limit).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above 65535.</exception>
    public int MaxTransformBlocks
    {
        get => _ops.MaxTransformBlocks;
        init => _ops.MaxTransformBlocks = value;
    }

    /// <summary>
    /// NOT FOR PRODUCTION: creates an instance whose "random" bytes are all derived from
    /// <paramref name="seed"/>, so that it reproduces, call for call, what IronCore's build produces
    /// from the same seed. For tests only: internal, and it needs the test build of the native library
    /// (the shipped one does not export the deterministic context).
    /// </summary>
    /// <remarks>
    /// <b>Everything this instance generates is predictable.</b> Anyone who knows or guesses the seed
    /// knows every private key, plaintext, signing key and nonce it produces: Schnorr signatures made
    /// with it reveal the private key, and values encrypted with it can be decrypted by anyone with
    /// the seed. Its calls run one at a time. Never use it outside tests.
    /// </remarks>
    /// <param name="seed">32 bytes: the ChaCha20 key of the random stream.</param>
    /// <returns>A deterministic, insecure instance.</returns>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes.</exception>
    internal static TransformEncryption480 CreateInsecureDeterministic(ReadOnlySpan<byte> seed)
    {
        Argument.ThrowIfNotSize(seed, SeedSize, nameof(seed));
        return new TransformEncryption480(RecryptEngines.CreateInsecureSeeded(RecryptEngines.DefaultBackend, seed, RecryptCurve.Api480));
    }

    /// <summary><see cref="CreateInsecureDeterministic(ReadOnlySpan{byte})"/> on a chosen backend, for tests.</summary>
    internal static TransformEncryption480 CreateInsecureDeterministic(ReadOnlySpan<byte> seed, RecryptBackend backend)
    {
        Argument.ThrowIfNotSize(seed, SeedSize, nameof(seed));
        return new TransformEncryption480(RecryptEngines.CreateInsecureSeeded(backend, seed, RecryptCurve.Api480));
    }

    // Keys

    /// <summary>Generates a key pair.</summary>
    /// <returns>
    /// A new private key and its public key. The caller disposes the pair (<c>using var pair = ...</c>), or,
    /// having deconstructed it (<c>var (privateKey, publicKey) = ...</c>), the private key.
    /// </returns>
    public KeyPair480 GenerateKeyPair() => _ops.GenerateKeyPair();

    /// <summary>Computes the public key of a private key.</summary>
    /// <param name="privateKey">The private key.</param>
    /// <returns>The public key.</returns>
    /// <exception cref="RecryptException">The key is zero modulo the group order (<see cref="RecryptError.InvalidPublicKey"/>).</exception>
    public PublicKey480 ComputePublicKey(PrivateKey480 privateKey) => _ops.ComputePublicKey(privateKey);

    /// <summary>Adds two private keys modulo the group order (IronCore's <c>addPrivateKeys</c>).</summary>
    /// <param name="privateKey">A private key.</param>
    /// <param name="other">The private key to add.</param>
    /// <returns>The sum, a new private key.</returns>
    public PrivateKey480 AddPrivateKeys(PrivateKey480 privateKey, PrivateKey480 other) => _ops.CombinePrivateKeys(privateKey, other, subtract: false);

    /// <summary>Subtracts one private key from another modulo the group order (IronCore's <c>subtractPrivateKeys</c>).</summary>
    /// <param name="privateKey">A private key.</param>
    /// <param name="other">The private key to subtract.</param>
    /// <returns><paramref name="privateKey"/> − <paramref name="other"/>, a new private key.</returns>
    public PrivateKey480 SubtractPrivateKeys(PrivateKey480 privateKey, PrivateKey480 other) => _ops.CombinePrivateKeys(privateKey, other, subtract: true);

    /// <summary>Adds two public keys as points (IronCore's <c>augmentPublicKey480</c>), for example a user's and a server's.</summary>
    /// <param name="publicKey">A public key.</param>
    /// <param name="other">The public key to add.</param>
    /// <returns>The augmented public key.</returns>
    /// <exception cref="RecryptException">The sum is the point at infinity (<see cref="RecryptError.InvalidPublicKey"/>).</exception>
    public PublicKey480 AugmentPublicKey(PublicKey480 publicKey, PublicKey480 other) => _ops.AugmentPublicKey(publicKey, other);

    // Plaintexts

    /// <summary>Generates a random plaintext, from which a <see cref="SymmetricKey"/> is derived.</summary>
    /// <returns>A new plaintext. The caller disposes it.</returns>
    public Plaintext480 GeneratePlaintext() => _ops.GeneratePlaintext();

    /// <summary>Derives the symmetric key of a plaintext: SHA-256 of its canonical encoding.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <returns>A new symmetric key. The caller disposes it.</returns>
    public SymmetricKey DeriveSymmetricKey(Plaintext480 plaintext) => _ops.DeriveSymmetricKey(plaintext);

    /// <summary>Derives a private key from a plaintext: SHA-256 of the plaintext, modulo p.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <returns>A new private key. The caller disposes it.</returns>
    public PrivateKey480 DerivePrivateKey(Plaintext480 plaintext) => _ops.DerivePrivateKey(plaintext);

    // Encryption and transformation

    /// <summary>Encrypts a plaintext to a public key, signed with a signing key pair.</summary>
    /// <param name="plaintext">The plaintext to encrypt.</param>
    /// <param name="publicKey">The recipient's public key.</param>
    /// <param name="signingKeyPair">The key pair that signs the encrypted value.</param>
    /// <returns>The encrypted value, with no transform blocks.</returns>
    public EncryptedValue480 Encrypt(Plaintext480 plaintext, PublicKey480 publicKey, SigningKeyPair signingKeyPair) => _ops.Encrypt(plaintext, publicKey, signingKeyPair);

    /// <summary>Decrypts an encrypted value, transformed any number of times, with the last recipient's private key.</summary>
    /// <param name="encryptedValue">The encrypted value.</param>
    /// <param name="privateKey">The private key of the key the value was last encrypted or transformed to.</param>
    /// <returns>The plaintext. The caller disposes it.</returns>
    /// <exception cref="RecryptException">
    /// The signature does not verify (<see cref="RecryptError.InvalidEncryptedValueSignature"/>), or the
    /// key is not the recipient's or the value was altered and re-signed (<see cref="RecryptError.DecryptFailed"/>),
    /// or the value has more transform blocks than <see cref="MaxTransformBlocks"/> (<see cref="RecryptError.TooManyTransformBlocks"/>).
    /// </exception>
    public Plaintext480 Decrypt(EncryptedValue480 encryptedValue, PrivateKey480 privateKey) => _ops.Decrypt(encryptedValue, privateKey);

    /// <summary>Generates a transform key from a private key to a public key, signed with a signing key pair.</summary>
    /// <param name="fromPrivateKey">The private key of the delegator, whose values the key transforms.</param>
    /// <param name="toPublicKey">The public key of the delegatee, who can decrypt the transformed values.</param>
    /// <param name="signingKeyPair">The key pair that signs the transform key.</param>
    /// <returns>The transform key.</returns>
    public TransformKey480 GenerateTransformKey(PrivateKey480 fromPrivateKey, PublicKey480 toPublicKey, SigningKeyPair signingKeyPair) => _ops.GenerateTransformKey(fromPrivateKey, toPublicKey, signingKeyPair);

    /// <summary>
    /// Transforms an encrypted value with a transform key, so that the transform key's delegatee can
    /// decrypt it; the result is re-signed with <paramref name="signingKeyPair"/> and has one more
    /// transform block.
    /// </summary>
    /// <param name="encryptedValue">The value, encrypted or last transformed to the transform key's delegator.</param>
    /// <param name="transformKey">The transform key.</param>
    /// <param name="signingKeyPair">The key pair of the party doing the transform, which signs the result.</param>
    /// <returns>The transformed value.</returns>
    /// <exception cref="ArgumentException"><paramref name="encryptedValue"/> already has the most transform blocks an encoding can carry (65535).</exception>
    /// <exception cref="RecryptException">
    /// The value's signature does not verify (<see cref="RecryptError.InvalidEncryptedValueSignature"/>),
    /// or the transform key's (<see cref="RecryptError.InvalidTransformKeySignature"/>), or the result would
    /// have more transform blocks than <see cref="MaxTransformBlocks"/> (<see cref="RecryptError.TooManyTransformBlocks"/>).
    /// A transform key for another delegator is not detected here: the result then fails to decrypt.
    /// </exception>
    public EncryptedValue480 Transform(EncryptedValue480 encryptedValue, TransformKey480 transformKey, SigningKeyPair signingKeyPair) => _ops.Transform(encryptedValue, transformKey, signingKeyPair);

    /// <summary>
    /// Transforms an encrypted value held as its canonical encoding with a transform key held as its
    /// canonical encoding, and returns the result's encoding: the operation of
    /// <see cref="Transform(EncryptedValue480, TransformKey480, SigningKeyPair)"/> for a party that stores
    /// encodings (a key service). Each input is decoded and checked once, by the transform itself (points on
    /// their curves and in their groups, both signatures), instead of once on import and again in the transform.
    /// </summary>
    /// <param name="encryptedValue">The value's canonical encoding (<see cref="EncryptedValue480.Export"/>).</param>
    /// <param name="transformKey">The transform key's canonical encoding (<see cref="TransformKey480.Export"/>).</param>
    /// <param name="signingKeyPair">The key pair of the party doing the transform, which signs the result.</param>
    /// <returns>The canonical encoding of the transformed value.</returns>
    /// <exception cref="ArgumentException"><paramref name="encryptedValue"/> already has the most transform blocks an encoding can carry (65535).</exception>
    /// <exception cref="RecryptException">
    /// Either input is not a canonical encoding of its kind (<see cref="RecryptError.MalformedEncoding"/>,
    /// <see cref="RecryptError.UnsupportedEncodingVersion"/>, <see cref="RecryptError.InvalidPublicKey"/>,
    /// <see cref="RecryptError.DecodeFailed"/>), or fails as
    /// <see cref="Transform(EncryptedValue480, TransformKey480, SigningKeyPair)"/> does.
    /// </exception>
    public byte[] Transform(ReadOnlySpan<byte> encryptedValue, ReadOnlySpan<byte> transformKey, SigningKeyPair signingKeyPair) => _ops.Transform(encryptedValue, transformKey, signingKeyPair);

    /// <summary>
    /// Decodes and checks a transform key once (its points on the curve and in their groups, and its signature),
    /// for any number of transforms with it: see <see cref="PreparedTransformKey"/>.
    /// </summary>
    /// <param name="transformKey">The transform key.</param>
    /// <returns>The prepared key; dispose it when it is no longer needed.</returns>
    /// <exception cref="RecryptException">The key's signature does not verify (<see cref="RecryptError.InvalidTransformKeySignature"/>).</exception>
    public PreparedTransformKey PrepareTransformKey(TransformKey480 transformKey) => _ops.PrepareTransformKey(transformKey);

    /// <summary>
    /// Decodes and checks a transform key held as its canonical encoding once, for any number of transforms with
    /// it: see <see cref="PreparedTransformKey"/>. It is refused for every reason
    /// <see cref="Transform(ReadOnlySpan{byte}, ReadOnlySpan{byte}, SigningKeyPair)"/> refuses the encoding.
    /// </summary>
    /// <param name="transformKey">The transform key's canonical encoding (<see cref="TransformKey480.Export"/>).</param>
    /// <returns>The prepared key; dispose it when it is no longer needed.</returns>
    /// <exception cref="RecryptException">
    /// The bytes are not a canonical encoding of an Api480 transform key (<see cref="RecryptError.MalformedEncoding"/>,
    /// <see cref="RecryptError.UnsupportedEncodingVersion"/>, <see cref="RecryptError.InvalidPublicKey"/>,
    /// <see cref="RecryptError.DecodeFailed"/>), or its signature does not verify (<see cref="RecryptError.InvalidTransformKeySignature"/>).
    /// </exception>
    public PreparedTransformKey PrepareTransformKey(ReadOnlySpan<byte> transformKey) => _ops.PrepareTransformKey(transformKey);

    /// <summary>
    /// <see cref="Transform(EncryptedValue480, TransformKey480, SigningKeyPair)"/> with a prepared key: the same result, without
    /// decoding and checking the key again.
    /// </summary>
    /// <param name="encryptedValue">The value, encrypted or last transformed to the transform key's delegator.</param>
    /// <param name="transformKey">The key, prepared by an instance of this curve on the same backend.</param>
    /// <param name="signingKeyPair">The key pair of the party doing the transform, which signs the result.</param>
    /// <returns>The transformed value.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="transformKey"/> was prepared for another curve or on another backend, or
    /// <paramref name="encryptedValue"/> already has the most transform blocks an encoding can carry (65535).
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="transformKey"/> was disposed.</exception>
    /// <exception cref="RecryptException">
    /// The value's signature does not verify (<see cref="RecryptError.InvalidEncryptedValueSignature"/>), or the result
    /// would have more transform blocks than <see cref="MaxTransformBlocks"/> (<see cref="RecryptError.TooManyTransformBlocks"/>).
    /// </exception>
    public EncryptedValue480 Transform(EncryptedValue480 encryptedValue, PreparedTransformKey transformKey, SigningKeyPair signingKeyPair) =>
        _ops.Transform(encryptedValue, transformKey, signingKeyPair);

    /// <summary>
    /// <see cref="Transform(ReadOnlySpan{byte}, ReadOnlySpan{byte}, SigningKeyPair)"/> with a prepared key: the same
    /// result, without decoding and checking the key again. This is the transform for a key service, which applies
    /// the keys it stores to many values: it prepares each key once.
    /// </summary>
    /// <param name="encryptedValue">The value's canonical encoding (<see cref="EncryptedValue480.Export"/>).</param>
    /// <param name="transformKey">The key, prepared by an instance of this curve on the same backend.</param>
    /// <param name="signingKeyPair">The key pair of the party doing the transform, which signs the result.</param>
    /// <returns>The canonical encoding of the transformed value.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="transformKey"/> was prepared for another curve or on another backend, or
    /// <paramref name="encryptedValue"/> already has the most transform blocks an encoding can carry (65535).
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="transformKey"/> was disposed.</exception>
    /// <exception cref="RecryptException">
    /// The value is not a canonical encoding of its kind, or fails as
    /// <see cref="Transform(EncryptedValue480, PreparedTransformKey, SigningKeyPair)"/> does.
    /// </exception>
    public byte[] Transform(ReadOnlySpan<byte> encryptedValue, PreparedTransformKey transformKey, SigningKeyPair signingKeyPair) =>
        _ops.Transform(encryptedValue, transformKey, signingKeyPair);

    /// <summary>
    /// Augments a transform key with a private key (IronCore's <c>augmentTransformKey480</c>), for
    /// values encrypted to an augmented public key. Only the hashed temp key changes; the signature is
    /// kept.
    /// </summary>
    /// <param name="transformKey">The transform key.</param>
    /// <param name="privateKey">The private key the public key was augmented with.</param>
    /// <returns>The augmented transform key.</returns>
    public TransformKey480 AugmentTransformKey(TransformKey480 transformKey, PrivateKey480 privateKey) => _ops.AugmentTransformKey(transformKey, privateKey);

    // Signatures and hashing

    /// <summary>Generates an Ed25519 signing key pair.</summary>
    /// <returns>A new signing key pair. The caller disposes it.</returns>
    public SigningKeyPair GenerateSigningKeyPair() => _ops.GenerateSigningKeyPair();

    /// <summary>Signs a message with Ed25519 (RFC 8032).</summary>
    /// <param name="signingKeyPair">The signing key pair.</param>
    /// <param name="message">The message.</param>
    /// <returns>The 64-byte signature.</returns>
    public byte[] Ed25519Sign(SigningKeyPair signingKeyPair, ReadOnlySpan<byte> message) => _ops.Ed25519Sign(signingKeyPair, message);

    /// <summary>Signs a message with Ed25519 (RFC 8032) into <paramref name="signature"/>.</summary>
    /// <param name="signingKeyPair">The signing key pair.</param>
    /// <param name="message">The message.</param>
    /// <param name="signature">Where to write the signature; exactly 64 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not 64 bytes.</exception>
    public void Ed25519Sign(SigningKeyPair signingKeyPair, ReadOnlySpan<byte> message, Span<byte> signature) => _ops.Ed25519Sign(signingKeyPair, message, signature);

    /// <summary>
    /// Verifies an Ed25519 signature (RFC 8032, with strict public keys: a key of small order or in a
    /// non-canonical encoding verifies nothing, so that no signature is valid without a secret key).
    /// </summary>
    /// <param name="publicSigningKey">The signer's public key.</param>
    /// <param name="message">The message.</param>
    /// <param name="signature">The signature: 64 bytes.</param>
    /// <returns><see langword="true"/> when the signature is valid.</returns>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not 64 bytes.</exception>
    public bool Ed25519Verify(PublicSigningKey publicSigningKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => _ops.Ed25519Verify(publicSigningKey, message, signature);

    /// <summary>
    /// Whether a public signing key can verify any signature: the canonical encoding of a point of
    /// edwards25519 that is not one of the eight points of small order (RFC 8032's strict reading).
    /// Every key made from a seed passes. A key that fails verifies nothing under
    /// <see cref="Ed25519Verify"/>; a service checks this at registration so that such a key is
    /// refused as malformed rather than as a failed signature.
    /// </summary>
    /// <param name="publicSigningKey">The key to check.</param>
    /// <returns><see langword="true"/> when the key is valid.</returns>
    public bool IsValidPublicSigningKey(PublicSigningKey publicSigningKey) => _ops.IsValidPublicSigningKey(publicSigningKey);

    /// <summary>Signs a message with recrypt's Schnorr scheme, which also works for augmented keys.</summary>
    /// <param name="privateKey">The private key that signs (for an augmented key, the sum of the private keys or one of them).</param>
    /// <param name="publicKey">The public key the signature is for, which may be augmented.</param>
    /// <param name="message">The message.</param>
    /// <returns>The 120-byte signature, r ‖ s.</returns>
    public byte[] SchnorrSign(PrivateKey480 privateKey, PublicKey480 publicKey, ReadOnlySpan<byte> message) => _ops.SchnorrSign(privateKey, publicKey, message);

    /// <summary>Signs a message with recrypt's Schnorr scheme into <paramref name="signature"/>.</summary>
    /// <param name="privateKey">The private key that signs.</param>
    /// <param name="publicKey">The public key the signature is for, which may be augmented.</param>
    /// <param name="message">The message.</param>
    /// <param name="signature">Where to write the signature; exactly 120 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not 120 bytes.</exception>
    public void SchnorrSign(PrivateKey480 privateKey, PublicKey480 publicKey, ReadOnlySpan<byte> message, Span<byte> signature) => _ops.SchnorrSign(privateKey, publicKey, message, signature);

    /// <summary>Verifies a Schnorr signature.</summary>
    /// <param name="publicKey">The public key the signature is for.</param>
    /// <param name="augmentingPrivateKey">The private key <paramref name="publicKey"/> was augmented with when the signature was made by the un-augmented key, else <see langword="null"/>.</param>
    /// <param name="message">The message.</param>
    /// <param name="signature">The signature: 120 bytes, r ‖ s.</param>
    /// <returns><see langword="true"/> when the signature is valid.</returns>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not 120 bytes.</exception>
    public bool SchnorrVerify(PublicKey480 publicKey, PrivateKey480? augmentingPrivateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => _ops.SchnorrVerify(publicKey, augmentingPrivateKey, message, signature);

    /// <summary>Computes the SHA-256 digest of some bytes (IronCore's <c>hash256</c>).</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <returns>The 32-byte digest.</returns>
    public static byte[] Hash256(ReadOnlySpan<byte> data) => TransformEncryption.Hash256(data);

    /// <summary>Computes the SHA-256 digest of some bytes into <paramref name="hash"/>.</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <param name="hash">Where to write the digest; exactly 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes.</exception>
    public static void Hash256(ReadOnlySpan<byte> data, Span<byte> hash) => TransformEncryption.Hash256(data, hash);

    /// <summary>The type name and the backend it runs on.</summary>
    /// <returns>For example <c>TransformEncryption480 (Native backend)</c>.</returns>
    public override string ToString() => $"{nameof(TransformEncryption480)} ({Backend} backend)";

    /// <summary>Releases the engine (for the native backend, its context once calls in flight on other threads have returned).</summary>
    public void Dispose() => _ops.Dispose();
}
