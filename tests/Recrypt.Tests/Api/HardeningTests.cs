using System.Reflection;
using System.Runtime.InteropServices;

namespace Recrypt.Tests.Api;

/// <summary>
/// The core's hardening seen from .NET: the deterministic context is not public API and the shipped
/// library lacks it, the caller's limit on transform blocks, and strict Ed25519 public keys.
/// </summary>
public sealed class HardeningTests
{
    private const string SeededExport = "recrypt_context_new_insecure_seeded";

    [Fact]
    public void CreateInsecureDeterministic_IsNotPublicApi()
    {
        var flags = BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance;

        Assert.Null(typeof(TransformEncryption).GetMethod(nameof(TransformEncryption.CreateInsecureDeterministic), flags));
        Assert.Null(typeof(TransformEncryption).GetField(nameof(TransformEncryption.SeedSize), flags));
    }

    [Fact]
    public void TheShippedNativeLibrary_LacksTheDeterministicContext_WhichOnlyTheTestBuildExports()
    {
        // Next to these tests: the test build (cargo feature insecure-seeded). In native/target/release:
        // the build that bindings/Recrypt copies and packs.
        var testBuild = NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, "librecrypt_ffi.so"));
        var shipped = NativeLibrary.Load(Path.Combine(RepositoryFiles.Root, "native", "target", "release", "librecrypt_ffi.so"));
        try
        {
            Assert.NotEqual(testBuild, shipped);
            Assert.True(NativeLibrary.TryGetExport(testBuild, SeededExport, out _));
            Assert.True(NativeLibrary.TryGetExport(shipped, "recrypt_context_new", out _));
            Assert.False(NativeLibrary.TryGetExport(shipped, SeededExport, out _));
        }
        finally
        {
            NativeLibrary.Free(shipped);
            NativeLibrary.Free(testBuild);
        }
    }

    [Fact]
    public void MaxTransformBlocks_DefaultsToTheFormatsLimit()
    {
        using var api = new TransformEncryption();

        Assert.Equal(65535, api.MaxTransformBlocks);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void MaxTransformBlocks_OutOfRange_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransformEncryption { MaxTransformBlocks = value });
    }

    [Fact]
    public void Decrypt_OfAValueWithMoreBlocksThanTheLimit_IsRefusedWithTooManyTransformBlocks()
    {
        var w = World.Instance;
        using var strict = new TransformEncryption { MaxTransformBlocks = 0 };
        using var lenient = new TransformEncryption { MaxTransformBlocks = 1 };

        var exception = Assert.Throws<RecryptException>(() => strict.Decrypt(w.ToBob, w.BobPrivate));
        using var level0 = strict.Decrypt(w.ToAlice, w.AlicePrivate);
        using var level1 = lenient.Decrypt(w.ToBob, w.BobPrivate);

        Assert.Equal(RecryptError.TooManyTransformBlocks, exception.Error);
        Assert.Equal(w.Plaintext.Export(), level0.Export());
        Assert.Equal(w.Plaintext.Export(), level1.Export());
    }

    [Fact]
    public void Transform_WhoseResultWouldExceedTheLimit_IsRefusedWithTooManyTransformBlocks()
    {
        var w = World.Instance;
        using var one = new TransformEncryption { MaxTransformBlocks = 1 };
        using var none = new TransformEncryption { MaxTransformBlocks = 0 };

        var toBob = one.Transform(w.ToAlice, w.AliceToBob, w.Signing);
        var again = Assert.Throws<RecryptException>(() => one.Transform(w.ToBob, w.AliceToBob, w.Signing));
        var never = Assert.Throws<RecryptException>(() => none.Transform(w.ToAlice, w.AliceToBob, w.Signing));

        Assert.Single(toBob.TransformBlocks);
        Assert.Equal(RecryptError.TooManyTransformBlocks, again.Error);
        Assert.Equal(RecryptError.TooManyTransformBlocks, never.Error);
    }

    /// <summary>The canonical encodings of the eight points of small order on edwards25519.</summary>
    public static TheoryData<string> SmallOrderKeys =>
    [
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        // Non-canonical encodings (y >= p) of the identity and of y = 0.
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    ];

    [Theory]
    [MemberData(nameof(SmallOrderKeys))]
    public void Ed25519Verify_WithASmallOrderOrNonCanonicalKey_AcceptsNotEvenTheConstantSignature(string keyHex)
    {
        var key = PublicSigningKey.Import(Convert.FromHexString(keyHex));
        var signature = new byte[TransformEncryption.Ed25519SignatureSize];
        signature[0] = 1; // R = the identity, S = 0

        Assert.False(World.Instance.Api.Ed25519Verify(key, "any message"u8, signature));
        Assert.False(World.Instance.Api.Ed25519Verify(key, [], signature));
    }

    [Theory]
    [MemberData(nameof(SmallOrderKeys))]
    public void IsValidPublicSigningKey_RefusesSmallOrderAndNonCanonicalKeys_OnBothEngines(string keyHex)
    {
        var key = PublicSigningKey.Import(Convert.FromHexString(keyHex));
        foreach (var backend in new[] { RecryptBackend.Native, RecryptBackend.Managed })
        {
            using var recrypt = new TransformEncryption(backend);
            Assert.False(recrypt.IsValidPublicSigningKey(key), $"{backend}: {keyHex}");
        }
    }

    [Fact]
    public void IsValidPublicSigningKey_AcceptsEveryGeneratedKey_AndBothEnginesAgreeOnAnyBytes()
    {
        using var native = new TransformEncryption(RecryptBackend.Native);
        using var managed = new TransformEncryption(RecryptBackend.Managed);
        for (var i = 0; i < 50; i++)
        {
            using var pair = native.GenerateSigningKeyPair();
            Assert.True(native.IsValidPublicSigningKey(pair.PublicKey));
            Assert.True(managed.IsValidPublicSigningKey(pair.PublicKey));
        }

        // About half of all y are not the y of a point; the two engines decode independently.
        var random = new Random(20261201);
        var bytes = new byte[PublicSigningKey.Size];
        var valid = 0;
        for (var i = 0; i < 400; i++)
        {
            random.NextBytes(bytes);
            var key = PublicSigningKey.Import(bytes);
            var isValid = native.IsValidPublicSigningKey(key);
            Assert.Equal(isValid, managed.IsValidPublicSigningKey(key));
            valid += isValid ? 1 : 0;
        }
        Assert.InRange(valid, 140, 260);
    }
}
