using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>Transform-key generation (A → B).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class TransformKeyBenchmarks : Api256Benchmarks
{
    [Benchmark(Description = "generate transform key")]
    public TransformKey GenerateTransformKey() => In.Api.GenerateTransformKey(In.APrivate, In.BPublic, In.Signing);
}
