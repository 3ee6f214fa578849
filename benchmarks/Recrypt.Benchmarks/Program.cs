using BenchmarkDotNet.Running;
using Recrypt.Benchmarks;

// `compare <BenchmarkDotNet results directory> <output directory>` writes the native-vs-managed
// comparison of a finished run; `rotation <service url> [documents] [grantees] [runs]` times key
// rotations against a running service (build.ps1 bench-rotation starts one); anything else goes to
// BenchmarkDotNet.
if (args is ["compare", var results, var output])
{
    return Compare.Run(results, output);
}
if (args is ["rotation", var url, .. var rest])
{
    return await RotationTiming.RunAsync(new Uri(url), rest);
}
// `--cpu-clock` (build.ps1 compare on Linux): measure the benchmark thread's CPU time, not the wall clock.
if (args.Contains("--cpu-clock"))
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. args.Where(a => a != "--cpu-clock")], ThreadCpuClock.Config());
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
