using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>Level-0 encryption to A.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class EncryptBenchmarks : Api256Benchmarks
{
    [Benchmark(Description = "encrypt")]
    public EncryptedValue Encrypt() => In.Api.Encrypt(In.Plaintext, In.APublic, In.Signing);
}
