using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Recrypt.Cli.Tests;

/// <summary>What one run of <c>recrypt</c> did.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
/// <param name="PeakMemoryBytes">Its peak resident set size (VmHWM), sampled while it ran.</param>
/// <param name="Elapsed">How long it ran.</param>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr, long PeakMemoryBytes, TimeSpan Elapsed)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// Runs the real CLI as a separate process, <c>dotnet Recrypt.Cli.dll ...</c>, as one person: with
/// <c>RECRYPT_HOME</c> set to that person's key store, and optionally <c>RECRYPT_SERVER</c>.
/// </summary>
public sealed class CliProcess(string home, Uri? server = null)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    public string Home { get; } = home;

    /// <summary>Extra environment variables for every run.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs <c>recrypt</c> with <paramref name="arguments"/>, feeding <paramref name="stdin"/> to its standard input.</summary>
    public async Task<CliResult> RunAsync(string[] arguments, string? stdin = null, string? workingDirectory = null)
    {
        var start = StartInfo(arguments, workingDirectory);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var peak = Task.Run(() => PollPeakMemoryAsync(process));
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"recrypt {string.Join(' ', arguments)} did not finish within {s_timeout}.");
        }
        clock.Stop();
        return new CliResult(process.ExitCode, await stdout, await stderr, await peak, clock.Elapsed);
    }

    public Task<CliResult> RunAsync(params string[] arguments) => RunAsync(arguments, stdin: null);

    /// <summary>
    /// Starts <c>recrypt</c> with every standard stream redirected and returns at once: the caller writes its
    /// stdin, reads its stdout and stderr, and signals it.
    /// </summary>
    public Process Start(params string[] arguments)
    {
        var process = Process.Start(StartInfo(arguments, workingDirectory: null))!;
        return process;
    }

    /// <summary>
    /// Runs <c>recrypt</c> on a terminal of its own (a pseudo-terminal made by util-linux <c>script</c>), as a
    /// person at a keyboard: each time the output shows the next prompt of <paramref name="answers"/>, its
    /// answer is typed, followed by Enter. Returns everything the terminal showed.
    /// </summary>
    public async Task<CliResult> RunOnTerminalAsync(string[] arguments, params (string Prompt, string Answer)[] answers)
    {
        var command = string.Join(' ', new[] { "dotnet", ProcessPaths.CliAssembly }.Concat(arguments).Select(Quote));
        var start = StartInfo(["-q", "-e", "-c", command, "/dev/null"], workingDirectory: null);
        start.FileName = "script";
        start.ArgumentList.RemoveAt(0); // the CLI assembly StartInfo puts first: script runs it through the command above
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(s_timeout);
        var screen = new System.Text.StringBuilder();
        var buffer = new char[4096];
        var next = 0;
        var seen = 0;
        try
        {
            while (await process.StandardOutput.ReadAsync(buffer, timeout.Token) is var read and > 0)
            {
                screen.Append(buffer, 0, read);
                if (next < answers.Length && screen.ToString().IndexOf(answers[next].Prompt, seen, StringComparison.Ordinal) is var at and >= 0)
                {
                    seen = at + answers[next].Prompt.Length;
                    await Task.Delay(200, timeout.Token); // the prompt is written before the terminal is switched to reading keys
                    await process.StandardInput.WriteAsync(answers[next].Answer + "\r");
                    await process.StandardInput.FlushAsync(timeout.Token);
                    next++;
                }
            }
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"recrypt {string.Join(' ', arguments)} did not finish on its terminal: {screen}");
        }
        return new CliResult(process.ExitCode, screen.ToString(), await process.StandardError.ReadToEndAsync(), 0, clock.Elapsed);
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Polls the peak memory of a process started with <see cref="Start"/> until it exits.</summary>
    public static Task<long> PeakMemoryAsync(Process process) => Task.Run(() => PollPeakMemoryAsync(process));

    private ProcessStartInfo StartInfo(string[] arguments, string? workingDirectory)
    {
        var assembly = ProcessPaths.CliAssembly;
        Assert.True(File.Exists(assembly), $"{assembly} does not exist: build the solution first.");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Home,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["RECRYPT_HOME"] = Home;
        start.Environment.Remove("RECRYPT_PASSPHRASE");
        start.Environment.Remove("RECRYPT_SERVER");
        start.Environment.Remove("RECRYPT_TIMEOUT");
        start.Environment.Remove("RECRYPT_TEST_PAUSE_AT");
        if (server is not null)
        {
            start.Environment["RECRYPT_SERVER"] = server.AbsoluteUri;
        }
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
        return start;
    }

    /// <summary>
    /// The process's peak resident set size: VmHWM from /proc/&lt;pid&gt;/status, which the kernel keeps as a
    /// high-water mark, read every few milliseconds until the process is gone.
    /// </summary>
    private static async Task<long> PollPeakMemoryAsync(Process process)
    {
        var status = $"/proc/{process.Id}/status";
        long peak = 0;
        while (!process.HasExited)
        {
            try
            {
                foreach (var line in await File.ReadAllLinesAsync(status))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                        peak = Math.Max(peak, kilobytes * 1024);
                    }
                }
            }
            catch (IOException)
            {
                break; // gone
            }
            catch (UnauthorizedAccessException)
            {
                break;
            }
            await Task.Delay(5);
        }
        return peak;
    }
}
