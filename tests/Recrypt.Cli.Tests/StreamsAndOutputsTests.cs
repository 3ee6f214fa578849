using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Recrypt.Cli.Files;

namespace Recrypt.Cli.Tests;

/// <summary>
/// <c>-</c> as standard input and output, streaming through pipes between processes with bounded memory;
/// and <c>-o</c> that writes through FIFOs, descriptors and symbolic links and never replaces what is not a
/// regular file.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // FIFOs, /proc, Unix file modes
public sealed class StreamsAndOutputsTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private const string Plaintext = "the quarterly report, in plain text\n";

    [Fact]
    public async Task EncryptAndDecryptStreamFromStdinToStdoutThroughAPipeline()
    {
        var small = await PipelineAsync(1_000_000);
        var large = await PipelineAsync(64_000_000);

        // Memory does not grow with the stream.
        foreach (var (name, smallPeak, largePeak) in new[] { ("encrypt", small.EncryptPeak, large.EncryptPeak), ("decrypt", small.DecryptPeak, large.DecryptPeak) })
        {
            Assert.True(smallPeak > 0 && largePeak > 0, $"No peak memory was sampled for {name}.");
            Assert.True(
                largePeak <= (1.5 * smallPeak) + (20 << 20),
                string.Create(CultureInfo.InvariantCulture, $"{name} of a 64 MB stream peaked at {largePeak >> 20} MiB, 1 MB at {smallPeak >> 20} MiB."));
        }
    }

    [Fact]
    public async Task StdinCannotCarryBothTheDataAndThePassphrase()
    {
        var result = await fixture.Alice.RunAsync(["encrypt", "-", "--passphrase-stdin"], stdin: "x");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(GlobalOptions.PassphraseVariable, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileEncryptedToStdoutDecryptsFromAFile()
    {
        var folder = fixture.NewFolder();
        var input = Path.Combine(folder, "notes.txt");
        await File.WriteAllTextAsync(input, Plaintext);
        var encrypted = await ServiceFixture.Expect(0, fixture.Alice.RunAsync("encrypt", input, "-o", "-"));
        Assert.StartsWith("RCRYPT", encrypted.Stdout, StringComparison.Ordinal);
        Assert.Contains("to standard output", encrypted.Stderr, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Names(folder)); // no file named "-"
    }

    [Fact]
    public async Task AStreamCutShortReleasesOnlyAuthenticatedChunksAndSaysToDiscardThem()
    {
        var folder = fixture.NewFolder();
        var input = Path.Combine(folder, "letters.txt");
        await File.WriteAllTextAsync(input, new string('a', 200_000));
        await ServiceFixture.Expect(0, fixture.Alice.RunAsync("encrypt", input, "--chunk-size", "64k"));
        var encrypted = await File.ReadAllBytesAsync(input + ".rcrypt");

        using var decrypt = fixture.Alice.Start("decrypt", "-", "-o", "-");
        var stdout = decrypt.StandardOutput.ReadToEndAsync();
        var stderr = decrypt.StandardError.ReadToEndAsync();
        await decrypt.StandardInput.BaseStream.WriteAsync(encrypted.AsMemory(0, encrypted.Length - 100));
        decrypt.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await decrypt.WaitForExitAsync(timeout.Token);

        Assert.True(decrypt.ExitCode == ExitCodes.Integrity, $"exit {decrypt.ExitCode}: {await stderr}");
        Assert.Contains("discard what it got", await stderr, StringComparison.Ordinal);
        Assert.Equal(new string('a', 3 * 65536), await stdout); // the three chunks before the cut, each authenticated
    }

    [Fact]
    public async Task DevStdoutIsWrittenToNotReplaced()
    {
        var encrypted = await EncryptedFileAsync();
        var result = await ServiceFixture.Expect(0, fixture.Alice.RunAsync("decrypt", encrypted, "-o", "/dev/stdout"));
        Assert.Equal(Plaintext, result.Stdout);
        Assert.Contains("every chunk authenticated", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStdoutLikeSymlinkIsWrittenThroughWithForceAndKeptAsALink()
    {
        var encrypted = await EncryptedFileAsync();
        var link = Path.Combine(Path.GetDirectoryName(encrypted)!, "to-stdout");
        File.CreateSymbolicLink(link, "/proc/self/fd/1");

        var result = await ServiceFixture.Expect(0, fixture.Alice.RunAsync("decrypt", encrypted, "-o", link, "--force"));
        Assert.Equal(Plaintext, result.Stdout);
        Assert.Equal("/proc/self/fd/1", new FileInfo(link).LinkTarget);
    }

    [Fact]
    public async Task AFifoIsWrittenThroughEvenWithForceAndStaysAFifo()
    {
        var encrypted = await EncryptedFileAsync();
        var fifo = Path.Combine(Path.GetDirectoryName(encrypted)!, "fifo");
        await RunToolAsync("mkfifo", fifo);
        Assert.Equal(PathKind.Special, PathKinds.Of(fifo));

        // The reader opens the FIFO as the writer does; it reads until the writer closes it.
        var reader = Task.Run(() => File.ReadAllText(fifo));
        var result = await ServiceFixture.Expect(0, fixture.Alice.RunAsync("decrypt", encrypted, "-o", fifo, "--force"));
        Assert.Equal(Plaintext, await reader.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(PathKind.Special, PathKinds.Of(fifo));
        Assert.Null(new FileInfo(fifo).LinkTarget);
        Assert.Contains("fifo", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASymlinkToAFileNeedsForceThenTheFileIsReplacedAndTheLinkKept()
    {
        var encrypted = await EncryptedFileAsync();
        var folder = Path.GetDirectoryName(encrypted)!;
        var target = Path.Combine(folder, "target.txt");
        var link = Path.Combine(folder, "link");
        await File.WriteAllTextAsync(target, "old content");
        File.CreateSymbolicLink(link, "target.txt");

        var refused = await ServiceFixture.Expect(ExitCodes.Conflict, fixture.Alice.RunAsync("decrypt", encrypted, "-o", link));
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("old content", await File.ReadAllTextAsync(target));

        await ServiceFixture.Expect(0, fixture.Alice.RunAsync("decrypt", encrypted, "-o", link, "--force"));
        Assert.Equal("target.txt", new FileInfo(link).LinkTarget);
        Assert.Equal(Plaintext, await File.ReadAllTextAsync(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(["link", "notes.txt", "notes.txt.rcrypt", "target.txt"], Names(folder));
    }

    [Fact]
    public async Task ADanglingSymlinkIsNotFollowedToCreateAFile()
    {
        var encrypted = await EncryptedFileAsync();
        var folder = Path.GetDirectoryName(encrypted)!;
        var link = Path.Combine(folder, "dangling");
        File.CreateSymbolicLink(link, "planted.txt");

        var result = await ServiceFixture.Expect(ExitCodes.Conflict, fixture.Alice.RunAsync("decrypt", encrypted, "-o", link, "--force"));
        Assert.Contains("symbolic link", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "planted.txt")));
        Assert.Equal("planted.txt", new FileInfo(link).LinkTarget);
    }

    [Fact]
    public async Task ADirectoryIsNotAnOutput()
    {
        var encrypted = await EncryptedFileAsync();
        var result = await ServiceFixture.Expect(ExitCodes.Usage, fixture.Alice.RunAsync("decrypt", encrypted, "-o", Path.GetDirectoryName(encrypted)!, "--force"));
        Assert.Contains("is a directory", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> EncryptedFileAsync()
    {
        var folder = fixture.NewFolder();
        var input = Path.Combine(folder, "notes.txt");
        await File.WriteAllTextAsync(input, Plaintext);
        await ServiceFixture.Expect(0, fixture.Alice.RunAsync("encrypt", input));
        return input + ".rcrypt";
    }

    private static string[] Names(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder).Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal)];

    private static async Task RunToolAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(tool, arguments);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    private sealed record PipelineResult(long EncryptPeak, long DecryptPeak);

    /// <summary>
    /// <c>random bytes | recrypt encrypt - | recrypt decrypt - | sha256</c>, each stage a separate process joined by
    /// pipes, as a shell would run it.
    /// </summary>
    private async Task<PipelineResult> PipelineAsync(long length)
    {
        using var encrypt = fixture.Alice.Start("encrypt", "-");
        using var decrypt = fixture.Alice.Start("decrypt", "-");
        var encryptPeak = CliProcess.PeakMemoryAsync(encrypt);
        var decryptPeak = CliProcess.PeakMemoryAsync(decrypt);
        var encryptErrors = encrypt.StandardError.ReadToEndAsync();
        var decryptErrors = decrypt.StandardError.ReadToEndAsync();

        var feed = Task.Run(async () =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var random = new Random(unchecked((int)length));
            var buffer = new byte[1 << 16];
            var stdin = encrypt.StandardInput.BaseStream;
            for (long written = 0; written < length;)
            {
                var count = (int)Math.Min(buffer.Length, length - written);
                random.NextBytes(buffer.AsSpan(0, count));
                hash.AppendData(buffer, 0, count);
                await stdin.WriteAsync(buffer.AsMemory(0, count));
                written += count;
            }
            stdin.Close();
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        });
        var carry = Task.Run(async () =>
        {
            var first = new byte[6];
            var source = encrypt.StandardOutput.BaseStream;
            var sink = decrypt.StandardInput.BaseStream;
            await source.ReadExactlyAsync(first);
            await sink.WriteAsync(first);
            await source.CopyToAsync(sink);
            sink.Close();
            return Encoding.ASCII.GetString(first);
        });
        var drain = Task.Run(async () => Convert.ToHexStringLower(await SHA256.HashDataAsync(decrypt.StandardOutput.BaseStream)));

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await encrypt.WaitForExitAsync(timeout.Token);
        await decrypt.WaitForExitAsync(timeout.Token);
        Assert.True(encrypt.ExitCode == 0, $"encrypt exited {encrypt.ExitCode}: {await encryptErrors}");
        Assert.True(decrypt.ExitCode == 0, $"decrypt exited {decrypt.ExitCode}: {await decryptErrors}");
        Assert.Equal("RCRYPT", await carry);
        Assert.Equal(await feed, await drain);
        Assert.Contains("Encrypted standard input", await encryptErrors, StringComparison.Ordinal);
        Assert.Contains("Decrypted standard input to standard output", await decryptErrors, StringComparison.Ordinal);
        return new PipelineResult(await encryptPeak, await decryptPeak);
    }
}
