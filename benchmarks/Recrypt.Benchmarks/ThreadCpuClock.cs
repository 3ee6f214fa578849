using System.Runtime.InteropServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Recrypt.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the CPU time of the calling thread (Linux
/// <c>CLOCK_THREAD_CPUTIME_ID</c>) instead of the wall clock. On a machine shared with other work, a
/// wall-clock measurement includes the time the benchmark thread waited for a core, which differs
/// between the native and the managed runs; the thread's own CPU time does not. Both engines run
/// on the benchmark thread, so both are measured the same way.
/// </summary>
internal sealed partial class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTime = 3;

    public static readonly ThreadCpuClock Instance = new();

    public string Title => "Thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }
        return time.Seconds * 1_000_000_000L + time.Nanoseconds;
    }

    /// <summary>
    /// The configuration for <c>--cpu-clock</c>: BenchmarkDotNet's short job (3 warm-up and 3 measured
    /// iterations) with this clock, as the default applied to the jobs the command line asks for.
    /// </summary>
    public static IConfig Config() => DefaultConfig.Instance.AddJob(Job.ShortRun.WithClock(Instance).AsDefault());

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
