using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>Decryption at levels 0 (A), 1 (B) and 2 (D).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class DecryptBenchmarks : Api256Benchmarks
{
    [Benchmark(Description = "decrypt level 0")]
    public void DecryptLevel0()
    {
        using var plaintext = In.Api.Decrypt(In.Level0, In.APrivate);
    }

    [Benchmark(Description = "decrypt level 1")]
    public void DecryptLevel1()
    {
        using var plaintext = In.Api.Decrypt(In.Level1, In.BPrivate);
    }

    [Benchmark(Description = "decrypt level 2")]
    public void DecryptLevel2()
    {
        using var plaintext = In.Api.Decrypt(In.Level2, In.DPrivate);
    }
}
