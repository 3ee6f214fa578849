namespace Recrypt.Cli.Tests;

/// <summary>
/// The passphrase asked on a terminal (a pseudo-terminal, as a person at a keyboard): it names the identity it
/// opens, echoes nothing (not a mask character per key, which tells the length), and a mistyped one gets
/// another try.
/// </summary>
public sealed class PassphrasePromptTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ThePromptNamesTheIdentity_EchoesNothing_AndAMistypeGetsAnotherTry()
    {
        var (carol, id) = await SealedIdentityAsync("carol");
        var prompt = $"Passphrase for \"carol\" ({id}):";

        var result = await carol.RunOnTerminalAsync(
            ["identity", "export", _directory.File("backup.json")], (prompt, "mistyped"), (prompt, Passphrase));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("try again", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exported identity \"carol\"", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(result.Stdout, prompt));
        Assert.DoesNotContain("*", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("mistyped", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("horse", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreeWrongPassphrases_LeaveItLocked()
    {
        var (carol, id) = await SealedIdentityAsync("carol");
        var prompt = $"Passphrase for \"carol\" ({id}):";

        var result = await carol.RunOnTerminalAsync(
            ["identity", "export", _directory.File("backup.json")], (prompt, "one"), (prompt, "two"), (prompt, "three"));

        Assert.True(result.ExitCode == ExitCodes.Locked, result.ToString());
        Assert.Equal(3, CountOf(result.Stdout, prompt));
        Assert.False(File.Exists(_directory.File("backup.json")));
    }

    [Fact]
    public async Task ANewPassphrase_IsAskedTwice_ForTheNamedIdentity_AndAMismatchGetsAnotherTry()
    {
        var dave = new CliProcess(Directory.CreateDirectory(_directory.File("dave")).FullName);

        var result = await dave.RunOnTerminalAsync(
            ["identity", "new", "dave", "--ask-passphrase"],
            ("New passphrase for \"dave\":", Passphrase), ("The same passphrase again:", "something else"),
            ("New passphrase for \"dave\":", Passphrase), ("The same passphrase again:", Passphrase));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("the passphrases differ; try again", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("*", result.Stdout, StringComparison.Ordinal);
        var check = await dave.RunAsync(["identity", "export", _directory.File("dave.json"), "--passphrase-stdin"], stdin: Passphrase);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    private async Task<(CliProcess Person, string Id)> SealedIdentityAsync(string name)
    {
        var person = new CliProcess(Directory.CreateDirectory(_directory.File(name)).FullName);
        var created = await person.RunAsync(["identity", "new", name, "--passphrase-stdin", "--json"], stdin: Passphrase);
        Assert.True(created.ExitCode == 0, created.ToString());
        return (person, created.Json.GetProperty("id").GetString()!);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
