using System.Text.Json;

namespace Recrypt.Tests.Vectors.Api480;

/// <summary>Api480 (<see cref="TransformEncryption480"/>) on every engine that implements it (<see cref="TestEngine.All480"/>).</summary>
public sealed class Scheme480 : IVectorScheme<TransformEncryption480, PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480>
{
    private static readonly Dictionary<RecryptBackend, TransformEncryption480> s_instances =
        TestEngine.All480.ToDictionary(backend => backend, backend => new TransformEncryption480(backend));

    public static VectorSet Vectors => VectorSet.Api480;
    public static string Suffix => "480";
    public static TheoryData<RecryptBackend, string> OnEach(TheoryData<string> ids) => TestEngine.OnEach480(ids);
    public static TransformEncryption480 Instance(RecryptBackend backend) => s_instances[backend];
    public static TransformEncryption480 Seeded(byte[] rngSeed, RecryptBackend backend) => TransformEncryption480.CreateInsecureDeterministic(rngSeed, backend);
    public static PrivateKey480 PrivateKey(JsonElement element, string name) => PrivateKey480.Import(element.Bytes(name));
    public static PublicKey480 PublicKey(JsonElement element, string name) => PublicKey480.FromIronCoreJson(element.Get(name).GetRawText());
    public static Plaintext480 Plaintext(JsonElement element, string name) => Plaintext480.Import(element.Bytes(name));
    public static EncryptedValue480 EncryptedValue(JsonElement element) => EncryptedValue480.FromIronCoreJson(element.GetRawText());
    public static TransformKey480 TransformKey(JsonElement element) => TransformKey480.FromIronCoreJson(element.GetRawText());
    public static byte[] ExportKey(PrivateKey480 privateKey) => privateKey.Export();
    public static byte[] ExportPlaintext(Plaintext480 plaintext) => plaintext.Export();
    public static bool TryExportKey(PrivateKey480 privateKey, Span<byte> destination, out int bytesWritten) => privateKey.TryExport(destination, out bytesWritten);
    public static bool TryExportPlaintext(Plaintext480 plaintext, Span<byte> destination, out int bytesWritten) => plaintext.TryExport(destination, out bytesWritten);
    public static string Json(EncryptedValue480 value) => value.ToIronCoreJson();
    public static string Json(TransformKey480 transformKey) => transformKey.ToIronCoreJson();
    public static byte[] IronCoreBytes(TransformKey480 transformKey) => transformKey.ToIronCoreBytes();
    public static bool VerifySignature(TransformKey480 transformKey) => transformKey.VerifySignature();
    public static (PrivateKey480 PrivateKey, PublicKey480 PublicKey) GenerateKeyPair(TransformEncryption480 api)
    {
        var (privateKey, publicKey) = api.GenerateKeyPair();
        return (privateKey, publicKey);
    }

    public static PublicKey480 ComputePublicKey(TransformEncryption480 api, PrivateKey480 privateKey) => api.ComputePublicKey(privateKey);
    public static SigningKeyPair GenerateSigningKeyPair(TransformEncryption480 api) => api.GenerateSigningKeyPair();
    public static Plaintext480 GeneratePlaintext(TransformEncryption480 api) => api.GeneratePlaintext();
    public static SymmetricKey DeriveSymmetricKey(TransformEncryption480 api, Plaintext480 plaintext) => api.DeriveSymmetricKey(plaintext);
    public static PrivateKey480 DerivePrivateKey(TransformEncryption480 api, Plaintext480 plaintext) => api.DerivePrivateKey(plaintext);
    public static PrivateKey480 AddPrivateKeys(TransformEncryption480 api, PrivateKey480 a, PrivateKey480 b) => api.AddPrivateKeys(a, b);
    public static PrivateKey480 SubtractPrivateKeys(TransformEncryption480 api, PrivateKey480 a, PrivateKey480 b) => api.SubtractPrivateKeys(a, b);
    public static PublicKey480 AugmentPublicKey(TransformEncryption480 api, PublicKey480 current, PublicKey480 other) => api.AugmentPublicKey(current, other);
    public static byte[] SchnorrSign(TransformEncryption480 api, PrivateKey480 privateKey, PublicKey480 publicKey, byte[] message) => api.SchnorrSign(privateKey, publicKey, message);
    public static bool SchnorrVerify(TransformEncryption480 api, PublicKey480 publicKey, PrivateKey480? augmenting, byte[] message, byte[] signature) =>
        api.SchnorrVerify(publicKey, augmenting, message, signature);
    public static EncryptedValue480 Encrypt(TransformEncryption480 api, Plaintext480 plaintext, PublicKey480 publicKey, SigningKeyPair signing) => api.Encrypt(plaintext, publicKey, signing);
    public static Plaintext480 Decrypt(TransformEncryption480 api, EncryptedValue480 value, PrivateKey480 privateKey) => api.Decrypt(value, privateKey);
    public static TransformKey480 GenerateTransformKey(TransformEncryption480 api, PrivateKey480 fromPrivateKey, PublicKey480 toPublicKey, SigningKeyPair signing) =>
        api.GenerateTransformKey(fromPrivateKey, toPublicKey, signing);
    public static EncryptedValue480 Transform(TransformEncryption480 api, EncryptedValue480 value, TransformKey480 transformKey, SigningKeyPair signing) => api.Transform(value, transformKey, signing);
    public static TransformKey480 AugmentTransformKey(TransformEncryption480 api, TransformKey480 transformKey, PrivateKey480 privateKey) => api.AugmentTransformKey(transformKey, privateKey);
}
