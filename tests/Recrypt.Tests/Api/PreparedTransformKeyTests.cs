namespace Recrypt.Tests.Api;

/// <summary>
/// Prepared transform keys on both backends and both curves: a transform with one gives exactly the bytes of the
/// transform of the key's encoding (same seed, same draws), the preparation refuses a key for every reason that
/// transform refuses it, a key is refused by another curve or backend and after disposal, and one key serves
/// many threads.
/// </summary>
public sealed class PreparedTransformKeyTests
{
    public static TheoryData<RecryptBackend> Backends => [RecryptBackend.Native, RecryptBackend.Managed];

    private static byte[] Seed(byte b) => Enumerable.Repeat(b, 32).ToArray();

    [Theory]
    [MemberData(nameof(Backends))]
    public void APreparedKey_GivesTheBytesOfTheTransformOfItsEncoding(RecryptBackend backend)
    {
        using var setup = TransformEncryption.CreateInsecureDeterministic(Seed(1), backend);
        var (alicePrivate, alicePublic) = setup.GenerateKeyPair();
        var (bobPrivate, bobPublic) = setup.GenerateKeyPair();
        using var signing = setup.GenerateSigningKeyPair();
        using var plaintext = setup.GeneratePlaintext();
        var level0 = setup.Encrypt(plaintext, alicePublic, signing).Export();
        var key = setup.GenerateTransformKey(alicePrivate, bobPublic, signing);

        using var byEncoding = TransformEncryption.CreateInsecureDeterministic(Seed(2), backend);
        using var byPrepared = TransformEncryption.CreateInsecureDeterministic(Seed(2), backend);
        using var prepared = byPrepared.PrepareTransformKey(key.Export());
        var expected = byEncoding.Transform(level0, key.Export(), signing);
        var transformed = byPrepared.Transform(level0, prepared, signing);
        Assert.Equal(expected, transformed);
        // The object overload and a second hop with the same key take the same path.
        Assert.Equal(
            byEncoding.Transform(EncryptedValue.Import(expected), key, signing).Export(),
            byPrepared.Transform(EncryptedValue.Import(transformed), prepared, signing).Export());
        using (var decrypted = setup.Decrypt(EncryptedValue.Import(transformed), bobPrivate))
        {
            Assert.Equal(plaintext.Export(), decrypted.Export());
        }
        alicePrivate.Dispose();
        bobPrivate.Dispose();
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void APreparedApi480Key_GivesTheBytesOfTheTransformOfItsEncoding(RecryptBackend backend)
    {
        using var setup = TransformEncryption480.CreateInsecureDeterministic(Seed(3), backend);
        var (alicePrivate, alicePublic) = setup.GenerateKeyPair();
        var (bobPrivate, bobPublic) = setup.GenerateKeyPair();
        using var signing = setup.GenerateSigningKeyPair();
        using var plaintext = setup.GeneratePlaintext();
        var level0 = setup.Encrypt(plaintext, alicePublic, signing);
        var key = setup.GenerateTransformKey(alicePrivate, bobPublic, signing);

        using var byEncoding = TransformEncryption480.CreateInsecureDeterministic(Seed(4), backend);
        using var byPrepared = TransformEncryption480.CreateInsecureDeterministic(Seed(4), backend);
        using var prepared = byPrepared.PrepareTransformKey(key);
        Assert.Equal(RecryptCurve.Api480, prepared.Curve);
        var transformed = byPrepared.Transform(level0, prepared, signing);
        Assert.Equal(byEncoding.Transform(level0, key, signing).Export(), transformed.Export());
        using (var decrypted = setup.Decrypt(transformed, bobPrivate))
        {
            Assert.Equal(plaintext.Export(), decrypted.Export());
        }
        alicePrivate.Dispose();
        bobPrivate.Dispose();
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void AKey_IsRefusedAtPreparation_ForEveryReasonTheTransformRefusesIt(RecryptBackend backend)
    {
        using var recrypt = new TransformEncryption(backend);
        using var world = Story(recrypt);
        var encoding = world.Key.Export();
        // The managed engine is slower: there, the first and last byte of every 32.
        var offsets = Enumerable.Range(0, encoding.Length).Where(i => backend == RecryptBackend.Native || i % 32 is 0 or 31);
        foreach (var at in offsets)
        {
            var tampered = (byte[])encoding.Clone();
            tampered[at] ^= 0x01;
            var byTransform = ErrorOf(() => recrypt.Transform(world.Level0, tampered, world.Signing));
            var byPreparation = ErrorOf(() => recrypt.PrepareTransformKey(tampered).Dispose());
            // A flip that leaves a valid key (the hashed temp key is not signed) is accepted by both.
            Assert.True(byTransform == byPreparation, $"byte {at}: transform {byTransform}, preparation {byPreparation}");
        }
        Assert.Equal(RecryptError.MalformedEncoding, ErrorOf(() => recrypt.PrepareTransformKey(encoding.AsSpan(1)).Dispose()));
        Assert.Equal(RecryptError.MalformedEncoding, ErrorOf(() => recrypt.PrepareTransformKey([]).Dispose()));
    }

    [Fact]
    public void AKeyOfAnotherCurveOrBackend_IsRefused_AndNeitherIsAValueWhoseSignatureFails()
    {
        using var native = new TransformEncryption(RecryptBackend.Native);
        using var managed = new TransformEncryption(RecryptBackend.Managed);
        using var api480 = new TransformEncryption480(RecryptBackend.Native);
        using var world = Story(native);
        using var prepared = native.PrepareTransformKey(world.Key);
        Assert.Equal((RecryptCurve.Api256, RecryptBackend.Native), (prepared.Curve, prepared.Backend));

        var otherBackend = Assert.Throws<ArgumentException>(() => managed.Transform(world.Level0, prepared, world.Signing));
        Assert.Equal("transformKey", otherBackend.ParamName);
        Assert.Contains("Api256 on the Native backend", otherBackend.Message, StringComparison.Ordinal);
        var otherCurve = Assert.Throws<ArgumentException>(() => api480.Transform(new byte[2000], prepared, world.Signing));
        Assert.Equal("transformKey", otherCurve.ParamName);

        var tampered = (byte[])world.Level0.Clone();
        tampered[^3] ^= 0x01; // the signature's last byte, before the two-byte block count
        Assert.Equal(RecryptError.InvalidEncryptedValueSignature, ErrorOf(() => native.Transform(tampered, prepared, world.Signing)));
        Assert.Equal(RecryptError.MalformedEncoding, ErrorOf(() => native.Transform(world.Level0.AsSpan(1), prepared, world.Signing)));
        Assert.Throws<ArgumentNullException>(() => native.Transform(world.Level0, (PreparedTransformKey)null!, world.Signing));
        Assert.Equal("PreparedTransformKey (Api256, Native)", prepared.ToString());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void ADisposedKey_IsRefused_AndTheBlockLimitHolds(RecryptBackend backend)
    {
        using var recrypt = new TransformEncryption(backend) { MaxTransformBlocks = 1 };
        using var none = new TransformEncryption(backend) { MaxTransformBlocks = 0 };
        using var world = Story(recrypt);
        var prepared = recrypt.PrepareTransformKey(world.Key);
        Assert.Equal(RecryptError.TooManyTransformBlocks, ErrorOf(() => none.Transform(world.Level0, prepared, world.Signing)));
        var level1 = recrypt.Transform(world.Level0, prepared, world.Signing);
        Assert.Equal(RecryptError.TooManyTransformBlocks, ErrorOf(() => recrypt.Transform(level1, prepared, world.Signing)));
        prepared.Dispose();
        prepared.Dispose();
        Assert.Throws<ObjectDisposedException>(() => recrypt.Transform(world.Level0, prepared, world.Signing));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void OnePreparedKey_ServesManyThreads(RecryptBackend backend)
    {
        using var recrypt = new TransformEncryption(backend);
        using var world = Story(recrypt);
        using var prepared = recrypt.PrepareTransformKey(world.Key);
        Parallel.For(0, 8, _ =>
        {
            var transformed = recrypt.Transform(world.Level0, prepared, world.Signing);
            using var decrypted = recrypt.Decrypt(EncryptedValue.Import(transformed), world.BobPrivate);
            Assert.Equal(world.Plaintext.Export(), decrypted.Export());
        });
    }

    private static RecryptError? ErrorOf(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (RecryptException e)
        {
            return e.Error;
        }
    }

    /// <summary>Alice's level-0 value and a transform key from Alice to Bob.</summary>
    private sealed record World(byte[] Level0, TransformKey Key, SigningKeyPair Signing, PrivateKey BobPrivate, Plaintext Plaintext) : IDisposable
    {
        public void Dispose()
        {
            Signing.Dispose();
            BobPrivate.Dispose();
            Plaintext.Dispose();
        }
    }

    private static World Story(TransformEncryption recrypt)
    {
        var (alicePrivate, alicePublic) = recrypt.GenerateKeyPair();
        var (bobPrivate, bobPublic) = recrypt.GenerateKeyPair();
        var signing = recrypt.GenerateSigningKeyPair();
        var plaintext = recrypt.GeneratePlaintext();
        var level0 = recrypt.Encrypt(plaintext, alicePublic, signing).Export();
        var key = recrypt.GenerateTransformKey(alicePrivate, bobPublic, signing);
        alicePrivate.Dispose();
        return new World(level0, key, signing, bobPrivate, plaintext);
    }
}
