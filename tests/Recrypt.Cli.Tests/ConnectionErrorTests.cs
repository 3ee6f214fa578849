using System.Diagnostics;

namespace Recrypt.Cli.Tests;

/// <summary>
/// What the CLI says when the URL does not lead to a working Recrypt service: a server that never answers
/// (a configurable timeout), one that is something else, TLS failures, a URL with a path, and problem
/// details with control characters.
/// </summary>
public sealed class ConnectionErrorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AServerThatNeverAnswersTimesOutWithAMessage()
    {
        await using var server = FakeServer.Silent();
        var alice = await AliceAsync();

        var clock = Stopwatch.StartNew();
        var result = await alice.RunAsync("identity", "register", "--server", server.Url.AbsoluteUri, "--timeout", "2");
        clock.Stop();
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("did not answer within 2 s", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--timeout", result.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"It took {clock.Elapsed} to give up.");

        alice.Environment["RECRYPT_TIMEOUT"] = "1";
        var fromEnvironment = await alice.RunAsync("grants", "--server", server.Url.AbsoluteUri);
        Assert.Equal(ExitCodes.Unreachable, fromEnvironment.ExitCode);
        Assert.Contains("did not answer within 1 s", fromEnvironment.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatIsNotARecryptServiceIsNamedAsSuch()
    {
        await using var notImplemented = FakeServer.Answering(501, "text/html", "<html><body>Not Implemented</body></html>");
        var alice = await AliceAsync();
        var result = await alice.RunAsync("identity", "register", "--server", notImplemented.Url.AbsoluteUri);
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("is not a Recrypt service", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("501", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--server", result.Stderr, StringComparison.Ordinal);

        await using var webPage = FakeServer.Answering(200, "text/html", "<html><body>Welcome</body></html>");
        var page = await alice.RunAsync("grants", "--server", webPage.Url.AbsoluteUri);
        Assert.Equal(ExitCodes.Unreachable, page.ExitCode);
        Assert.Contains("is not a Recrypt service", page.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsToAServerThatDoesNotSpeakItSaysSo()
    {
        await using var plain = FakeServer.Answering(404, "text/plain", "nothing");
        var alice = await AliceAsync();
        var https = new UriBuilder(plain.Url) { Scheme = "https" }.Uri.AbsoluteUri;
        var result = await alice.RunAsync("identity", "register", "--server", https);
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("secure (TLS) connection", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("use http://", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUntrustedCertificateSaysSo()
    {
        await using var server = FakeServer.Answering(200, "application/json", "{}", tls: true);
        var alice = await AliceAsync();
        var result = await alice.RunAsync("identity", "register", "--server", server.Url.AbsoluteUri);
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("secure (TLS) connection", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("certificate", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("inner exception", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUrlWithAPathIsAUsageErrorThatSaysWhichUrlToUse()
    {
        var alice = await AliceAsync();
        var result = await alice.RunAsync("identity", "register", "--server", "http://127.0.0.1:5080/recrypt/");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("has a path (/recrypt/)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("use http://127.0.0.1:5080/", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProblemDetailsAreShownWithTheirControlCharactersEscaped()
    {
        await using var server = FakeServer.Answering(
            404,
            "application/problem+json",
            """{"type":"urn:recrypt:problem:not-found","title":"Not Found","status":404,"detail":"\u001b[2J\u001b[1;31mgone\u009b0m"}""");
        var alice = await AliceAsync();
        var result = await alice.RunAsync("grants", "--server", server.Url.AbsoluteUri);
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains(@"\x1B[2J\x1B[1;31mgone\x9B0m", result.Stderr, StringComparison.Ordinal);
        UntrustedTextTests.AssertNoControlCharacters(result.Stderr);

        var json = await alice.RunAsync("grants", "--server", server.Url.AbsoluteUri, "--json");
        Assert.Equal(ExitCodes.NotFound, json.ExitCode);
        UntrustedTextTests.AssertNoControlCharacters(json.Stderr);
        Assert.Contains("\u001b[2J", System.Text.Json.JsonDocument.Parse(json.Stderr).RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<CliProcess> AliceAsync()
    {
        var alice = new CliProcess(Directory.CreateDirectory(_directory.File("alice-" + Guid.NewGuid().ToString("N")[..8])).FullName);
        Assert.Equal(0, (await alice.RunAsync("identity", "new", "alice")).ExitCode);
        return alice;
    }
}
