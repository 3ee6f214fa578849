using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>Transforms: level 0 → 1 (A → B; also of the encodings, and with the key prepared, as a key service runs it) and level 1 → 2 (B → D).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class TransformBenchmarks : Api256Benchmarks
{
    [Benchmark(Description = "transform level 1")]
    public EncryptedValue TransformLevel1() => In.Api.Transform(In.Level0, In.TransformKeyAB, In.Signing);

    [Benchmark(Description = "transform level 1, encodings")]
    public byte[] TransformLevel1Encodings() => In.Api.Transform(In.Level0.Export(), In.TransformKeyAB.Export(), In.Signing);

    [Benchmark(Description = "transform level 1, key prepared")]
    public byte[] TransformLevel1Prepared() => In.Api.Transform(In.Level0.Export(), In.PreparedKeyAB, In.Signing);

    [Benchmark(Description = "transform level 2")]
    public EncryptedValue TransformLevel2() => In.Api.Transform(In.Level1, In.TransformKeyBD, In.Signing);
}
