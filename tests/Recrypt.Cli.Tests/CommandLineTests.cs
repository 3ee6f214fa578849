using System.Text.Json;
using Recrypt.Testing;

namespace Recrypt.Cli.Tests;

/// <summary>The CLI as a process without a service: help, usage errors, exit codes, --json errors.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private CliProcess Person(string name) => new(Directory.CreateDirectory(_directory.File(name)).FullName);

    [Fact]
    public async Task HelpListsTheCommandsTheEnvironmentAndEveryExitCode()
    {
        var result = await Person("p").RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("recrypt [command] [options]", result.Stdout, StringComparison.Ordinal);
        foreach (var command in new[] { "identity", "grant <grantee-id>", "revoke <grantee-id>", "grants", "encrypt <file>", "decrypt <file>" })
        {
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
        }
        foreach (var variable in new[] { "RECRYPT_HOME", "RECRYPT_SERVER", "RECRYPT_PASSPHRASE", "RECRYPT_TIMEOUT" })
        {
            Assert.Contains(variable, result.Stdout, StringComparison.Ordinal);
        }
        Assert.Contains("Exit codes:", result.Stdout, StringComparison.Ordinal);
        foreach (var (code, kind, _) in ExitCodes.All)
        {
            Assert.Matches($@"(?m)^\s+{code}\s+{kind}\s", result.Stdout);
        }
    }

    [Fact]
    public async Task SubcommandHelpListsTheExitCodesToo()
    {
        var result = await Person("p").RunAsync("decrypt", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("recrypt decrypt <file>... [options]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptHelp_SaysWhichServiceIsAsked_InTheOrderItIsAsked()
    {
        var help = string.Join(' ', (await Person("p").RunAsync("decrypt", "--help")).Stdout.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("from the service named in its header", help, StringComparison.Ordinal);
        Assert.Contains(
            "from the service given by --server, RECRYPT_SERVER or your key store, in that order, and from the service the file's header names only when none of these is set",
            help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCommandIsAUsageError()
    {
        var result = await Person("p").RunAsync("frobnicate");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task ShowWithoutAnIdentityIsNotFound()
    {
        var result = await Person("p").RunAsync("identity", "show");
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("recrypt identity new", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewIdentityIsShownAndNotReplacedByAccident()
    {
        var alice = Person("alice");
        var created = await alice.RunAsync("identity", "new", "alice", "--json");
        Assert.Equal(0, created.ExitCode);
        var id = created.Json.GetProperty("id").GetString();
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.False(created.Json.GetProperty("passphraseProtected").GetBoolean());

        var shown = await alice.RunAsync("identity", "show", "--json");
        Assert.Equal(0, shown.ExitCode);
        Assert.Equal(id, shown.Json.GetProperty("id").GetString());
        Assert.Equal("alice", shown.Json.GetProperty("name").GetString());
        Assert.Equal(64, Convert.FromBase64String(shown.Json.GetProperty("publicKey").GetString()!).Length);
        Assert.Equal(32, Convert.FromBase64String(shown.Json.GetProperty("signingPublicKey").GetString()!).Length);
        Assert.Equal(
            ["id", "name", "curve", "publicKey", "signingPublicKey", "fingerprint", "keyVersion", "rotating"], shown.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(string.Join(' ', Enumerable.Range(0, 8).Select(group => id![(group * 4)..((group * 4) + 4)])), shown.Json.GetProperty("fingerprint").GetString());
        Assert.Equal(1, shown.Json.GetProperty("keyVersion").GetInt32());

        var again = await alice.RunAsync("identity", "new", "mallory");
        Assert.Equal(ExitCodes.Conflict, again.ExitCode);
        Assert.Contains("--force", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(id, (await alice.RunAsync("identity", "show", "--json")).Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task HomeCanBeGivenAsAnOption()
    {
        var elsewhere = _directory.File("elsewhere");
        var created = await Person("p").RunAsync("identity", "new", "zed", "--home", elsewhere);
        Assert.Equal(0, created.ExitCode);
        Assert.True(File.Exists(Path.Combine(elsewhere, "identity.json")));
    }

    [Fact]
    public async Task APassphraseFromTheEnvironmentSealsTheKeyStore()
    {
        var bob = Person("bob");
        bob.Environment["RECRYPT_PASSPHRASE"] = "from the environment";
        var created = await bob.RunAsync("identity", "new", "bob", "--json");
        Assert.Equal(0, created.ExitCode);
        Assert.True(created.Json.GetProperty("passphraseProtected").GetBoolean());
    }

    [Fact]
    public async Task AMissingOrWrongPassphraseIsLocked()
    {
        var bob = Person("bob");
        Assert.Equal(0, (await bob.RunAsync(["identity", "new", "bob", "--passphrase-stdin"], stdin: "right")).ExitCode);

        var missing = await bob.RunAsync("grants", "--server", "http://127.0.0.1:9/");
        Assert.Equal(ExitCodes.Locked, missing.ExitCode);
        Assert.Contains("passphrase", missing.Stderr, StringComparison.Ordinal);

        var wrong = await bob.RunAsync(["grants", "--server", "http://127.0.0.1:9/", "--passphrase-stdin"], stdin: "wrong");
        Assert.Equal(ExitCodes.Locked, wrong.ExitCode);
        Assert.Contains("does not open", wrong.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoServiceUrlIsAUsageError()
    {
        var alice = Person("alice");
        await alice.RunAsync("identity", "new", "alice");
        var result = await alice.RunAsync("grants");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("RECRYPT_SERVER", result.Stderr, StringComparison.Ordinal);

        var bad = await alice.RunAsync("grants", "--server", "ftp://example.test/");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
    }

    [Fact]
    public async Task AnUnreachableServiceIsReportedAsSuch()
    {
        var alice = new CliProcess(Directory.CreateDirectory(_directory.File("alice")).FullName, new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}/"));
        await alice.RunAsync("identity", "new", "alice");
        var result = await alice.RunAsync("identity", "register");
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("Cannot connect to", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("check that the service is running", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGranteeIdMustBeAnIdentityId()
    {
        var alice = Person("alice");
        await alice.RunAsync("identity", "new", "alice");
        var result = await alice.RunAsync("grant", "bob");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("32 hex digits", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingInputFileIsNotFound()
    {
        var alice = Person("alice");
        var result = await alice.RunAsync("encrypt", _directory.File("nothing-here"));
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        result = await alice.RunAsync("decrypt", _directory.File("nothing-here.rcrypt"));
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }

    [Fact]
    public async Task AFileThatIsNotRecryptIsAnIntegrityFailure()
    {
        var path = _directory.File("notes.txt");
        await File.WriteAllTextAsync(path, "not encrypted");
        var result = await Person("alice").RunAsync("decrypt", path);
        Assert.Equal(ExitCodes.Integrity, result.ExitCode);
        Assert.Contains("not a Recrypt encrypted document", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".decrypted"));
    }

    [Fact]
    public async Task AnExistingOutputIsAConflict()
    {
        var path = _directory.File("notes.txt");
        await File.WriteAllTextAsync(path, "hello");
        await File.WriteAllTextAsync(path + ".rcrypt", "already here");
        var result = await Person("alice").RunAsync("encrypt", path);
        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Equal("already here", await File.ReadAllTextAsync(path + ".rcrypt"));
    }

    [Fact]
    public async Task JsonErrorsAreJsonOnStderr()
    {
        var result = await Person("p").RunAsync("identity", "show", "--json");
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var error = JsonDocument.Parse(result.Stderr).RootElement.GetProperty("error");
        Assert.Equal(ExitCodes.NotFound, error.GetProperty("code").GetInt32());
        Assert.Equal("not-found", error.GetProperty("kind").GetString());
        Assert.Contains("no identity", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadChunkSizeIsAUsageError()
    {
        var path = _directory.File("notes.txt");
        await File.WriteAllTextAsync(path, "hello");
        var result = await Person("alice").RunAsync("encrypt", path, "--chunk-size", "12");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--chunk-size", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUsageErrorIsTheReasonAndOneLinePointingToHelp()
    {
        var result = await Person("p").RunAsync("identity", "new");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("recrypt: error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("Required argument missing", lines[0], StringComparison.Ordinal);
        Assert.Equal("Run 'recrypt identity new --help' for usage.", lines[1]);

        var unknown = await Person("q").RunAsync("encrypt", "a", "b", "--frobnicate");
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Equal(2, unknown.Stderr.TrimEnd('\n').Split('\n').Length);
        Assert.EndsWith("Run 'recrypt encrypt --help' for usage.", unknown.Stderr.TrimEnd('\n'), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate", "--json")]
    [InlineData("identity", "new", "--json")]
    [InlineData("encrypt", "x", "--chunk-size", "12", "--json")]
    [InlineData("grants", "--timeout", "0", "--json")]
    public async Task UsageErrorsHonourJson(params string[] arguments)
    {
        var result = await Person("p").RunAsync(arguments);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var error = JsonDocument.Parse(result.Stderr).RootElement.GetProperty("error");
        Assert.Equal(ExitCodes.Usage, error.GetProperty("code").GetInt32());
        Assert.Equal("usage", error.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }
}
