using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>
/// One curve's public API as the vector tests that both curves share see it (<see cref="Scheme256"/>,
/// <see cref="Scheme480"/>): its vector set, the engines that run it, how an entry's values are read,
/// and each call, so that a test body is written once, generic over the scheme.
/// </summary>
public interface IVectorScheme<TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TApi : IDisposable
    where TPrivateKey : class, IDisposable
    where TPlaintext : class, IDisposable
{
    static abstract VectorSet Vectors { get; }

    /// <summary>The suffix of the curve's free functions in the files' list and method names (<c>256</c>, <c>480</c>).</summary>
    static abstract string Suffix { get; }

    /// <summary>Each id once per engine that implements the curve, the backend first.</summary>
    static abstract TheoryData<RecryptBackend, string> OnEach(TheoryData<string> ids);

    /// <summary>A shared instance on <paramref name="backend"/>, for calls that draw no randomness.</summary>
    static abstract TApi Instance(RecryptBackend backend);

    /// <summary>An insecure instance on <paramref name="backend"/> seeded with <paramref name="rngSeed"/>, as IronCore's was for an entry.</summary>
    static abstract TApi Seeded(byte[] rngSeed, RecryptBackend backend);

    static abstract TPrivateKey PrivateKey(JsonElement element, string name);

    static abstract TPublicKey PublicKey(JsonElement element, string name);

    static abstract TPlaintext Plaintext(JsonElement element, string name);

    static abstract TEncryptedValue EncryptedValue(JsonElement element);

    static abstract TTransformKey TransformKey(JsonElement element);

    static abstract byte[] ExportKey(TPrivateKey privateKey);

    static abstract byte[] ExportPlaintext(TPlaintext plaintext);

    static abstract bool TryExportKey(TPrivateKey privateKey, Span<byte> destination, out int bytesWritten);

    static abstract bool TryExportPlaintext(TPlaintext plaintext, Span<byte> destination, out int bytesWritten);

    static abstract string Json(TEncryptedValue value);

    static abstract string Json(TTransformKey transformKey);

    static abstract byte[] IronCoreBytes(TTransformKey transformKey);

    static abstract bool VerifySignature(TTransformKey transformKey);

    static abstract (TPrivateKey PrivateKey, TPublicKey PublicKey) GenerateKeyPair(TApi api);

    static abstract TPublicKey ComputePublicKey(TApi api, TPrivateKey privateKey);

    static abstract SigningKeyPair GenerateSigningKeyPair(TApi api);

    static abstract TPlaintext GeneratePlaintext(TApi api);

    static abstract SymmetricKey DeriveSymmetricKey(TApi api, TPlaintext plaintext);

    static abstract TPrivateKey DerivePrivateKey(TApi api, TPlaintext plaintext);

    static abstract TPrivateKey AddPrivateKeys(TApi api, TPrivateKey a, TPrivateKey b);

    static abstract TPrivateKey SubtractPrivateKeys(TApi api, TPrivateKey a, TPrivateKey b);

    static abstract TPublicKey AugmentPublicKey(TApi api, TPublicKey current, TPublicKey other);

    static abstract byte[] SchnorrSign(TApi api, TPrivateKey privateKey, TPublicKey publicKey, byte[] message);

    static abstract bool SchnorrVerify(TApi api, TPublicKey publicKey, TPrivateKey? augmenting, byte[] message, byte[] signature);

    static abstract TEncryptedValue Encrypt(TApi api, TPlaintext plaintext, TPublicKey publicKey, SigningKeyPair signing);

    static abstract TPlaintext Decrypt(TApi api, TEncryptedValue value, TPrivateKey privateKey);

    static abstract TTransformKey GenerateTransformKey(TApi api, TPrivateKey fromPrivateKey, TPublicKey toPublicKey, SigningKeyPair signing);

    static abstract TEncryptedValue Transform(TApi api, TEncryptedValue value, TTransformKey transformKey, SigningKeyPair signing);

    static abstract TTransformKey AugmentTransformKey(TApi api, TTransformKey transformKey, TPrivateKey privateKey);
}

