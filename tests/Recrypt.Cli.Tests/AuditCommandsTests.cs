using System.Text.Json;

namespace Recrypt.Cli.Tests;

/// <summary>
/// Issue 15 from the command line: <c>recrypt audit</c> shows the owner who fetched her document keys and when
/// (and nobody else's events), grants and revokes leave receipts in the key store that
/// <c>recrypt receipts verify</c> accepts, and an altered or forged receipt does not verify.
/// </summary>
public sealed class AuditCommandsTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Audit_ShowsWhoFetchedTheOwnersKeys_AndReceiptsOfGrantAndRevokeVerify_AndAlteredOnesDoNot()
    {
        var gina = await RegisteredPersonAsync("gina");
        var hugo = await RegisteredPersonAsync("hugo");
        var ivan = await RegisteredPersonAsync("ivan");
        var hugoId = await IdOf(hugo);
        var ivanId = await IdOf(ivan);
        var folder = fixture.NewFolder();
        var file = Path.Combine(folder, "plans.txt");
        await File.WriteAllTextAsync(file, "the plans");

        var granted = await ServiceFixture.Expect(0, gina.RunAsync("grant", hugoId, "--json"));
        var grantReceipt = granted.Json.GetProperty("receipt").GetString()!;
        Assert.True(File.Exists(grantReceipt), granted.ToString());
        var documentId = (await ServiceFixture.Expect(0, gina.RunAsync("encrypt", file, "--json"))).Json.GetProperty("documentId").GetString()!;
        await ServiceFixture.Expect(0, hugo.RunAsync("decrypt", file + ".rcrypt", "-o", Path.Combine(folder, "hugo.txt")));
        await ServiceFixture.Expect(ExitCodes.Refused, ivan.RunAsync("decrypt", file + ".rcrypt", "-o", Path.Combine(folder, "ivan.txt")));
        var revoked = await ServiceFixture.Expect(0, gina.RunAsync("revoke", hugoId));
        Assert.Contains("receipt: ", revoked.Stdout, StringComparison.Ordinal);

        // Gina's audit: Hugo fetched her document key, Ivan was refused, with who, what and when.
        var events = (await ServiceFixture.Expect(0, gina.RunAsync("audit", "--json"))).Json.EnumerateArray().ToList();
        var fetch = events.First(e => e.GetProperty("type").GetString() == "document.fetched" && e.GetProperty("actor").GetString() == hugoId);
        Assert.Equal(documentId, fetch.GetProperty("subject").GetString());
        Assert.True(fetch.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "document.refused" && e.GetProperty("actor").GetString() == ivanId);
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "grant.made" && e.GetProperty("subject").GetString() == hugoId);
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "grant.revoked" && e.GetProperty("subject").GetString() == hugoId);
        var text = await ServiceFixture.Expect(0, gina.RunAsync("audit"));
        Assert.Contains("document.fetched", text.Stdout, StringComparison.Ordinal);
        Assert.Contains(hugoId, text.Stdout, StringComparison.Ordinal);
        // --since after everything: nothing.
        var later = await ServiceFixture.Expect(0, gina.RunAsync("audit", "--json", "--since", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O")));
        Assert.Equal(0, later.Json.GetArrayLength());

        // Ivan sees his own refusal, never Hugo's fetch of Gina's document key.
        var ivans = (await ServiceFixture.Expect(0, ivan.RunAsync("audit", "--json"))).Json.EnumerateArray().ToList();
        Assert.DoesNotContain(ivans, e => e.GetProperty("actor").ValueKind == JsonValueKind.String && e.GetProperty("actor").GetString() == hugoId);

        // Both receipts verify; an altered one and a forged one do not.
        var verified = await ServiceFixture.Expect(0, gina.RunAsync("receipts", "verify", "--json"));
        var receipts = verified.Json.EnumerateArray().ToList();
        Assert.Equal(["grant", "revoke"], receipts.Select(r => r.GetProperty("action").GetString()).Order());
        Assert.All(receipts, r => Assert.True(r.GetProperty("valid").GetBoolean()));

        var altered = Path.Combine(folder, "altered.json");
        await File.WriteAllTextAsync(altered, (await File.ReadAllTextAsync(grantReceipt)).Replace(hugoId, ivanId, StringComparison.Ordinal));
        var refused = await ServiceFixture.Expect(ExitCodes.Integrity, gina.RunAsync("receipts", "verify", altered));
        Assert.Contains("INVALID", refused.Stdout, StringComparison.Ordinal);
        var notOurs = await ServiceFixture.Expect(ExitCodes.Integrity, gina.RunAsync("receipts", "verify", grantReceipt, "--service-key", new string('a', 64)));
        Assert.Contains("do not verify", notOurs.Stderr, StringComparison.Ordinal);
    }

    private async Task<CliProcess> RegisteredPersonAsync(string name)
    {
        var person = fixture.Person(name);
        await ServiceFixture.Expect(0, person.RunAsync("identity", "new", name));
        await ServiceFixture.Expect(0, person.RunAsync("identity", "register"));
        return person;
    }

    private static async Task<string> IdOf(CliProcess person) =>
        (await ServiceFixture.Expect(0, person.RunAsync("identity", "show", "--json"))).Json.GetProperty("id").GetString()!;
}
