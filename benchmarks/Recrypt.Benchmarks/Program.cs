using BenchmarkDotNet.Running;
using Recrypt.Benchmarks;

// `rotation <service url> [documents] [grantees] [runs]` times key rotations against a running service
// (build.ps1 bench-rotation starts one); anything else goes to BenchmarkDotNet.
if (args is ["rotation", var url, .. var rest])
{
    return await RotationTiming.RunAsync(new Uri(url), rest);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
