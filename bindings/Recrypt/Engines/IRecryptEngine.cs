namespace Recrypt.Engines;

/// <summary>
/// One implementation of the scheme for one curve behind the public API, at the level of bytes: every input and
/// output is a canonical encoding of fixed, already-checked size (the public types check sizes,
/// nulls and disposal before calling). An engine instance holds its source of randomness; the
/// members that draw none may be called on any instance.
/// </summary>
/// <remarks>
/// Failures the data explains throw <see cref="RecryptException"/>; the <c>Try</c> members return
/// that exception instead of throwing it. Everything else (a bug) throws
/// <see cref="InvalidOperationException"/>.
/// </remarks>
internal interface IRecryptEngine : IDisposable
{
    RecryptBackend Backend { get; }

    /// <summary>The curve of the keys and values this engine reads and writes (sizes: <see cref="ICurve"/>).</summary>
    RecryptCurve Curve { get; }

    /// <summary>Whether <see cref="IDisposable.Dispose"/> has been called; no new call is accepted after it.</summary>
    bool IsDisposeRequested { get; }

    // Keys

    void GenerateKeyPair(Span<byte> privateKey, Span<byte> publicKey);

    void ComputePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey);

    /// <summary>Checks that x ‖ y is a point on the curve and writes its canonical form; null on success.</summary>
    RecryptException? TryCanonicalizePublicKey(ReadOnlySpan<byte> publicKey, Span<byte> canonical);

    void AddPrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum);

    void SubtractPrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> difference);

    void AugmentPublicKey(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum);

    // Plaintexts

    void GeneratePlaintext(Span<byte> plaintext);

    void DeriveSymmetricKey(ReadOnlySpan<byte> plaintext, Span<byte> symmetricKey);

    void DerivePrivateKey(ReadOnlySpan<byte> plaintext, Span<byte> privateKey);

    // Encryption and transformation (encoded values: see EncryptedValueLayout and TransformKeyLayout)

    void Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signingKeyPair, Span<byte> encryptedValue);

    /// <summary>Refuses (<see cref="RecryptError.TooManyTransformBlocks"/>) a value with more than <paramref name="maxTransformBlocks"/> blocks before any work.</summary>
    void Decrypt(ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, ReadOnlySpan<byte> privateKey, Span<byte> plaintext);

    void GenerateTransformKey(ReadOnlySpan<byte> fromPrivateKey, ReadOnlySpan<byte> toPublicKey, ReadOnlySpan<byte> signingKeyPair, Span<byte> transformKey);

    /// <summary>Refuses (<see cref="RecryptError.TooManyTransformBlocks"/>) an output of more than <paramref name="maxTransformBlocks"/> blocks before any work.</summary>
    void Transform(ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, ReadOnlySpan<byte> transformKey, ReadOnlySpan<byte> signingKeyPair, Span<byte> transformed);

    /// <summary>
    /// Decodes and checks an encoded transform key once (framing, points, signature) for <see cref="TransformPrepared"/>,
    /// refusing one whose signature does not verify (<see cref="RecryptError.InvalidTransformKeySignature"/>). The
    /// result belongs to this engine's backend and curve, holds no secret, and may be used by any thread.
    /// </summary>
    IDisposable PrepareTransformKey(ReadOnlySpan<byte> transformKey);

    /// <summary>
    /// <see cref="Transform"/> with a key from <see cref="PrepareTransformKey"/> on an engine of the same backend and
    /// curve: the same bytes from the same random draws, without checking the key again.
    /// </summary>
    void TransformPrepared(
        ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, IDisposable transformKey, ReadOnlySpan<byte> signingKeyPair, Span<byte> transformed);

    /// <summary>Checks an encoded encrypted value's framing and points; null when it decodes, with whether its signature verifies.</summary>
    RecryptException? TryVerifyEncryptedValue(ReadOnlySpan<byte> encryptedValue, out bool signatureIsValid);

    /// <summary>Checks an encoded transform key's framing and points; null when it decodes, with whether its signature verifies.</summary>
    RecryptException? TryVerifyTransformKey(ReadOnlySpan<byte> transformKey, out bool signatureIsValid);

    void AugmentTransformKey(ReadOnlySpan<byte> transformKey, ReadOnlySpan<byte> privateKey, Span<byte> augmented);

    void TransformKeyToBytes(ReadOnlySpan<byte> transformKey, Span<byte> bytes);

    // Signatures and hashing

    void GenerateSigningKeyPair(Span<byte> signingKeyPair);

    /// <summary>The public key of the pair's seed; throws <see cref="RecryptError.InvalidSigningKeyPair"/> when the pair's public half differs.</summary>
    void ComputePublicSigningKey(ReadOnlySpan<byte> signingKeyPair, Span<byte> publicSigningKey);

    void Ed25519Sign(ReadOnlySpan<byte> signingKeyPair, ReadOnlySpan<byte> message, Span<byte> signature);

    bool Ed25519Verify(ReadOnlySpan<byte> publicSigningKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    /// <summary>Whether the key is a canonically encoded point of edwards25519 that is not of small order.</summary>
    bool Ed25519PublicKeyIsValid(ReadOnlySpan<byte> publicSigningKey);

    void SchnorrSign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>Verifies a Schnorr signature; <paramref name="augmentingPrivateKey"/> is empty when there is none.</summary>
    bool SchnorrVerify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> augmentingPrivateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    void Hash256(ReadOnlySpan<byte> data, Span<byte> hash);
}
