namespace Recrypt.Tests.Api;

/// <summary>A fresh secret of one of the secret types, with every member that must refuse it once it is disposed.</summary>
internal sealed record SecretCase(IDisposable Value, SecretBytes Bytes, IReadOnlyList<(string Member, Action Call)> Members) : IDisposable
{
    public void Dispose() => Value.Dispose();
}

/// <summary>The secret types, by name, for theories over all of them.</summary>
internal static class SecretCases
{
    public static TheoryData<string> Names => new(nameof(PrivateKey), nameof(Plaintext), nameof(SymmetricKey), nameof(SigningKeyPair));

    private static readonly byte[] s_message = "message"u8.ToArray();

    public static SecretCase Create(string type) => type switch
    {
        nameof(PrivateKey) => PrivateKeyCase(),
        nameof(Plaintext) => PlaintextCase(),
        nameof(SymmetricKey) => SymmetricKeyCase(),
        nameof(SigningKeyPair) => SigningKeyPairCase(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a secret type"),
    };

    private static SecretCase PrivateKeyCase()
    {
        var (w, api) = (World.Instance, Shared.Instance);
        var key = api.GenerateKeyPair().PrivateKey;
        var signature = api.SchnorrSign(w.AlicePrivate, w.AlicePublic, s_message);
        return new SecretCase(key, key.Secret,
        [
            ("Export", () => key.Export()),
            ("TryExport", () => key.TryExport(new byte[PrivateKey.Size], out _)),
            ("ComputePublicKey", () => api.ComputePublicKey(key)),
            ("AddPrivateKeys(key, other)", () => api.AddPrivateKeys(key, w.AlicePrivate)),
            ("AddPrivateKeys(other, key)", () => api.AddPrivateKeys(w.AlicePrivate, key)),
            ("SubtractPrivateKeys", () => api.SubtractPrivateKeys(key, w.AlicePrivate)),
            ("Decrypt", () => api.Decrypt(w.ToAlice, key)),
            ("GenerateTransformKey", () => api.GenerateTransformKey(key, w.BobPublic, w.Signing)),
            ("AugmentTransformKey", () => api.AugmentTransformKey(w.AliceToBob, key)),
            ("SchnorrSign", () => api.SchnorrSign(key, w.AlicePublic, s_message)),
            ("SchnorrVerify", () => api.SchnorrVerify(w.AlicePublic, key, s_message, signature)),
        ]);
    }

    private static SecretCase PlaintextCase()
    {
        var (w, api) = (World.Instance, Shared.Instance);
        var plaintext = api.GeneratePlaintext();
        return new SecretCase(plaintext, plaintext.Secret,
        [
            ("Export", () => plaintext.Export()),
            ("TryExport", () => plaintext.TryExport(new byte[Plaintext.Size], out _)),
            ("DeriveSymmetricKey", () => api.DeriveSymmetricKey(plaintext)),
            ("DerivePrivateKey", () => api.DerivePrivateKey(plaintext)),
            ("Encrypt", () => api.Encrypt(plaintext, w.AlicePublic, w.Signing)),
        ]);
    }

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
