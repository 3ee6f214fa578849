namespace Recrypt.Cli.Tests;

/// <summary>
/// <c>recrypt documents</c> lists the caller's document keys at the service (one per file encrypted), and
/// <c>recrypt documents delete &lt;id&gt;</c> deletes one, after which its file decrypts for no one.
/// </summary>
public sealed class DocumentCommandsTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Documents_ListsTheDocumentKeysOfEveryFileEncrypted_AndOnlyThose()
    {
        var dana = await RegisteredPersonAsync("dana");
        var empty = await ServiceFixture.Expect(0, dana.RunAsync("documents"));
        Assert.Contains("has no document keys", empty.Stdout, StringComparison.Ordinal);

        var folder = fixture.NewFolder();
        var first = await EncryptAsync(dana, folder, "first.txt");
        var second = await EncryptAsync(dana, folder, "second.txt");

        var listed = (await ServiceFixture.Expect(0, dana.RunAsync("documents", "--json"))).Json;
        Assert.Equal(new[] { first, second }.Order(), listed.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order());
        var text = await ServiceFixture.Expect(0, dana.RunAsync("documents"));
        Assert.Contains("has 2 document keys", text.Stdout, StringComparison.Ordinal);
        Assert.Contains(first, text.Stdout, StringComparison.Ordinal);
        Assert.Contains(second, text.Stdout, StringComparison.Ordinal);

        // Alice's document keys are hers: they are not in Dana's list.
        await EncryptAsync(fixture.Alice, folder, "alices.txt");
        Assert.Equal(2, (await ServiceFixture.Expect(0, dana.RunAsync("documents", "--json"))).Json.GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task DocumentsDelete_DeletesTheKey_AfterWhichItsFileDecryptsForNoOne()
    {
        var erin = await RegisteredPersonAsync("erin");
        var folder = fixture.NewFolder();
        var kept = await EncryptAsync(erin, folder, "kept.txt");
        var deleted = await EncryptAsync(erin, folder, "deleted.txt");

        var result = await ServiceFixture.Expect(0, erin.RunAsync("documents", "delete", deleted.ToUpperInvariant()));
        Assert.Contains($"Deleted the document key {deleted}", result.Stdout, StringComparison.Ordinal);

        var listed = (await ServiceFixture.Expect(0, erin.RunAsync("documents", "--json"))).Json.GetProperty("documents");
        Assert.Equal(kept, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        await ServiceFixture.Expect(ExitCodes.NotFound, erin.RunAsync("decrypt", Path.Combine(folder, "deleted.txt.rcrypt"), "-o", Path.Combine(folder, "out")));
        await ServiceFixture.Expect(0, erin.RunAsync("decrypt", Path.Combine(folder, "kept.txt.rcrypt"), "-o", Path.Combine(folder, "kept.out")));

        var again = await ServiceFixture.Expect(ExitCodes.NotFound, erin.RunAsync("documents", "delete", deleted));
        Assert.Contains($"There is no document key {deleted}", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentsDelete_RefusesAnotherOwnersKey_AndAMalformedId()
    {
        var frank = await RegisteredPersonAsync("frank");
        var alices = await EncryptAsync(fixture.Alice, fixture.NewFolder(), "alices.txt");

        var refused = await ServiceFixture.Expect(ExitCodes.Refused, frank.RunAsync("documents", "delete", alices));
        Assert.Contains("only its owner may delete it", refused.Stderr, StringComparison.Ordinal);
        Assert.True(await fixture.AliceHasDocumentKeyAsync(alices));

        var malformed = await ServiceFixture.Expect(ExitCodes.Usage, frank.RunAsync("documents", "delete", "report.txt"));
        Assert.Contains("must be a document key id", malformed.Stderr, StringComparison.Ordinal);
    }

    private async Task<CliProcess> RegisteredPersonAsync(string name)
    {
        var person = fixture.Person(name);
        await ServiceFixture.Expect(0, person.RunAsync("identity", "new", name));
        await ServiceFixture.Expect(0, person.RunAsync("identity", "register"));
        return person;
    }

    private static async Task<string> EncryptAsync(CliProcess person, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, $"the contents of {name}");
        var encrypted = await ServiceFixture.Expect(0, person.RunAsync("encrypt", path, "--force", "--json"));
        return encrypted.Json.GetProperty("documentId").GetString()!;
    }
}
