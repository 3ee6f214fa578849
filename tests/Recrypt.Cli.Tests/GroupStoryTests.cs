using Recrypt.Testing;

namespace Recrypt.Cli.Tests;

/// <summary>
/// Issue 14's story with the real CLI against the real service: Alice creates a group and adds Bob; Dana, an
/// owner, grants the group and encrypts files; Bob decrypts them (owner → group → member); Charlie, no member, is
/// refused; Bob, a member but no admin, cannot add anyone; Bob is removed and refused at once; Eve, added later,
/// decrypts files encrypted before she joined, several in one batch; Dana revokes the group and Eve is refused;
/// Alice, the group's admin, reads who fetched through it (<c>recrypt audit --group</c>), and Eve, a member, may not.
/// </summary>
public sealed class GroupStoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AGroupSharesADocumentWithItsMembersOnly()
    {
        await using var service = await ServiceProcess.StartAsync(_directory.File("service.db"), ServiceProcess.FreePort());
        var files = Directory.CreateDirectory(_directory.File("files")).FullName;
        var (alice, bob, charlie, dana, eve) = (Person("alice", service), Person("bob", service), Person("charlie", service), Person("dana", service), Person("eve", service));
        var ids = new Dictionary<CliProcess, string>();
        foreach (var (person, name) in new[] { (alice, "alice"), (bob, "bob"), (charlie, "charlie"), (dana, "dana"), (eve, "eve") })
        {
            Expect(0, await person.RunAsync("identity", "new", name));
            Expect(0, await person.RunAsync("identity", "register"));
            ids[person] = Expect(0, await person.RunAsync("identity", "show", "--json")).Json.GetProperty("id").GetString()!;
        }

        // Alice creates the group and adds Bob.
        var groupId = Expect(0, await alice.RunAsync("group", "create", "care team", "--json")).Json.GetProperty("id").GetString()!;
        Expect(0, await alice.RunAsync("group", "add", groupId, ids[bob]));

        // Dana grants the group (as she would a person) and encrypts two files.
        var grant = Expect(0, await dana.RunAsync("grant", groupId, "--json"));
        Assert.Equal("group", grant.Json.GetProperty("granteeKind").GetString());
        var (report, notes) = (Path.Combine(files, "report.txt"), Path.Combine(files, "notes.txt"));
        await File.WriteAllTextAsync(report, "Dana's report for the care team");
        await File.WriteAllTextAsync(notes, "Dana's notes, encrypted before Eve joined");
        Expect(0, await dana.RunAsync("encrypt", report));
        Expect(0, await dana.RunAsync("encrypt", notes));

        // Bob, a member, decrypts; Charlie is refused.
        Expect(0, await bob.RunAsync("decrypt", report + ".rcrypt", "-o", Path.Combine(files, "report.bob")));
        Assert.Equal(await File.ReadAllTextAsync(report), await File.ReadAllTextAsync(Path.Combine(files, "report.bob")));
        var charlieRefused = Expect(3, await charlie.RunAsync("decrypt", report + ".rcrypt", "-o", Path.Combine(files, "report.charlie")));
        Assert.Contains("Access refused", charlieRefused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(files, "report.charlie")));

        // Bob is a member, not an admin: he cannot add anyone.
        var notAdmin = Expect(3, await bob.RunAsync("group", "add", groupId, ids[charlie]));
        Assert.Contains("admin", notAdmin.Stderr, StringComparison.Ordinal);
        var shown = Expect(0, await bob.RunAsync("group", "show", groupId, "--json")).Json;
        Assert.Equal([ids[bob]], shown.GetProperty("members").EnumerateArray().Select(member => member.GetProperty("id").GetString()));
        Assert.Equal([ids[alice]], shown.GetProperty("admins").EnumerateArray().Select(admin => admin.GetString()));

        // Bob is removed: refused at once.
        Expect(0, await alice.RunAsync("group", "remove", groupId, ids[bob]));
        Expect(3, await bob.RunAsync("decrypt", report + ".rcrypt", "-o", Path.Combine(files, "report.bob2")));
        Assert.False(File.Exists(Path.Combine(files, "report.bob2")));

        // Eve joins later and decrypts both files, encrypted before she joined, in one batch.
        Expect(0, await alice.RunAsync("group", "add", groupId, ids[eve]));
        var eveGroups = Expect(0, await eve.RunAsync("groups", "--json")).Json.GetProperty("groups");
        Assert.Equal(groupId, Assert.Single(eveGroups.EnumerateArray()).GetProperty("id").GetString());
        var eveFiles = Directory.CreateDirectory(Path.Combine(files, "eve")).FullName;
        foreach (var file in new[] { report, notes })
        {
            File.Copy(file + ".rcrypt", Path.Combine(eveFiles, Path.GetFileName(file) + ".rcrypt"));
        }
        var batch = Expect(0, await eve.RunAsync("decrypt", Path.Combine(eveFiles, "report.txt.rcrypt"), Path.Combine(eveFiles, "notes.txt.rcrypt")));
        Assert.Equal(2, batch.Stdout.Split('\n').Count(line => line.StartsWith("Decrypted ", StringComparison.Ordinal)));
        Assert.Equal(await File.ReadAllTextAsync(report), await File.ReadAllTextAsync(Path.Combine(eveFiles, "report.txt")));
        Assert.Equal(await File.ReadAllTextAsync(notes), await File.ReadAllTextAsync(Path.Combine(eveFiles, "notes.txt")));

        // Dana revokes the group: Eve is refused too.
        Expect(0, await dana.RunAsync("revoke", groupId));
        Expect(3, await eve.RunAsync("decrypt", notes + ".rcrypt", "-o", Path.Combine(files, "notes.eve")));

        // Alice, the group's admin, reads its trail: who fetched through it; Eve, a member only, may not.
        var trail = Expect(0, await alice.RunAsync("audit", "--group", groupId, "--json")).Json.EnumerateArray().ToList();
        Assert.Equal(
            [ids[bob], ids[eve], ids[eve]],
            trail.Where(e => e.GetProperty("type").GetString() == "document.fetched").Select(e => e.GetProperty("actor").GetString()));
        Assert.Contains(trail, e => e.GetProperty("type").GetString() == "group.grant-revoked" && e.GetProperty("actor").GetString() == ids[dana]);
        Expect(3, await eve.RunAsync("audit", "--group", groupId));
    }

    private CliProcess Person(string name, ServiceProcess service) =>
        new(Directory.CreateDirectory(_directory.File(name)).FullName, service.BaseAddress);

    private static CliResult Expect(int exitCode, CliResult result)
    {
        Assert.True(result.ExitCode == exitCode, $"Expected exit code {exitCode}, got {result}");
        return result;
    }
}
