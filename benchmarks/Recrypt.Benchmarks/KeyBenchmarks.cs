using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>Key pairs: generation and public-key computation.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class KeyBenchmarks : Api256Benchmarks
{
    [Benchmark(Description = "generate key pair")]
    public PublicKey GenerateKeyPair()
    {
        var (privateKey, publicKey) = In.Api.GenerateKeyPair();
        privateKey.Dispose();
        return publicKey;
    }

    [Benchmark(Description = "compute public key")]
    public PublicKey ComputePublicKey() => In.Api.ComputePublicKey(In.APrivate);
}
