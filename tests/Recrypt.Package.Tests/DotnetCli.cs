using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Recrypt.Package.Tests;

/// <summary>Runs the dotnet CLI as a child process, isolated from the test host's MSBuild environment.</summary>
internal static class DotnetCli
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    /// <summary>The configuration this test assembly was built in (the bindings were built in the same one).</summary>
    public static string Configuration { get; } =
        typeof(DotnetCli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; fails the test with the output when it exits non-zero.</summary>
    public static string Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` hands its MSBuild settings to the test host; a nested build must not inherit them.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`dotnet {string.Join(' ', arguments)}` did not finish within {s_timeout.TotalMinutes} minutes:\n{Text(output)}");
        }
        process.WaitForExit(); // drains the asynchronous readers
        var text = Text(output);
        Assert.True(process.ExitCode == 0, $"`dotnet {string.Join(' ', arguments)}` exited with {process.ExitCode}:\n{text}");
        return text;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
