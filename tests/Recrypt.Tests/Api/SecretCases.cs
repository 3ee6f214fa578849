using Recrypt.Tests.Vectors;
using Recrypt.Tests.Vectors.Api480;

namespace Recrypt.Tests.Api;

/// <summary>A fresh secret of one of the secret types, with every member that must refuse it once it is disposed.</summary>
internal sealed record SecretCase(IDisposable Value, SecretBytes Bytes, IReadOnlyList<(string Member, Action Call)> Members) : IDisposable
{
    public void Dispose() => Value.Dispose();
}

/// <summary>The secret types, by name, for theories over all of them.</summary>
internal static class SecretCases
{
    public static TheoryData<string> Names =>
        new(nameof(PrivateKey), nameof(Plaintext), nameof(PrivateKey480), nameof(Plaintext480), nameof(SymmetricKey), nameof(SigningKeyPair));

    private static readonly byte[] s_message = "message"u8.ToArray();

    public static SecretCase Create(string type) => type switch
    {
        nameof(PrivateKey) => CurveSecretCases<Scheme256, TransformEncryption, PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey>.PrivateKey(),
        nameof(Plaintext) => CurveSecretCases<Scheme256, TransformEncryption, PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey>.Plaintext(),
        nameof(PrivateKey480) => CurveSecretCases<Scheme480, TransformEncryption480, PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480>.PrivateKey(),
        nameof(Plaintext480) => CurveSecretCases<Scheme480, TransformEncryption480, PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480>.Plaintext(),
        nameof(SymmetricKey) => SymmetricKeyCase(),
        nameof(SigningKeyPair) => SigningKeyPairCase(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a secret type"),
    };

    private static SecretCase SymmetricKeyCase()
    {
        var key = Shared.Instance.DeriveSymmetricKey(World.Instance.Plaintext);
        return new SecretCase(key, key.Secret,
        [
            ("Export", () => key.Export()),
            ("TryExport", () => key.TryExport(new byte[SymmetricKey.Size], out _)),
        ]);
    }

    private static SecretCase SigningKeyPairCase()
    {
        var (w, api) = (World.Instance, Shared.Instance);
        var pair = api.GenerateSigningKeyPair();
        return new SecretCase(pair, pair.Secret,
        [
            ("Export", () => pair.Export()),
            ("TryExport", () => pair.TryExport(new byte[SigningKeyPair.Size], out _)),
            ("PublicKey", () => _ = pair.PublicKey),
            ("Encrypt", () => api.Encrypt(w.Plaintext, w.AlicePublic, pair)),
            ("GenerateTransformKey", () => api.GenerateTransformKey(w.AlicePrivate, w.BobPublic, pair)),
            ("Transform", () => api.Transform(w.ToAlice, w.AliceToBob, pair)),
            ("Ed25519Sign", () => api.Ed25519Sign(pair, s_message)),
            ("Ed25519Sign(span)", () => api.Ed25519Sign(pair, s_message, new byte[TransformEncryption.Ed25519SignatureSize])),
        ]);
    }
}

/// <summary>
/// The secrets of one curve (its private key and plaintext), with the members of its API that take them,
/// on a small world of valid values made once from a fixed seed.
/// </summary>
internal static class CurveSecretCases<TScheme, TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TScheme : IVectorScheme<TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TApi : IDisposable
    where TPrivateKey : class, IDisposable, ICurveSecret<TPrivateKey>
    where TPlaintext : class, IDisposable, ICurveSecret<TPlaintext>
{
    private static readonly byte[] s_message = "message"u8.ToArray();

    private static readonly Lazy<Values> s_world = new(() => new Values());

    private static TApi Api => TScheme.Instance(TestEngine.Current);

    public static SecretCase PrivateKey()
    {
        var w = s_world.Value;
        var key = TScheme.GenerateKeyPair(Api).PrivateKey;
        var size = key.Secret.Length;
        var signature = TScheme.SchnorrSign(Api, w.AlicePrivate, w.AlicePublic, s_message);
        return new SecretCase(key, key.Secret,
        [
            ("Export", () => TScheme.ExportKey(key)),
            ("TryExport", () => TScheme.TryExportKey(key, new byte[size], out _)),
            ("ComputePublicKey", () => TScheme.ComputePublicKey(Api, key)),
            ("AddPrivateKeys(key, other)", () => TScheme.AddPrivateKeys(Api, key, w.AlicePrivate)),
            ("AddPrivateKeys(other, key)", () => TScheme.AddPrivateKeys(Api, w.AlicePrivate, key)),
            ("SubtractPrivateKeys", () => TScheme.SubtractPrivateKeys(Api, key, w.AlicePrivate)),
            ("Decrypt", () => TScheme.Decrypt(Api, w.ToAlice, key)),
            ("GenerateTransformKey", () => TScheme.GenerateTransformKey(Api, key, w.BobPublic, w.Signing)),
            ("AugmentTransformKey", () => TScheme.AugmentTransformKey(Api, w.AliceToBob, key)),
            ("SchnorrSign", () => TScheme.SchnorrSign(Api, key, w.AlicePublic, s_message)),
            ("SchnorrVerify", () => TScheme.SchnorrVerify(Api, w.AlicePublic, key, s_message, signature)),
        ]);
    }

    public static SecretCase Plaintext()
    {
        var w = s_world.Value;
        var plaintext = TScheme.GeneratePlaintext(Api);
        var size = plaintext.Secret.Length;
        return new SecretCase(plaintext, plaintext.Secret,
        [
            ("Export", () => TScheme.ExportPlaintext(plaintext)),
            ("TryExport", () => TScheme.TryExportPlaintext(plaintext, new byte[size], out _)),
            ("DeriveSymmetricKey", () => TScheme.DeriveSymmetricKey(Api, plaintext)),
            ("DerivePrivateKey", () => TScheme.DerivePrivateKey(Api, plaintext)),
            ("Encrypt", () => TScheme.Encrypt(Api, plaintext, w.AlicePublic, w.Signing)),
        ]);
    }

    /// <summary>Alice's key pair, Bob's public key, a signing key pair, a value encrypted to Alice and a transform key from Alice to Bob.</summary>
    private sealed class Values
    {
        public Values()
        {
            using var api = TScheme.Seeded(Enumerable.Repeat((byte)7, TransformEncryption.SeedSize).ToArray(), TestEngine.Current);
            (AlicePrivate, AlicePublic) = TScheme.GenerateKeyPair(api);
            BobPublic = TScheme.GenerateKeyPair(api).PublicKey;
            Signing = TScheme.GenerateSigningKeyPair(api);
            using var plaintext = TScheme.GeneratePlaintext(api);
            ToAlice = TScheme.Encrypt(api, plaintext, AlicePublic, Signing);
            AliceToBob = TScheme.GenerateTransformKey(api, AlicePrivate, BobPublic, Signing);
        }

        public TPrivateKey AlicePrivate { get; }

        public TPublicKey AlicePublic { get; }

        public TPublicKey BobPublic { get; }

        public SigningKeyPair Signing { get; }

        public TEncryptedValue ToAlice { get; }

        public TTransformKey AliceToBob { get; }
    }
}
