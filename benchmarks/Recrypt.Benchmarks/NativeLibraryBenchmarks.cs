using BenchmarkDotNet.Attributes;

namespace Recrypt.Benchmarks;

/// <summary>The cost of one managed-to-native call: the floor under every Recrypt operation.</summary>
[MemoryDiagnoser]
public class NativeLibraryBenchmarks
{
    [GlobalSetup]
    public void LoadNativeLibrary() => _ = RecryptLibrary.AbiVersion;

    [Benchmark]
    public uint AbiVersion() => RecryptLibrary.AbiVersion;
}
