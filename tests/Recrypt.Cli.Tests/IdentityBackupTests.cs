using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Recrypt.Cli.KeyStore;

namespace Recrypt.Cli.Tests;

/// <summary>
/// <c>identity new --force</c> does not destroy a registered identity without a confirmation, and
/// <c>identity export</c> / <c>import</c> back keys up and move them.
/// </summary>
[UnsupportedOSPlatform("windows")] // Unix file modes
public sealed class IdentityBackupTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private CliProcess Person(string name) => new(Directory.CreateDirectory(_directory.File(name)).FullName);

    [Fact]
    public async Task ForceOverARegisteredIdentityNeedsAConfirmationOrDiscardKeys()
    {
        var alice = Person("alice");
        var id = (await ServiceFixture.Expect(0, alice.RunAsync("identity", "new", "alice", "--json"))).Json.GetProperty("id").GetString();
        // As `identity register` records it (no service needed for this).
        new IdentityKeyStore(alice.Home).SetServer("http://127.0.0.1:9/", () => null);

        var refused = await ServiceFixture.Expect(ExitCodes.Conflict, alice.RunAsync("identity", "new", "mallory", "--force"));
        Assert.Contains("is registered with http://127.0.0.1:9/", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("recrypt identity export", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--discard-keys", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(id, (await alice.RunAsync("identity", "show", "--json")).Json.GetProperty("id").GetString());

        // --discard-keys alone is not --force.
        await ServiceFixture.Expect(ExitCodes.Conflict, alice.RunAsync("identity", "new", "mallory", "--discard-keys"));
        Assert.Equal(id, (await alice.RunAsync("identity", "show", "--json")).Json.GetProperty("id").GetString());

        var replaced = await ServiceFixture.Expect(0, alice.RunAsync("identity", "new", "alice2", "--force", "--discard-keys", "--json"));
        Assert.NotEqual(id, replaced.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ForceOverAnUnregisteredIdentityReplacesIt()
    {
        var alice = Person("alice");
        var id = (await ServiceFixture.Expect(0, alice.RunAsync("identity", "new", "alice", "--json"))).Json.GetProperty("id").GetString();
        var replaced = await ServiceFixture.Expect(0, alice.RunAsync("identity", "new", "alice2", "--force", "--json"));
        Assert.NotEqual(id, replaced.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task AnExportedIdentityImportsOnAnotherMachineWithItsKeys()
    {
        var alice = Person("alice");
        var created = (await ServiceFixture.Expect(0, alice.RunAsync("identity", "new", "alice", "--json"))).Json;
        new IdentityKeyStore(alice.Home).SetServer("http://127.0.0.1:9/", () => null);
        var backup = _directory.File("alice.backup");

        // A backup is always sealed: without a passphrase there is none.
        await ServiceFixture.Expect(ExitCodes.Usage, alice.RunAsync("identity", "export", backup));
        Assert.False(File.Exists(backup));

        await ServiceFixture.Expect(0, alice.RunAsync(["identity", "export", backup, "--passphrase-stdin"], stdin: "backup passphrase"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
        var sealedFile = JsonNode.Parse(await File.ReadAllTextAsync(backup))!;
        Assert.Equal("passphrase", (string?)sealedFile["secrets"]!["protection"]);
        Assert.Null(sealedFile["secrets"]!["privateKey"]);
        await ServiceFixture.Expect(ExitCodes.Conflict, alice.RunAsync(["identity", "export", backup, "--passphrase-stdin"], stdin: "other"));

        var laptop = Person("laptop");
        var wrong = await ServiceFixture.Expect(ExitCodes.Locked, laptop.RunAsync(["identity", "import", backup, "--passphrase-stdin"], stdin: "wrong"));
        Assert.Contains("passphrase", wrong.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(laptop.Home, IdentityKeyStore.FileName)));

        var imported = await ServiceFixture.Expect(0, laptop.RunAsync(["identity", "import", backup, "--passphrase-stdin", "--json"], stdin: "backup passphrase"));
        Assert.Equal(created.GetProperty("id").GetString(), imported.Json.GetProperty("id").GetString());
        Assert.Equal("http://127.0.0.1:9/", imported.Json.GetProperty("server").GetString());

        // The same keys, now sealed with the backup's passphrase.
        var restored = new IdentityKeyStore(laptop.Home);
        using var identity = restored.Unlock(() => "backup passphrase");
        using var original = new IdentityKeyStore(alice.Home).Unlock(() => null);
        Assert.Equal(original.PrivateKey.ToArray(), identity.PrivateKey.ToArray());
        Assert.Equal(original.SigningKeyPair.Export(), identity.SigningKeyPair.Export());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(restored.IdentityPath));

        // Importing over another registered identity asks first, as `identity new --force` does.
        var bob = Person("bob");
        await ServiceFixture.Expect(0, bob.RunAsync("identity", "new", "bob"));
        new IdentityKeyStore(bob.Home).SetServer("http://127.0.0.1:9/", () => null);
        await ServiceFixture.Expect(ExitCodes.Conflict, bob.RunAsync(["identity", "import", backup, "--passphrase-stdin"], stdin: "backup passphrase"));
        await ServiceFixture.Expect(ExitCodes.Conflict, bob.RunAsync(["identity", "import", backup, "--force", "--passphrase-stdin"], stdin: "backup passphrase"));
        await ServiceFixture.Expect(0, bob.RunAsync(["identity", "import", backup, "--force", "--discard-keys", "--passphrase-stdin"], stdin: "backup passphrase"));
    }

    [Theory]
    [InlineData("n", ExitCodes.Conflict, false)]
    [InlineData("y", ExitCodes.Ok, true)]
    public async Task OnATerminalReplacingARegisteredIdentityIsAskedFirst(string answer, int exitCode, bool replaced)
    {
        var alice = Person("alice");
        var id = (await ServiceFixture.Expect(0, alice.RunAsync("identity", "new", "alice", "--json"))).Json.GetProperty("id").GetString();
        new IdentityKeyStore(alice.Home).SetServer("http://127.0.0.1:9/", () => null);

        // script(1) gives the CLI a pseudo-terminal; the answer is typed ahead and read when the question is asked.
        var start = new System.Diagnostics.ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-qec", $"dotnet {ProcessPaths.CliAssembly} identity new mallory --force", "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["RECRYPT_HOME"] = alice.Home;
        start.Environment["TERM"] = "xterm";
        start.Environment.Remove("RECRYPT_PASSPHRASE");
        using var process = System.Diagnostics.Process.Start(start)!;
        var screen = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.WriteAsync(answer + "\r");
        await process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        process.StandardInput.Close();

        Assert.True(process.ExitCode == exitCode, $"exit {process.ExitCode}: {await screen}");
        Assert.Contains("Back it up first with", await screen, StringComparison.Ordinal);
        var now = (await alice.RunAsync("identity", "show", "--json")).Json.GetProperty("id").GetString();
        Assert.Equal(replaced, now != id);
    }
}
