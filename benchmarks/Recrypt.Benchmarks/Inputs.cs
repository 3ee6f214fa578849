using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>
/// The inputs of native/benches/api256.rs, built once per benchmark class in [GlobalSetup]: parties
/// A, B and D with fresh key pairs, one signing key pair, a random plaintext, the level-0 value to A,
/// transform keys A→B (also prepared) and B→D, and the level-1 (B) and level-2 (D) values.
/// </summary>
public sealed class Inputs : IDisposable
{
    private Inputs(TransformEncryption api)
    {
        Api = api;
        Signing = api.GenerateSigningKeyPair();
        (APrivate, APublic) = api.GenerateKeyPair();
        (BPrivate, BPublic) = api.GenerateKeyPair();
        (DPrivate, DPublic) = api.GenerateKeyPair();
        Plaintext = api.GeneratePlaintext();
        Level0 = api.Encrypt(Plaintext, APublic, Signing);
        TransformKeyAB = api.GenerateTransformKey(APrivate, BPublic, Signing);
        TransformKeyBD = api.GenerateTransformKey(BPrivate, DPublic, Signing);
        PreparedKeyAB = api.PrepareTransformKey(TransformKeyAB);
        Level1 = api.Transform(Level0, TransformKeyAB, Signing);
        Level2 = api.Transform(Level1, TransformKeyBD, Signing);
    }

    public TransformEncryption Api { get; }
    public SigningKeyPair Signing { get; }
    public PrivateKey APrivate { get; }
    public PublicKey APublic { get; }
    public PrivateKey BPrivate { get; }
    public PublicKey BPublic { get; }
    public PrivateKey DPrivate { get; }
    public PublicKey DPublic { get; }
    public Plaintext Plaintext { get; }
    public EncryptedValue Level0 { get; }
    public TransformKey TransformKeyAB { get; }
    public TransformKey TransformKeyBD { get; }
    public PreparedTransformKey PreparedKeyAB { get; }
    public EncryptedValue Level1 { get; }
    public EncryptedValue Level2 { get; }

    /// <summary>Fresh inputs on a new instance of <paramref name="backend"/> whose randomness comes from the operating system.</summary>
    public static Inputs Create(RecryptBackend backend) => new(new TransformEncryption(backend));

    public void Dispose()
    {
        Plaintext.Dispose();
        APrivate.Dispose();
        BPrivate.Dispose();
        DPrivate.Dispose();
        Signing.Dispose();
        PreparedKeyAB.Dispose();
        Api.Dispose();
    }
}

/// <summary>
/// Base of the operation groups: the inputs, made before and disposed after the group runs. Every
/// operation runs on both engines in the same run (the <see cref="Backend"/> parameter), so the
/// native and managed medians are measured side by side.
/// </summary>
public abstract class Api256Benchmarks
{
    private Inputs? _inputs;

    /// <summary>The engine under measurement.</summary>
    [ParamsAllValues]
    public RecryptBackend Backend { get; set; }

    /// <summary>The inputs; only valid between setup and cleanup.</summary>
    protected Inputs In => _inputs ?? throw new InvalidOperationException("GlobalSetup has not run.");

    [GlobalSetup]
    public virtual void Setup() => _inputs = Inputs.Create(Backend);

    [GlobalCleanup]
    public void Cleanup() => _inputs?.Dispose();
}
