using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Recrypt.Cli.Tests;

/// <summary>
/// Ctrl+C (SIGINT) at each point of <c>encrypt</c> and <c>decrypt</c>, the final flush included, reached
/// deterministically through the CLI's test pause points (<c>RECRYPT_TEST_PAUSE_AT</c>): exit code 130, no
/// output and no temporary file left behind, and no document key left at the service.
/// </summary>
public sealed partial class InterruptionTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("after-upload")]
    [InlineData("after-first-chunk")]
    [InlineData("final-flush")]
    public async Task CtrlCDuringEncryptLeavesNoFileAndNoDocumentKey(string point)
    {
        var folder = fixture.NewFolder();
        var input = Path.Combine(folder, "report.bin");
        await File.WriteAllBytesAsync(input, new byte[300_000]);

        var (exitCode, stderr) = await InterruptAtAsync(point, "encrypt", input, "--chunk-size", "64k");

        Assert.True(exitCode == ExitCodes.Interrupted, $"exit {exitCode}: {stderr}");
        Assert.Contains("Interrupted", stderr, StringComparison.Ordinal);
        Assert.Equal(["report.bin"], Directory.GetFiles(folder).Select(Path.GetFileName));
        var documentId = DocumentKey().Match(stderr).Groups["id"].Value;
        Assert.Matches("^[0-9a-f]{32}$", documentId);
        Assert.False(await fixture.AliceHasDocumentKeyAsync(documentId), $"Document key {documentId} is still at the service.");
    }

    [Fact]
    public async Task CtrlCDuringDecryptsFinalFlushLeavesNoFile()
    {
        var folder = fixture.NewFolder();
        var input = Path.Combine(folder, "report.bin");
        await File.WriteAllBytesAsync(input, new byte[300_000]);
        await ServiceFixture.Expect(0, fixture.Alice.RunAsync("encrypt", input));
        File.Delete(input);

        var (exitCode, stderr) = await InterruptAtAsync("final-flush", "decrypt", input + ".rcrypt");

        Assert.True(exitCode == ExitCodes.Interrupted, $"exit {exitCode}: {stderr}");
        Assert.Equal(["report.bin.rcrypt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    /// <summary>
    /// Runs Alice's <c>recrypt</c> paused at <paramref name="point"/>, sends SIGINT once it is there, and
    /// returns its exit code and everything it wrote to stderr.
    /// </summary>
    private async Task<(int ExitCode, string Stderr)> InterruptAtAsync(string point, params string[] arguments)
    {
        fixture.Alice.Environment["RECRYPT_TEST_PAUSE_AT"] = point;
        Process process;
        try
        {
            process = fixture.Alice.Start(arguments);
        }
        finally
        {
            fixture.Alice.Environment.Remove("RECRYPT_TEST_PAUSE_AT");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = new System.Text.StringBuilder();
            using var timeout = new CancellationTokenSource(s_timeout);
            try
            {
                // Wait for the pause line; the process may also end without reaching the point (a failure).
                while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
                {
                    stderr.AppendLine(line);
                    if (line.StartsWith($"recrypt: test: paused at {point}", StringComparison.Ordinal))
                    {
                        await SignalAsync(process.Id, "INT");
                        break;
                    }
                }
                stderr.Append(await process.StandardError.ReadToEndAsync(timeout.Token));
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"recrypt {string.Join(' ', arguments)} did not finish: {stderr}");
            }
            await stdout;
            return (process.ExitCode, stderr.ToString());
        }
    }

    private static async Task SignalAsync(int processId, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    [GeneratedRegex(@"recrypt: test: document key (?<id>[0-9a-f]{32})")]
    private static partial Regex DocumentKey();
}
