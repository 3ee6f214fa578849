using Recrypt.Interop;

namespace Recrypt.Engines;

/// <summary>
/// The Rust core through the C ABI (<see cref="Native"/>) for one curve (the <c>recrypt_*</c> or the
/// <c>recrypt480_*</c> functions, <see cref="NativeCurve"/>), with one native context for its randomness.
/// </summary>
internal sealed class NativeEngine : IRecryptEngine
{
    private readonly ContextHandle _context;
    private readonly NativeCurve _curve;

    private NativeEngine(ContextHandle context, RecryptCurve curve)
    {
        _curve = NativeCurve.For(curve);
        _context = context;
    }

    /// <summary>
    /// Whether a native library can exist for this platform: not on WebAssembly (browser or WASI), for which none
    /// is built. There, nothing tries to load one: a load would fail with a <see cref="DllNotFoundException"/> whose
    /// framework messages the trimmer has reduced to resource keys.
    /// </summary>
    internal static bool IsSupportedPlatform => !(OperatingSystem.IsBrowser() || OperatingSystem.IsWasi());

    /// <summary>An engine whose randomness comes from the operating system.</summary>
    /// <exception cref="PlatformNotSupportedException">This is WebAssembly (<see cref="IsSupportedPlatform"/>).</exception>
    internal static NativeEngine Create(RecryptCurve curve)
    {
        ThrowIfUnsupportedPlatform();
        return new(ContextHandle.Create(), curve);
    }

    /// <summary>An insecure, deterministic engine: its random bytes are the ChaCha20 keystream of <paramref name="seed"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">This is WebAssembly (<see cref="IsSupportedPlatform"/>).</exception>
    internal static NativeEngine CreateInsecureSeeded(ReadOnlySpan<byte> seed, RecryptCurve curve)
    {
        ThrowIfUnsupportedPlatform();
        return new(ContextHandle.CreateInsecureSeeded(seed), curve);
    }

    private static void ThrowIfUnsupportedPlatform()
    {
        if (!IsSupportedPlatform)
        {
            throw new PlatformNotSupportedException(
                "The native Recrypt library is not built for WebAssembly (browser or WASI); use RecryptBackend.Managed, which is the default here.");
        }
    }

    /// <summary>Whether the native library loads on this platform and passes its load-time checks (never tried on WebAssembly).</summary>
    internal static bool IsAvailable()
    {
        if (!IsSupportedPlatform)
        {
            return false;
        }
        try
        {
            _ = Native.AbiVersion();
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException or TypeInitializationException)
        {
            return false;
        }
    }

    public RecryptBackend Backend => RecryptBackend.Native;

    public RecryptCurve Curve => _curve.Curve;

    public bool IsDisposeRequested => _context.IsDisposeRequested;

    public void GenerateKeyPair(Span<byte> privateKey, Span<byte> publicKey) => Native.GenerateKeyPair(_curve, _context, privateKey, publicKey);

