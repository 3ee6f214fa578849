using System.Text.Json;
using Recrypt.Cli.Files;
using Recrypt.Cli.Output;

namespace Recrypt.Cli.Tests;

/// <summary>
/// Text the CLI did not write itself (display names from the service, the URL in a file's header) is printed
/// with its control characters escaped, so it cannot rewrite the terminal or hide a warning.
/// </summary>
public sealed class UntrustedTextTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private const string HostileName = "\u001b[2J\u001b[31mbob\u009b1A\u202egnp\r.exe";

    [Theory]
    [InlineData("plain name", "plain name")]
    [InlineData("zoë 李", "zoë 李")]
    [InlineData("\u001b[31mred", @"\x1B[31mred")]
    [InlineData("a\nforged line", @"a\x0Aforged line")]
    [InlineData("csi\u009b2J", @"csi\x9B2J")]
    [InlineData("bidi\u202eexe.txt", @"bidi\u202Eexe.txt")]
    [InlineData("del\u007f", @"del\x7F")]
    [InlineData("emoji \U0001F600", "emoji \U0001F600")]
    public void SafeTextEscapesWhatActsOnATerminalAndNothingElse(string text, string shown) =>
        Assert.Equal(shown, SafeText.Escape(text));

    [Fact]
    public async Task ADisplayNameWithEscapeSequencesIsPrintedEscaped()
    {
        var bob = fixture.Person("bob");
        await ServiceFixture.Expect(0, bob.RunAsync("identity", "new", HostileName));
        var registered = await ServiceFixture.Expect(0, bob.RunAsync("identity", "register"));
        AssertNoControlCharacters(registered.Stdout);
        var bobId = (await ServiceFixture.Expect(0, bob.RunAsync("identity", "show", "--json"))).Json.GetProperty("id").GetString()!;
        var shown = await ServiceFixture.Expect(0, bob.RunAsync("identity", "show"));
        AssertNoControlCharacters(shown.Stdout);

        // Alice sees the name the service holds for Bob.
        var granted = await ServiceFixture.Expect(0, fixture.Alice.RunAsync("grant", bobId));
        Assert.Contains(@"\x1B[2J\x1B[31mbob\x9B1A\u202Egnp\x0D.exe", granted.Stdout, StringComparison.Ordinal);
        AssertNoControlCharacters(granted.Stdout);

        var json = await ServiceFixture.Expect(0, fixture.Alice.RunAsync("grant", bobId, "--json"));
        AssertNoControlCharacters(json.Stdout);
        Assert.Equal(HostileName, JsonDocument.Parse(json.Stdout).RootElement.GetProperty("granteeName").GetString());
    }

    [Fact]
    public async Task AHeaderUrlWithEscapeSequencesIsPrintedEscaped()
    {
        var folder = fixture.NewFolder();
        var plaintext = Path.Combine(folder, "plain");
        await File.WriteAllTextAsync(plaintext, "hello");
        var encrypted = Path.Combine(folder, "planted.rcrypt");
        using (var recrypt = new TransformEncryption())
        using (var documentPlaintext = recrypt.GeneratePlaintext())
        using (var key = recrypt.DeriveSymmetricKey(documentPlaintext))
        {
            await FileCrypto.EncryptFileAsync(
                plaintext, encrypted, overwrite: false, 1024, "http://evil.test/\u001b[1A\u001b[2K\u001b[32mall good", "0123456789abcdef0123456789abcdef",
                fixture.AliceId, key);
        }

        var result = await fixture.Alice.RunAsync("decrypt", encrypted, "-o", Path.Combine(folder, "out"));
        Assert.Contains(@"The file names the service http://evil.test/\x1B[1A\x1B[2K\x1B[32mall good", result.Stderr, StringComparison.Ordinal);
        AssertNoControlCharacters(result.Stderr);
        AssertNoControlCharacters(result.Stdout);
    }

    /// <summary>No character that could act on a terminal, line breaks aside.</summary>
    internal static void AssertNoControlCharacters(string output)
    {
        foreach (var c in output)
        {
            Assert.False(
                (c < ' ' && c != '\n') || c is >= '\u007f' and <= '\u009f' or >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069',
                $"Output has U+{(int)c:X4}: {output}");
        }
    }
}
