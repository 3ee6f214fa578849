namespace Recrypt.Tests.Vectors;

public sealed class TransformKeyVectorTests
{
    private const string File = "transform-keys.json";

    public static TheoryData<RecryptBackend, string> Cases => TestEngine.OnEach(VectorFiles.Ids(File, "cases"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void GenerateTransformKey_WithIronCoresSeed_ReproducesItsTransformKey(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "cases", id);
        using var api = entry.SeededInstance();

        var (fromPrivate, fromPublic) = api.GenerateKeyPair();
        var (toPrivate, toPublic) = api.GenerateKeyPair();
        using var signing = api.GenerateSigningKeyPair();
        var transformKey = api.GenerateTransformKey(fromPrivate, toPublic, signing);

        using (fromPrivate)
        using (toPrivate)
        {
            VectorAssert.KeyPair(entry.Get("from"), fromPrivate, fromPublic);
            VectorAssert.KeyPair(entry.Get("to"), toPrivate, toPublic);
        }
        VectorAssert.SigningKeyPair(entry.Get("signing"), signing);
        VectorAssert.Same(entry.Get("transformKey"), transformKey);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IronCoresTransformKey_ReadsBackWithItsBytesAndFields(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "cases", id);
        var transformKey = entry.TransformKey("transformKey");
        var bytes = new byte[TransformKey.IronCoreBytesSize];

        transformKey.ToIronCoreBytes(bytes);

        Assert.Equal(entry.Bytes("transformKeyBytes"), transformKey.ToIronCoreBytes());
        Assert.Equal(entry.Bytes("transformKeyBytes"), bytes);
        Assert.True(transformKey.VerifySignature());
        Assert.Equal(entry.Get("to").PublicKey("publicKey"), transformKey.ToPublicKey);
        Assert.Equal(entry.Get("signing").Bytes("publicKey"), transformKey.PublicSigningKey.Export());
        Assert.Equal(transformKey, TransformKey.Import(transformKey.Export()));
    }
}