    public void ComputePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey) => Native.ComputePublicKey(_curve, privateKey, publicKey);

    public RecryptException? TryCanonicalizePublicKey(ReadOnlySpan<byte> publicKey, Span<byte> canonical) =>
        Failure(Native.TryCanonicalizePublicKey(_curve, publicKey, canonical));

    public void AddPrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum) => Native.AddPrivateKeys(_curve, a, b, sum);

    public void SubtractPrivateKeys(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> difference) => Native.SubtractPrivateKeys(_curve, a, b, difference);

    public void AugmentPublicKey(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum) => Native.AugmentPublicKey(_curve, a, b, sum);

    public void GeneratePlaintext(Span<byte> plaintext) => Native.GeneratePlaintext(_curve, _context, plaintext);

    public void DeriveSymmetricKey(ReadOnlySpan<byte> plaintext, Span<byte> symmetricKey) => Native.DeriveSymmetricKey(_curve, plaintext, symmetricKey);

    public void DerivePrivateKey(ReadOnlySpan<byte> plaintext, Span<byte> privateKey) => Native.DerivePrivateKey(_curve, plaintext, privateKey);

    public void Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signingKeyPair, Span<byte> encryptedValue) =>
        Native.Encrypt(_curve, _context, plaintext, publicKey, signingKeyPair, encryptedValue);

    public void Decrypt(ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, ReadOnlySpan<byte> privateKey, Span<byte> plaintext) =>
        Native.Decrypt(_curve, encryptedValue, maxTransformBlocks, privateKey, plaintext);

    public void GenerateTransformKey(
        ReadOnlySpan<byte> fromPrivateKey, ReadOnlySpan<byte> toPublicKey, ReadOnlySpan<byte> signingKeyPair, Span<byte> transformKey) =>
        Native.GenerateTransformKey(_curve, _context, fromPrivateKey, toPublicKey, signingKeyPair, transformKey);

    public void Transform(
        ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, ReadOnlySpan<byte> transformKey, ReadOnlySpan<byte> signingKeyPair,
        Span<byte> transformed) =>
        Native.Transform(_curve, _context, encryptedValue, maxTransformBlocks, transformKey, signingKeyPair, transformed);

    public IDisposable PrepareTransformKey(ReadOnlySpan<byte> transformKey) => Native.PrepareTransformKey(_curve, transformKey);

    public void TransformPrepared(
        ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, IDisposable transformKey, ReadOnlySpan<byte> signingKeyPair,
        Span<byte> transformed) =>
        Native.TransformPrepared(_curve, _context, encryptedValue, maxTransformBlocks, (PreparedTransformKeyHandle)transformKey, signingKeyPair, transformed);

    public RecryptException? TryVerifyEncryptedValue(ReadOnlySpan<byte> encryptedValue, out bool signatureIsValid) =>
        Failure(Native.TryVerifyEncryptedValue(_curve, encryptedValue, out signatureIsValid));

    public RecryptException? TryVerifyTransformKey(ReadOnlySpan<byte> transformKey, out bool signatureIsValid) =>
        Failure(Native.TryVerifyTransformKey(_curve, transformKey, out signatureIsValid));

    public void AugmentTransformKey(ReadOnlySpan<byte> transformKey, ReadOnlySpan<byte> privateKey, Span<byte> augmented) =>
        Native.AugmentTransformKey(_curve, transformKey, privateKey, augmented);

    public void TransformKeyToBytes(ReadOnlySpan<byte> transformKey, Span<byte> bytes) => Native.TransformKeyToBytes(_curve, transformKey, bytes);

    public void GenerateSigningKeyPair(Span<byte> signingKeyPair) => Native.GenerateSigningKeyPair(_context, signingKeyPair);

    public void ComputePublicSigningKey(ReadOnlySpan<byte> signingKeyPair, Span<byte> publicSigningKey) =>
        Native.ComputePublicSigningKey(signingKeyPair, publicSigningKey);

    public void Ed25519Sign(ReadOnlySpan<byte> signingKeyPair, ReadOnlySpan<byte> message, Span<byte> signature) =>
        Native.Ed25519Sign(signingKeyPair, message, signature);

    public bool Ed25519Verify(ReadOnlySpan<byte> publicSigningKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Native.Ed25519Verify(publicSigningKey, message, signature);

    public bool Ed25519PublicKeyIsValid(ReadOnlySpan<byte> publicSigningKey) => Native.Ed25519PublicKeyIsValid(publicSigningKey);

    public void SchnorrSign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature) =>
        Native.SchnorrSign(_curve, _context, privateKey, publicKey, message, signature);

    public bool SchnorrVerify(
        ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> augmentingPrivateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Native.SchnorrVerify(_curve, publicKey, augmentingPrivateKey, message, signature);

    public void Hash256(ReadOnlySpan<byte> data, Span<byte> hash) => Native.Hash256(data, hash);

    public void Dispose() => _context.Dispose();

    /// <summary>Null for success, the exception for a failure the data explains; a bug still throws.</summary>
    private static RecryptException? Failure(recrypt_status status) =>
        Status.Succeeded(status) ? null : (RecryptException)Status.ToException(status);
}
