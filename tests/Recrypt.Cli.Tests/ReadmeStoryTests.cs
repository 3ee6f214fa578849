using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Recrypt.Testing;
using Xunit.Abstractions;

namespace Recrypt.Cli.Tests;

/// <summary>
/// The README's terminal story, as written: the <c>$ </c> lines of its second console block (the story
/// after the service is up) run in bash, twice in a row, against one fresh service, with <c>recrypt</c> on
/// the PATH as the built CLI. Each run must end as the README says: Bob's copy identical, Charlie refused,
/// Bob refused after the revoke. Output lines the README leaves out are allowed.
/// </summary>
public sealed partial class ReadmeStoryTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(4);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TheReadmeStoryRunsTwiceInARowAgainstAFreshService()
    {
        var commands = StoryCommands(await File.ReadAllTextAsync(ReadmePath()));
        Assert.Contains(commands, command => command.Contains("recrypt grant", StringComparison.Ordinal));

        await using var service = await ServiceProcess.StartAsync(_directory.File("service.db"), ServiceProcess.FreePort());
        var bin = Directory.CreateDirectory(_directory.File("bin")).FullName;
        var shim = Path.Combine(bin, "recrypt");
        await File.WriteAllTextAsync(shim, $"#!/bin/sh\nexec dotnet '{ProcessPaths.CliAssembly}' \"$@\"\n");
        Assert.False(OperatingSystem.IsWindows(), "The README's story is a bash session.");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var script = "exec 2>&1\n" + string.Join('\n', commands) + "\n";

        for (var run = 1; run <= 2; run++)
        {
            var transcript = await RunBashAsync(script, bin, service.BaseAddress);
            output.WriteLine($"--- run {run} ---\n{transcript}");

            // A run starts afresh: three new identities, not "already exists" from the run before.
            Assert.Equal(3, CreatedIdentity().Count(transcript));
            Assert.Contains("Bob's copy is identical", transcript, StringComparison.Ordinal);
            var refusals = RefusalLine().Matches(transcript).Select(match => match.Groups["who"].Value).ToList();
            Assert.Equal(["charlie", "bob"], refusals);
            Assert.Equal(2, ExitCodeThree().Count(transcript));
            Assert.Contains("Revoked", transcript, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The README's group story, as written: the <c>$ </c> lines of the console block under "Groups, from the
    /// terminal", run once in bash against a fresh service. Bob (a member) and Eve (who joined later, her two
    /// files fetched in one batch) read Dana's notes; Charlie (no member), Bob adding someone (no admin) and
    /// Bob after his removal are refused.
    /// </summary>
    [Fact]
    public async Task TheReadmeGroupStoryRunsAsShown()
    {
        var commands = StoryCommands(await File.ReadAllTextAsync(ReadmePath()), "Groups, from the terminal");
        Assert.Contains(commands, command => command.Contains("recrypt group create", StringComparison.Ordinal));

        await using var service = await ServiceProcess.StartAsync(_directory.File("service.db"), ServiceProcess.FreePort());
        var bin = Directory.CreateDirectory(_directory.File("bin")).FullName;
        var shim = Path.Combine(bin, "recrypt");
        await File.WriteAllTextAsync(shim, $"#!/bin/sh\nexec dotnet '{ProcessPaths.CliAssembly}' \"$@\"\n");
        Assert.False(OperatingSystem.IsWindows(), "The README's story is a bash session.");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var transcript = await RunBashAsync("exec 2>&1\n" + string.Join('\n', commands) + "\n", bin, service.BaseAddress);
        output.WriteLine(transcript);

        Assert.Equal(2, Regex.Count(transcript, "^Dana's notes for the care team$", RegexOptions.Multiline)); // Bob's copy, then Eve's
        Assert.Contains("\nDana's plan\n", transcript, StringComparison.Ordinal); // Eve's, fetched in the same batch
        Assert.Equal(3, ExitCodeThree().Count(transcript));
        Assert.Equal(["charlie", "bob"], RefusalLine().Matches(transcript).Select(match => match.Groups["who"].Value));
        Assert.Contains("Only the group's admins may change it", transcript, StringComparison.Ordinal);
    }

    /// <summary>The <c>$ </c> lines of the console block under the README's paragraph that starts with <paramref name="paragraph"/>.</summary>
    public static List<string> StoryCommands(string readme, string paragraph = "Then the story itself")
    {
        var start = readme.IndexOf(paragraph, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no \"{paragraph}\" paragraph.");
        var open = readme.IndexOf("```console\n", start, StringComparison.Ordinal);
        var close = readme.IndexOf("\n```", open + 1, StringComparison.Ordinal);
        Assert.True(open >= 0 && close > open, "README.md's story has no console block.");
        return [.. readme[(open + "```console\n".Length)..close]
            .Split('\n')
            .Where(line => line.StartsWith("$ ", StringComparison.Ordinal))
            .Select(line => line[2..])];
    }

    private static async Task<string> RunBashAsync(string script, string bin, Uri server)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-s");
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["RECRYPT_SERVER"] = server.AbsoluteUri.TrimEnd('/');
        start.Environment.Remove("RECRYPT_HOME");
        start.Environment.Remove("RECRYPT_PASSPHRASE");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(s_runTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The README story did not finish within {s_runTimeout}:\n{await stdout}");
        }
        var transcript = new StringBuilder(await stdout).Append(await stderr).ToString();
        Assert.True(process.ExitCode == 0, $"bash exited with {process.ExitCode}:\n{transcript}");
        return transcript;
    }

    private static string ReadmePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var readme = Path.Combine(directory.FullName, "README.md");
            if (File.Exists(readme) && File.Exists(Path.Combine(directory.FullName, "Recrypt.sln")))
            {
                return readme;
            }
        }
        throw new FileNotFoundException("README.md (next to Recrypt.sln) was not found above the test output.");
    }

    [GeneratedRegex("""^recrypt: error: Access refused: "(?<who>\w+)" """, RegexOptions.Multiline)]
    private static partial Regex RefusalLine();

    [GeneratedRegex("^Created identity ", RegexOptions.Multiline)]
    private static partial Regex CreatedIdentity();

    [GeneratedRegex("^exit code 3$", RegexOptions.Multiline)]
    private static partial Regex ExitCodeThree();
}
