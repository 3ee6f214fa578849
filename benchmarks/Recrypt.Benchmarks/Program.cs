using BenchmarkDotNet.Running;
using Recrypt.Benchmarks;

// `compare <BenchmarkDotNet results directory> <output directory>` writes the native-vs-managed
// comparison of a finished run; anything else runs benchmarks.
if (args is ["compare", var results, var output])
{
    return Compare.Run(results, output);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
