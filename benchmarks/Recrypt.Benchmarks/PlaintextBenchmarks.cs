using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>Plaintext generation (a random element of the pairing's target group).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class PlaintextBenchmarks : Api256Benchmarks
{
    [Benchmark(Description = "generate plaintext")]
    public void GeneratePlaintext()
    {
        using var plaintext = In.Api.GeneratePlaintext();
    }
}
