using System.Reflection;
using System.Security.Cryptography;

namespace Recrypt.Tests.Api;

public sealed class TransformEncryptionTests
{
    private static readonly byte[] s_message = "a message"u8.ToArray();

    /// <summary>Every public instance member, called with valid arguments.</summary>
    public static TheoryData<string> Members => new(MemberCalls().Select(m => m.Name));

    /// <summary>Every reference argument of every member, passed as null.</summary>
    public static TheoryData<string, string> NullArguments
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (member, parameter, _) in NullArgumentCalls())
            {
                data.Add(member, parameter);
            }
            return data;
        }
    }

    [Fact]
    public void EncryptThenDecrypt_RecoversThePlaintext()
    {
        var api = Shared.Instance;
        var (privateKey, publicKey) = api.GenerateKeyPair();
        using var signing = api.GenerateSigningKeyPair();
        using var plaintext = api.GeneratePlaintext();

        var encrypted = api.Encrypt(plaintext, publicKey, signing);
        using var decrypted = api.Decrypt(encrypted, privateKey);

        Assert.Equal(plaintext.Export(), decrypted.Export());
        Assert.True(encrypted.VerifySignature());
        Assert.Equal(signing.PublicKey, encrypted.PublicSigningKey);
        privateKey.Dispose();
    }

    [Fact]
    public void ThreeHops_DecryptWithTheLastKeyOnly()
    {
        var api = Shared.Instance;
        var keys = Enumerable.Range(0, 4).Select(_ => api.GenerateKeyPair()).ToArray();
        using var signing = api.GenerateSigningKeyPair();
        using var plaintext = api.GeneratePlaintext();
        var value = api.Encrypt(plaintext, keys[0].PublicKey, signing);

        for (var hop = 1; hop < keys.Length; hop++)
        {
            var transformKey = api.GenerateTransformKey(keys[hop - 1].PrivateKey, keys[hop].PublicKey, signing);
            value = api.Transform(value, transformKey, signing);
        }
        using var decrypted = api.Decrypt(value, keys[^1].PrivateKey);

        Assert.Equal(3, value.TransformBlocks.Count);
        Assert.Equal(plaintext.Export(), decrypted.Export());
        var wrongKey = Assert.Throws<RecryptException>(() => api.Decrypt(value, keys[^2].PrivateKey));
        Assert.Equal(RecryptError.DecryptFailed, wrongKey.Error);
        Assert.All(keys, k => k.PrivateKey.Dispose());
    }

    public static TheoryData<RecryptBackend> Backends => new(TestEngine.All);

    [Theory]
    [MemberData(nameof(Backends))]
    public void Transform_OfEncodings_IsTheTransformOfTheDecodedValues(RecryptBackend backend)
    {
        using var _ = TestEngine.Use(backend);
        var api = Shared.Instance;
        var w = World.Instance;
        var groupKey = api.GenerateKeyPair();
        var bobToGroup = api.GenerateTransformKey(w.BobPrivate, groupKey.PublicKey, w.Signing);

        var once = api.Transform(w.ToAlice.Export(), w.AliceToBob.Export(), w.Signing);
        var twice = api.Transform(once, bobToGroup.Export(), w.Signing);

        var toBob = EncryptedValue.Import(once);
        Assert.True(toBob.VerifySignature());
        Assert.Single(toBob.TransformBlocks);
        using (var decrypted = api.Decrypt(toBob, w.BobPrivate))
        {
            Assert.Equal(w.Plaintext.Export(), decrypted.Export());
        }
        using (var decrypted = api.Decrypt(EncryptedValue.Import(twice), groupKey.PrivateKey))
        {
            Assert.Equal(w.Plaintext.Export(), decrypted.Export());
        }
        groupKey.PrivateKey.Dispose();
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Transform_OfEncodingsThatAreNotValuesOrKeys_ThrowsTheErrorOfTheImport(RecryptBackend backend)
    {
        using var _ = TestEngine.Use(backend);
        var api = Shared.Instance;
        var w = World.Instance;
        var value = w.ToAlice.Export();
        var key = w.AliceToBob.Export();
        var forgedValue = (byte[])value.Clone();
        forgedValue[^3] ^= 1; // the signature's last byte (a level-0 value ends with it and its two-byte block count)
        var forgedKey = (byte[])key.Clone();
        forgedKey[^1] ^= 1; // the signature's last byte

        RecryptError Error(Action call) => Assert.Throws<RecryptException>(call).Error;

        Assert.Equal(RecryptError.MalformedEncoding, Error(() => api.Transform(value.AsSpan(0, 10), key, w.Signing)));
        Assert.Equal(RecryptError.MalformedEncoding, Error(() => api.Transform(value.AsSpan(0, value.Length - 1), key, w.Signing)));
        Assert.Equal(RecryptError.MalformedEncoding, Error(() => api.Transform(value, key.AsSpan(1), w.Signing)));
        Assert.Equal(RecryptError.MalformedEncoding, Error(() => api.Transform(key, key, w.Signing)));
        Assert.Equal(RecryptError.MalformedEncoding, Error(() => api.Transform(value, value, w.Signing)));
        Assert.Equal(RecryptError.InvalidEncryptedValueSignature, Error(() => api.Transform(forgedValue, key, w.Signing)));
        Assert.Equal(RecryptError.InvalidTransformKeySignature, Error(() => api.Transform(value, forgedKey, w.Signing)));
    }

    [Fact]
    public void DeriveSymmetricKey_OfTheDecryptedPlaintext_IsTheSendersKey()
    {
        var w = World.Instance;
        using var decrypted = Shared.Instance.Decrypt(w.ToBob, w.BobPrivate);

        using var senders = Shared.Instance.DeriveSymmetricKey(w.Plaintext);
        using var receivers = Shared.Instance.DeriveSymmetricKey(decrypted);

        Assert.Equal(senders.Export(), receivers.Export());
        Assert.Equal(SHA256.HashData(w.Plaintext.Export()), senders.Export());
    }

    [Fact]
    public void ComputePublicKey_OfAGeneratedKey_IsItsPublicKey()
    {
        var w = World.Instance;

        Assert.Equal(w.AlicePublic, Shared.Instance.ComputePublicKey(w.AlicePrivate));
    }

    [Fact]
    public void AddThenSubtract_GivesBackTheKey()
    {
        var w = World.Instance;

        using var sum = Shared.Instance.AddPrivateKeys(w.AlicePrivate, w.BobPrivate);
        using var difference = Shared.Instance.SubtractPrivateKeys(sum, w.BobPrivate);

        Assert.Equal(w.AlicePrivate.Export(), difference.Export());
        Assert.Equal(Shared.Instance.AugmentPublicKey(w.AlicePublic, w.BobPublic), Shared.Instance.ComputePublicKey(sum));
    }

    [Fact]
    public void DerivePrivateKey_OfOnePlaintext_IsAlwaysTheSame()
    {
        using var first = Shared.Instance.DerivePrivateKey(World.Instance.Plaintext);
        using var second = Shared.Instance.DerivePrivateKey(World.Instance.Plaintext);

        Assert.Equal(first.Export(), second.Export());
    }

    [Fact]
    public void Ed25519_SpanAndArrayOverloads_GiveTheSameSignature()
    {
        var w = World.Instance;
        var signature = new byte[TransformEncryption.Ed25519SignatureSize];

        Shared.Instance.Ed25519Sign(w.Signing, s_message, signature);

        Assert.Equal(Shared.Instance.Ed25519Sign(w.Signing, s_message), signature);
        Assert.True(Shared.Instance.Ed25519Verify(w.Signing.PublicKey, s_message, signature));
        Assert.False(Shared.Instance.Ed25519Verify(w.Signing.PublicKey, "another message"u8, signature));
    }

    [Fact]
    public void Schnorr_SignaturesOfBothOverloads_Verify()
    {
        var w = World.Instance;
        var signature = new byte[TransformEncryption.SchnorrSignatureSize];

        Shared.Instance.SchnorrSign(w.AlicePrivate, w.AlicePublic, s_message, signature);

        Assert.True(Shared.Instance.SchnorrVerify(w.AlicePublic, null, s_message, signature));
        Assert.True(Shared.Instance.SchnorrVerify(w.AlicePublic, null, s_message, Shared.Instance.SchnorrSign(w.AlicePrivate, w.AlicePublic, s_message)));
        Assert.False(Shared.Instance.SchnorrVerify(w.BobPublic, null, s_message, signature));
    }

    [Fact]
    public void Hash256_IsSha256()
    {
        var hash = new byte[TransformEncryption.HashSize];

        TransformEncryption.Hash256(s_message, hash);

        Assert.Equal(SHA256.HashData(s_message), hash);
        Assert.Equal(SHA256.HashData([]), TransformEncryption.Hash256([]));
    }

    [Fact]
    public void InsecureDeterministic_WithTheSameSeed_GivesTheSameKeys()
    {
        var seed = Enumerable.Range(0, TransformEncryption.SeedSize).Select(i => (byte)i).ToArray();
        using var first = TransformEncryption.CreateInsecureDeterministic(seed);
        using var second = TransformEncryption.CreateInsecureDeterministic(seed);
        seed[0] ^= 1;
        using var other = TransformEncryption.CreateInsecureDeterministic(seed);

        var (a, aPublic) = first.GenerateKeyPair();
        var (b, bPublic) = second.GenerateKeyPair();
        var (c, cPublic) = other.GenerateKeyPair();

        Assert.Equal(a.Export(), b.Export());
        Assert.Equal(aPublic, bPublic);
        Assert.NotEqual(aPublic, cPublic);
        Assert.NotEqual(a.Export(), c.Export());
        Array.ForEach([a, b, c], k => k.Dispose());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TransformEncryption.SeedSize - 1)]
    [InlineData(TransformEncryption.SeedSize + 1)]
    public void CreateInsecureDeterministic_WithASeedOfTheWrongLength_ThrowsArgumentException(int length)
    {
        var exception = Assert.Throws<ArgumentException>(() => TransformEncryption.CreateInsecureDeterministic(new byte[length]));

        Assert.Equal("seed", exception.ParamName);
    }

    [Fact]
    public void WrongSizedSignaturesAndBuffers_ThrowArgumentExceptionNamingTheParameter()
    {
        var w = World.Instance;
        var api = Shared.Instance;
        byte[] shortBuffer = new byte[63], longBuffer = new byte[65];

        Assert.All(
            new (string Parameter, Action Call)[]
            {
                ("signature", () => api.Ed25519Sign(w.Signing, s_message, shortBuffer)),
                ("signature", () => api.Ed25519Sign(w.Signing, s_message, longBuffer)),
                ("signature", () => api.Ed25519Verify(w.Signing.PublicKey, s_message, shortBuffer)),
                ("signature", () => api.Ed25519Verify(w.Signing.PublicKey, s_message, longBuffer)),
                ("signature", () => api.SchnorrSign(w.AlicePrivate, w.AlicePublic, s_message, shortBuffer)),
                ("signature", () => api.SchnorrSign(w.AlicePrivate, w.AlicePublic, s_message, longBuffer)),
                ("signature", () => api.SchnorrVerify(w.AlicePublic, null, s_message, shortBuffer)),
                ("signature", () => api.SchnorrVerify(w.AlicePublic, null, s_message, longBuffer)),
                ("hash", () => TransformEncryption.Hash256(s_message, new byte[TransformEncryption.HashSize - 1])),
                ("hash", () => TransformEncryption.Hash256(s_message, new byte[TransformEncryption.HashSize + 1])),
            },
            c => Assert.Equal(c.Parameter, Assert.Throws<ArgumentException>(c.Call).ParamName));
    }

    [Theory]
    [MemberData(nameof(NullArguments))]
    public void NullArgument_ThrowsArgumentNullExceptionNamingTheParameter(string member, string parameter)
    {
        var call = NullArgumentCalls().Single(c => c.Member == member && c.Parameter == parameter).Call;

        Assert.Equal(parameter, Assert.Throws<ArgumentNullException>(call).ParamName);
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void Member_AfterDispose_ThrowsObjectDisposedException(string member)
    {
        var api = new TransformEncryption();
        var call = MemberCalls().Single(m => m.Name == member).Call;
        call(api);

        api.Dispose();

        Assert.Equal(typeof(TransformEncryption).FullName, Assert.Throws<ObjectDisposedException>(() => call(api)).ObjectName);
    }

    [Fact]
    public void MemberCalls_CoverEveryPublicInstanceMethod()
    {
        var methods = typeof(TransformEncryption).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name != nameof(TransformEncryption.Dispose) && !m.IsSpecialName) // property accessors are options, not calls
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(TransformEncryption)) // ToString describes the instance, disposed or not
            .Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})");

        Assert.Equal(methods.Order(), MemberCalls().Select(m => m.Name).Order());
    }

    [Fact]
    public void Dispose_Twice_DoesNothingMore()
    {
        var api = new TransformEncryption();

        api.Dispose();
        api.Dispose();

        Assert.Throws<ObjectDisposedException>(() => api.GeneratePlaintext());
    }

    private static IEnumerable<(string Name, Action<TransformEncryption> Call)> MemberCalls()
    {
        var w = World.Instance;
        var signature = new byte[64];
        yield return ("GenerateKeyPair()", api => api.GenerateKeyPair().PrivateKey.Dispose());
        yield return ("ComputePublicKey(PrivateKey)", api => api.ComputePublicKey(w.AlicePrivate));
        yield return ("AddPrivateKeys(PrivateKey, PrivateKey)", api => api.AddPrivateKeys(w.AlicePrivate, w.BobPrivate).Dispose());
        yield return ("SubtractPrivateKeys(PrivateKey, PrivateKey)", api => api.SubtractPrivateKeys(w.AlicePrivate, w.BobPrivate).Dispose());
        yield return ("AugmentPublicKey(PublicKey, PublicKey)", api => api.AugmentPublicKey(w.AlicePublic, w.BobPublic));
        yield return ("GeneratePlaintext()", api => api.GeneratePlaintext().Dispose());
        yield return ("DeriveSymmetricKey(Plaintext)", api => api.DeriveSymmetricKey(w.Plaintext).Dispose());
        yield return ("DerivePrivateKey(Plaintext)", api => api.DerivePrivateKey(w.Plaintext).Dispose());
        yield return ("Encrypt(Plaintext, PublicKey, SigningKeyPair)", api => api.Encrypt(w.Plaintext, w.AlicePublic, w.Signing));
        yield return ("Decrypt(EncryptedValue, PrivateKey)", api => api.Decrypt(w.ToAlice, w.AlicePrivate).Dispose());
        yield return ("GenerateTransformKey(PrivateKey, PublicKey, SigningKeyPair)", api => api.GenerateTransformKey(w.AlicePrivate, w.BobPublic, w.Signing));
        yield return ("Transform(EncryptedValue, TransformKey, SigningKeyPair)", api => api.Transform(w.ToAlice, w.AliceToBob, w.Signing));
        yield return ("Transform(ReadOnlySpan`1, ReadOnlySpan`1, SigningKeyPair)", api => api.Transform(w.ToAlice.Export(), w.AliceToBob.Export(), w.Signing));
        yield return ("PrepareTransformKey(TransformKey)", api => api.PrepareTransformKey(w.AliceToBob).Dispose());
        yield return ("PrepareTransformKey(ReadOnlySpan`1)", api => api.PrepareTransformKey(w.AliceToBob.Export()).Dispose());
        // A key prepared by a live instance: the disposed one must still refuse the call.
        yield return ("Transform(EncryptedValue, PreparedTransformKey, SigningKeyPair)", api => api.Transform(w.ToAlice, Shared.Instance.PrepareTransformKey(w.AliceToBob), w.Signing));
        yield return ("Transform(ReadOnlySpan`1, PreparedTransformKey, SigningKeyPair)", api => api.Transform(w.ToAlice.Export(), Shared.Instance.PrepareTransformKey(w.AliceToBob), w.Signing));
        yield return ("AugmentTransformKey(TransformKey, PrivateKey)", api => api.AugmentTransformKey(w.AliceToBob, w.BobPrivate));
        yield return ("GenerateSigningKeyPair()", api => api.GenerateSigningKeyPair().Dispose());
        yield return ("IsValidPublicSigningKey(PublicSigningKey)", api => api.IsValidPublicSigningKey(w.Signing.PublicKey));
        yield return ("Ed25519Sign(SigningKeyPair, ReadOnlySpan`1)", api => api.Ed25519Sign(w.Signing, s_message));
        yield return ("Ed25519Sign(SigningKeyPair, ReadOnlySpan`1, Span`1)", api => api.Ed25519Sign(w.Signing, s_message, signature));
        yield return ("Ed25519Verify(PublicSigningKey, ReadOnlySpan`1, ReadOnlySpan`1)", api => api.Ed25519Verify(w.Signing.PublicKey, s_message, signature));
        yield return ("SchnorrSign(PrivateKey, PublicKey, ReadOnlySpan`1)", api => api.SchnorrSign(w.AlicePrivate, w.AlicePublic, s_message));
        yield return ("SchnorrSign(PrivateKey, PublicKey, ReadOnlySpan`1, Span`1)", api => api.SchnorrSign(w.AlicePrivate, w.AlicePublic, s_message, signature));
        yield return ("SchnorrVerify(PublicKey, PrivateKey, ReadOnlySpan`1, ReadOnlySpan`1)", api => api.SchnorrVerify(w.AlicePublic, null, s_message, signature));
    }

    private static IEnumerable<(string Member, string Parameter, Action Call)> NullArgumentCalls()
    {
        var w = World.Instance;
        var api = Shared.Instance;
        var signature = new byte[64];
        yield return ("ComputePublicKey", "privateKey", () => api.ComputePublicKey(null!));
        yield return ("AddPrivateKeys", "privateKey", () => api.AddPrivateKeys(null!, w.BobPrivate));
        yield return ("AddPrivateKeys", "other", () => api.AddPrivateKeys(w.AlicePrivate, null!));
        yield return ("SubtractPrivateKeys", "privateKey", () => api.SubtractPrivateKeys(null!, w.BobPrivate));
        yield return ("SubtractPrivateKeys", "other", () => api.SubtractPrivateKeys(w.AlicePrivate, null!));
        yield return ("AugmentPublicKey", "publicKey", () => api.AugmentPublicKey(null!, w.BobPublic));
        yield return ("AugmentPublicKey", "other", () => api.AugmentPublicKey(w.AlicePublic, null!));
        yield return ("DeriveSymmetricKey", "plaintext", () => api.DeriveSymmetricKey(null!));
        yield return ("DerivePrivateKey", "plaintext", () => api.DerivePrivateKey(null!));
        yield return ("Encrypt", "plaintext", () => api.Encrypt(null!, w.AlicePublic, w.Signing));
        yield return ("Encrypt", "publicKey", () => api.Encrypt(w.Plaintext, null!, w.Signing));
        yield return ("Encrypt", "signingKeyPair", () => api.Encrypt(w.Plaintext, w.AlicePublic, null!));
        yield return ("Decrypt", "encryptedValue", () => api.Decrypt(null!, w.AlicePrivate));
        yield return ("Decrypt", "privateKey", () => api.Decrypt(w.ToAlice, null!));
        yield return ("GenerateTransformKey", "fromPrivateKey", () => api.GenerateTransformKey(null!, w.BobPublic, w.Signing));
        yield return ("GenerateTransformKey", "toPublicKey", () => api.GenerateTransformKey(w.AlicePrivate, null!, w.Signing));
        yield return ("GenerateTransformKey", "signingKeyPair", () => api.GenerateTransformKey(w.AlicePrivate, w.BobPublic, null!));
        yield return ("Transform", "encryptedValue", () => api.Transform(null!, w.AliceToBob, w.Signing));
        yield return ("Transform", "transformKey", () => api.Transform(w.ToAlice, (TransformKey)null!, w.Signing));
        yield return ("Transform", "signingKeyPair", () => api.Transform(w.ToAlice, w.AliceToBob, null!));
        yield return ("Transform(encodings)", "signingKeyPair", () => api.Transform(w.ToAlice.Export(), w.AliceToBob.Export(), null!));
        yield return ("PrepareTransformKey", "transformKey", () => api.PrepareTransformKey((TransformKey)null!));
        yield return ("Transform(prepared)", "encryptedValue", () => api.Transform((EncryptedValue)null!, api.PrepareTransformKey(w.AliceToBob), w.Signing));
        yield return ("Transform(prepared)", "transformKey", () => api.Transform(w.ToAlice, (PreparedTransformKey)null!, w.Signing));
        yield return ("Transform(prepared)", "signingKeyPair", () => api.Transform(w.ToAlice, api.PrepareTransformKey(w.AliceToBob), null!));
        yield return ("AugmentTransformKey", "transformKey", () => api.AugmentTransformKey(null!, w.BobPrivate));
        yield return ("AugmentTransformKey", "privateKey", () => api.AugmentTransformKey(w.AliceToBob, null!));
        yield return ("Ed25519Sign", "signingKeyPair", () => api.Ed25519Sign(null!, s_message));
        yield return ("Ed25519Sign(span)", "signingKeyPair", () => api.Ed25519Sign(null!, s_message, signature));
        yield return ("Ed25519Verify", "publicSigningKey", () => api.Ed25519Verify(null!, s_message, signature));
        yield return ("IsValidPublicSigningKey", "publicSigningKey", () => api.IsValidPublicSigningKey(null!));
        yield return ("SchnorrSign", "privateKey", () => api.SchnorrSign(null!, w.AlicePublic, s_message));
        yield return ("SchnorrSign", "publicKey", () => api.SchnorrSign(w.AlicePrivate, null!, s_message));
        yield return ("SchnorrSign(span)", "privateKey", () => api.SchnorrSign(null!, w.AlicePublic, s_message, signature));
        yield return ("SchnorrSign(span)", "publicKey", () => api.SchnorrSign(w.AlicePrivate, null!, s_message, signature));
        yield return ("SchnorrVerify", "publicKey", () => api.SchnorrVerify(null!, null, s_message, signature));
        yield return ("PublicKey.FromIronCoreJson", "json", () => PublicKey.FromIronCoreJson(null!));
        yield return ("EncryptedValue.FromIronCoreJson", "json", () => EncryptedValue.FromIronCoreJson(null!));
        yield return ("TransformKey.FromIronCoreJson", "json", () => TransformKey.FromIronCoreJson(null!));
    }
}
