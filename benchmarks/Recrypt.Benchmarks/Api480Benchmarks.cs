using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>
/// Every Api480 operation of IronCore's own benchmark table (key pair, plaintext, transform key, compute
/// public key, encrypt, decrypt at levels 0 to 2, transform 0→1 and 1→2), on the inputs of
/// <see cref="Inputs"/> made with <see cref="TransformEncryption480"/>: parties A, B and D, A→B and B→D.
/// Native only until the managed backend implements Api480. <c>build.ps1 bench480</c> runs them.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class Api480Benchmarks : IDisposable
{
    private TransformEncryption480 _api = null!;
    private SigningKeyPair _signing = null!;
    private KeyPair480 _a = null!;
    private KeyPair480 _b = null!;
    private KeyPair480 _d = null!;
    private Plaintext480 _plaintext = null!;
    private EncryptedValue480 _level0 = null!;
    private EncryptedValue480 _level1 = null!;
    private EncryptedValue480 _level2 = null!;
    private TransformKey480 _transformKeyAB = null!;
    private TransformKey480 _transformKeyBD = null!;

    /// <summary>The engine under measurement: the backends that implement Api480.</summary>
    [Params(RecryptBackend.Native)]
    public RecryptBackend Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _api = new TransformEncryption480(Backend);
        _signing = _api.GenerateSigningKeyPair();
        (_a, _b, _d) = (_api.GenerateKeyPair(), _api.GenerateKeyPair(), _api.GenerateKeyPair());
        _plaintext = _api.GeneratePlaintext();
        _level0 = _api.Encrypt(_plaintext, _a.PublicKey, _signing);
        _transformKeyAB = _api.GenerateTransformKey(_a.PrivateKey, _b.PublicKey, _signing);
        _transformKeyBD = _api.GenerateTransformKey(_b.PrivateKey, _d.PublicKey, _signing);
        _level1 = _api.Transform(_level0, _transformKeyAB, _signing);
        _level2 = _api.Transform(_level1, _transformKeyBD, _signing);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        foreach (var secret in new IDisposable[] { _plaintext, _a, _b, _d, _signing, _api })
        {
            secret.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "480 generate key pair")]
    public void GenerateKeyPair()
    {
        using var pair = _api.GenerateKeyPair();
    }

    [Benchmark(Description = "480 generate plaintext")]
    public void GeneratePlaintext()
    {
        using var plaintext = _api.GeneratePlaintext();
    }

    [Benchmark(Description = "480 generate transform key")]
    public TransformKey480 GenerateTransformKey() => _api.GenerateTransformKey(_a.PrivateKey, _b.PublicKey, _signing);

    [Benchmark(Description = "480 compute public key")]
    public PublicKey480 ComputePublicKey() => _api.ComputePublicKey(_a.PrivateKey);

    [Benchmark(Description = "480 encrypt")]
    public EncryptedValue480 Encrypt() => _api.Encrypt(_plaintext, _a.PublicKey, _signing);

    [Benchmark(Description = "480 decrypt level 0")]
    public void DecryptLevel0()
    {
        using var plaintext = _api.Decrypt(_level0, _a.PrivateKey);
    }

    [Benchmark(Description = "480 transform level 0 to 1")]
    public EncryptedValue480 TransformLevel1() => _api.Transform(_level0, _transformKeyAB, _signing);

    [Benchmark(Description = "480 decrypt level 1")]
    public void DecryptLevel1()
    {
        using var plaintext = _api.Decrypt(_level1, _b.PrivateKey);
    }

    [Benchmark(Description = "480 transform level 1 to 2")]
    public EncryptedValue480 TransformLevel2() => _api.Transform(_level1, _transformKeyBD, _signing);

    [Benchmark(Description = "480 decrypt level 2")]
    public void DecryptLevel2()
    {
        using var plaintext = _api.Decrypt(_level2, _d.PrivateKey);
    }
}