/// <summary>Api256 (<see cref="TransformEncryption"/>) on every engine.</summary>
public sealed class Scheme256 : IVectorScheme<TransformEncryption, PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey>
{
    public static VectorSet Vectors => VectorSet.Api256;
    public static string Suffix => "256";
    public static TheoryData<RecryptBackend, string> OnEach(TheoryData<string> ids) => TestEngine.OnEach(ids);
    public static TransformEncryption Instance(RecryptBackend backend) => Shared.For(backend);
    public static TransformEncryption Seeded(byte[] rngSeed, RecryptBackend backend) => TransformEncryption.CreateInsecureDeterministic(rngSeed, backend);
    public static PrivateKey PrivateKey(JsonElement element, string name) => element.PrivateKey(name);
    public static PublicKey PublicKey(JsonElement element, string name) => element.PublicKey(name);
    public static Plaintext Plaintext(JsonElement element, string name) => element.Plaintext(name);
    public static EncryptedValue EncryptedValue(JsonElement element) => element.EncryptedValue();
    public static TransformKey TransformKey(JsonElement element) => element.TransformKey();
    public static byte[] ExportKey(PrivateKey privateKey) => privateKey.Export();
    public static byte[] ExportPlaintext(Plaintext plaintext) => plaintext.Export();
    public static bool TryExportKey(PrivateKey privateKey, Span<byte> destination, out int bytesWritten) => privateKey.TryExport(destination, out bytesWritten);
    public static bool TryExportPlaintext(Plaintext plaintext, Span<byte> destination, out int bytesWritten) => plaintext.TryExport(destination, out bytesWritten);
    public static string Json(EncryptedValue value) => value.ToIronCoreJson();
    public static string Json(TransformKey transformKey) => transformKey.ToIronCoreJson();
    public static byte[] IronCoreBytes(TransformKey transformKey) => transformKey.ToIronCoreBytes();
    public static bool VerifySignature(TransformKey transformKey) => transformKey.VerifySignature();
    public static (PrivateKey PrivateKey, PublicKey PublicKey) GenerateKeyPair(TransformEncryption api)
    {
        var (privateKey, publicKey) = api.GenerateKeyPair();
        return (privateKey, publicKey);
    }

    public static PublicKey ComputePublicKey(TransformEncryption api, PrivateKey privateKey) => api.ComputePublicKey(privateKey);
    public static SigningKeyPair GenerateSigningKeyPair(TransformEncryption api) => api.GenerateSigningKeyPair();
    public static Plaintext GeneratePlaintext(TransformEncryption api) => api.GeneratePlaintext();
    public static SymmetricKey DeriveSymmetricKey(TransformEncryption api, Plaintext plaintext) => api.DeriveSymmetricKey(plaintext);
    public static PrivateKey DerivePrivateKey(TransformEncryption api, Plaintext plaintext) => api.DerivePrivateKey(plaintext);
    public static PrivateKey AddPrivateKeys(TransformEncryption api, PrivateKey a, PrivateKey b) => api.AddPrivateKeys(a, b);
    public static PrivateKey SubtractPrivateKeys(TransformEncryption api, PrivateKey a, PrivateKey b) => api.SubtractPrivateKeys(a, b);
    public static PublicKey AugmentPublicKey(TransformEncryption api, PublicKey current, PublicKey other) => api.AugmentPublicKey(current, other);
    public static byte[] SchnorrSign(TransformEncryption api, PrivateKey privateKey, PublicKey publicKey, byte[] message) => api.SchnorrSign(privateKey, publicKey, message);
    public static bool SchnorrVerify(TransformEncryption api, PublicKey publicKey, PrivateKey? augmenting, byte[] message, byte[] signature) =>
        api.SchnorrVerify(publicKey, augmenting, message, signature);
    public static EncryptedValue Encrypt(TransformEncryption api, Plaintext plaintext, PublicKey publicKey, SigningKeyPair signing) => api.Encrypt(plaintext, publicKey, signing);
    public static Plaintext Decrypt(TransformEncryption api, EncryptedValue value, PrivateKey privateKey) => api.Decrypt(value, privateKey);
    public static TransformKey GenerateTransformKey(TransformEncryption api, PrivateKey fromPrivateKey, PublicKey toPublicKey, SigningKeyPair signing) =>
        api.GenerateTransformKey(fromPrivateKey, toPublicKey, signing);
    public static EncryptedValue Transform(TransformEncryption api, EncryptedValue value, TransformKey transformKey, SigningKeyPair signing) => api.Transform(value, transformKey, signing);
    public static TransformKey AugmentTransformKey(TransformEncryption api, TransformKey transformKey, PrivateKey privateKey) => api.AugmentTransformKey(transformKey, privateKey);
}

/// <summary>What the vector tests written once over a scheme (<see cref="IVectorScheme{TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey}"/>) share.</summary>
public abstract class SchemeVectorTests<TScheme, TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TScheme : IVectorScheme<TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TApi : IDisposable
    where TPrivateKey : class, IDisposable
    where TPlaintext : class, IDisposable
{
    /// <summary>A <c>KeyPair</c> (<c>{privateKey, publicKey}</c>).</summary>
    protected static void AssertKeyPair(JsonElement expected, TPrivateKey privateKey, TPublicKey publicKey)
    {
        Assert.Equal(expected.Bytes("privateKey"), TScheme.ExportKey(privateKey));
        Assert.Equal(TScheme.PublicKey(expected, "publicKey"), publicKey);
    }

    /// <summary>Decrypts and exports the plaintext, for a comparison with an outcome's <c>result</c>.</summary>
    protected static byte[] DecryptToBytes(TApi api, TEncryptedValue value, TPrivateKey privateKey)
    {
        using var plaintext = TScheme.Decrypt(api, value, privateKey);
        return TScheme.ExportPlaintext(plaintext);
    }
}
