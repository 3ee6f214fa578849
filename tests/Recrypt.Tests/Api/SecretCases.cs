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

    public static SecretCase Create(string type)
    {
        var w = World.Instance;
        var api = Shared.Instance;
        var message = "message"u8.ToArray();
        var buffer = new byte[512];
        switch (type)
        {
            case nameof(PrivateKey):
            {
                var key = api.GenerateKeyPair().PrivateKey;
                var signature = api.SchnorrSign(w.AlicePrivate, w.AlicePublic, message);
                return new SecretCase(key, key.Secret,
                [
                    ("Export", () => key.Export()),
                    ("TryExport", () => key.TryExport(buffer, out _)),
                    ("ComputePublicKey", () => api.ComputePublicKey(key)),
                    ("AddPrivateKeys(key, other)", () => api.AddPrivateKeys(key, w.AlicePrivate)),
                    ("AddPrivateKeys(other, key)", () => api.AddPrivateKeys(w.AlicePrivate, key)),
                    ("SubtractPrivateKeys", () => api.SubtractPrivateKeys(key, w.AlicePrivate)),
                    ("Decrypt", () => api.Decrypt(w.ToAlice, key)),
                    ("GenerateTransformKey", () => api.GenerateTransformKey(key, w.BobPublic, w.Signing)),
                    ("AugmentTransformKey", () => api.AugmentTransformKey(w.AliceToBob, key)),
                    ("SchnorrSign", () => api.SchnorrSign(key, w.AlicePublic, message)),
                    ("SchnorrVerify", () => api.SchnorrVerify(w.AlicePublic, key, message, signature)),
                ]);
            }
            case nameof(Plaintext):
            {
                var plaintext = api.GeneratePlaintext();
                return new SecretCase(plaintext, plaintext.Secret,
                [
                    ("Export", () => plaintext.Export()),
                    ("TryExport", () => plaintext.TryExport(buffer, out _)),
                    ("DeriveSymmetricKey", () => api.DeriveSymmetricKey(plaintext)),
                    ("DerivePrivateKey", () => api.DerivePrivateKey(plaintext)),
                    ("Encrypt", () => api.Encrypt(plaintext, w.AlicePublic, w.Signing)),
                ]);
            }
            case nameof(SymmetricKey):
            {
                var key = api.DeriveSymmetricKey(w.Plaintext);
                return new SecretCase(key, key.Secret,
                [
                    ("Export", () => key.Export()),
                    ("TryExport", () => key.TryExport(buffer, out _)),
                ]);
            }
            case nameof(SigningKeyPair):
            {
                var pair = api.GenerateSigningKeyPair();
                return new SecretCase(pair, pair.Secret,
                [
                    ("Export", () => pair.Export()),
                    ("TryExport", () => pair.TryExport(buffer, out _)),
                    ("PublicKey", () => _ = pair.PublicKey),
                    ("Encrypt", () => api.Encrypt(w.Plaintext, w.AlicePublic, pair)),
                    ("GenerateTransformKey", () => api.GenerateTransformKey(w.AlicePrivate, w.BobPublic, pair)),
                    ("Transform", () => api.Transform(w.ToAlice, w.AliceToBob, pair)),
                    ("Ed25519Sign", () => api.Ed25519Sign(pair, message)),
                    ("Ed25519Sign(span)", () => api.Ed25519Sign(pair, message, new byte[TransformEncryption.Ed25519SignatureSize])),
                ]);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "not a secret type");
        }
    }
}
