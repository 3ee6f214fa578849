namespace Recrypt.Tests.Vectors;

public sealed class EncryptVectorTests
{
    private const string File = "encrypt.json";

    public static TheoryData<RecryptBackend, string> Cases => TestEngine.OnEach(VectorFiles.Ids(File, "cases"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encrypt_WithIronCoresSeed_ReproducesItsEncryptedValue(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "cases", id);
        using var api = entry.SeededInstance();

        var (privateKey, publicKey) = api.GenerateKeyPair();
        using var signing = api.GenerateSigningKeyPair();
        using var plaintext = api.GeneratePlaintext();
        var encrypted = api.Encrypt(plaintext, publicKey, signing);
        using var decrypted = api.Decrypt(encrypted, privateKey);

        using (privateKey)
        {
            VectorAssert.KeyPair(entry.Get("recipient"), privateKey, publicKey);
        }
        VectorAssert.SigningKeyPair(entry.Get("signing"), signing);
        VectorAssert.Same(entry.Get("plaintext"), plaintext);
        VectorAssert.Same(entry.Get("encryptedValue"), encrypted);
        VectorAssert.Same(entry.Get("decrypted"), decrypted);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decrypt_OfIronCoresEncryptedValue_GivesItsPlaintext(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "cases", id);
        var encrypted = entry.EncryptedValue("encryptedValue");
        using var privateKey = entry.Get("recipient").PrivateKey("privateKey");

        using var decrypted = Shared.Instance.Decrypt(encrypted, privateKey);

        VectorAssert.Same(entry.Get("decrypted"), decrypted);
        Assert.True(encrypted.VerifySignature());
        Assert.Empty(encrypted.TransformBlocks);
        Assert.Equal(entry.Get("signing").Bytes("publicKey"), encrypted.PublicSigningKey.Export());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncryptedValue_ThroughTheCanonicalEncoding_KeepsIronCoresJson(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var expected = VectorFiles.Entry(File, "cases", id).Get("encryptedValue");

        var encrypted = EncryptedValue.Import(expected.EncryptedValue().Export());

        VectorAssert.Same(expected, encrypted);
        Assert.Equal(EncryptedValue.FromIronCoreJson(encrypted.ToIronCoreJson()), encrypted);
    }
}
