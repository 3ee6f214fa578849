using System.Diagnostics;
using System.Globalization;

namespace Recrypt.LoadTest;

/// <summary>
/// The CPU time (user + system) other processes have used so far, from <c>/proc/&lt;pid&gt;/stat</c> (Linux):
/// read before and after a measured point, it gives the server's CPU time per request.
/// </summary>
public static class ProcessCpu
{
    // The kernel's clock ticks per second (USER_HZ), in which /proc reports CPU time.
    private static readonly Lazy<long> s_ticksPerSecond = new(() =>
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var ticks = long.Parse(getconf.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        getconf.WaitForExit();
        return ticks;
    });

    /// <summary>The CPU time <paramref name="pids"/> have used so far, together.</summary>
    public static TimeSpan Total(IReadOnlyList<int> pids) =>
        TimeSpan.FromSeconds((double)pids.Sum(pid => Read(pid)?.Ticks ?? 0) / s_ticksPerSecond.Value);

    /// <summary>
    /// The CPU time <paramref name="pid"/> and its children (PostgreSQL's postmaster and its backends) have used so
    /// far; a child that exited in between takes its time with it, so this is a lower bound.
    /// </summary>
    public static TimeSpan TotalWithChildren(int pid)
    {
        long ticks = Read(pid)?.Ticks ?? 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && Read(child) is { Parent: var parent, Ticks: var childTicks } && parent == pid)
            {
                ticks += childTicks;
            }
        }
        return TimeSpan.FromSeconds((double)ticks / s_ticksPerSecond.Value);
    }

    /// <summary>The CPU time the calling thread has used so far (<c>/proc/thread-self/stat</c>).</summary>
    public static TimeSpan CurrentThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / s_ticksPerSecond.Value);
    }

    // pid (comm) state ppid … utime stime: the 4th, 14th and 15th fields; comm may hold spaces and parentheses.
    private static (int Parent, long Ticks)? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // exited
        }
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
