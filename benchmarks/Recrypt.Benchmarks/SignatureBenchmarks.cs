using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>Schnorr (recrypt's, over the BN curve) and Ed25519 signatures of a 32-byte message.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class SignatureBenchmarks : Api256Benchmarks
{
    private static readonly byte[] s_message = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    private byte[] _schnorr = [];
    private byte[] _ed25519 = [];

    public override void Setup()
    {
        base.Setup();
        _schnorr = In.Api.SchnorrSign(In.APrivate, In.APublic, s_message);
        _ed25519 = In.Api.Ed25519Sign(In.Signing, s_message);
    }

    [Benchmark(Description = "Schnorr sign")]
    public byte[] SchnorrSign() => In.Api.SchnorrSign(In.APrivate, In.APublic, s_message);

    [Benchmark(Description = "Schnorr verify")]
    public bool SchnorrVerify() => In.Api.SchnorrVerify(In.APublic, null, s_message, _schnorr);

    [Benchmark(Description = "Ed25519 sign")]
    public byte[] Ed25519Sign() => In.Api.Ed25519Sign(In.Signing, s_message);

    [Benchmark(Description = "Ed25519 verify")]
    public bool Ed25519Verify() => In.Api.Ed25519Verify(In.Signing.PublicKey, s_message, _ed25519);
}
