using System.Net.Http.Json;
using System.Security.Cryptography;
using Recrypt.Protocol;
using Recrypt.Testing;
using Xunit.Abstractions;

namespace Recrypt.Cli.Tests;

/// <summary>
/// Issue 17, the story with the real CLI on PostgreSQL: begun on LiteDB and finished on PostgreSQL after
/// <c>Recrypt.Service migrate</c>, and run whole through nginx in front of two instances over one database.
/// </summary>
public sealed class PostgreSqlStoryTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TheStoryBegunOnLiteDbFinishesOnPostgreSqlAfterMigrate()
    {
        var liteDb = _directory.File("service.db");
        var port = ServiceProcess.FreePort();
        var database = TestDatabase.For(TestDatabase.PostgreSQL);
        var report = _directory.File("report.bin");
        await File.WriteAllBytesAsync(report, RandomNumberGenerator.GetBytes(300_000));
        Story story;
        string serviceKey;

        // The first half on LiteDB: three identities, Alice grants Bob and encrypts a file, Bob decrypts it.
        await using (var liteDbService = await ServiceProcess.StartAsync(liteDb, port))
        {
            story = await Story.BeginAsync(_directory, liteDbService.BaseAddress);
            await story.AliceGrantsBobAndEncryptsAsync(report);
            await story.BobDecryptsAsync(report);
            serviceKey = await ServiceKeyAsync(liteDbService.BaseAddress);

            // Not while a service has the file open.
            var (busy, busyOutput) = await ServiceProcess.RunCommandAsync(["migrate", liteDb, .. database.Arguments]);
            Assert.True(busy == 1, busyOutput);
            Assert.Contains("stop it first", busyOutput, StringComparison.Ordinal);
            await liteDbService.StopAsync();
        }

        var (migrated, migration) = await ServiceProcess.RunCommandAsync(["migrate", liteDb, .. database.Arguments]);
        output.WriteLine(migration);
        Assert.True(migrated == 0, migration);
        Assert.Contains("3 identities, 1 grants, 0 group records, 1 document keys", migration, StringComparison.Ordinal);
        Assert.Contains("1 service signing keys", migration, StringComparison.Ordinal);
        Assert.Contains(" audit records", migration, StringComparison.Ordinal);

        // Again: refused, the target unchanged; with --replace, the same copy again.
        var (again, refusal) = await ServiceProcess.RunCommandAsync(["migrate", liteDb, .. database.Arguments]);
        Assert.True(again == 1, refusal);
        Assert.Contains("is not empty (identities 3, key_versions 3, scheme 1, grants 1, documents 1", refusal, StringComparison.Ordinal);
        var (replaced, replacement) = await ServiceProcess.RunCommandAsync(["migrate", liteDb, "--replace", .. database.Arguments]);
        Assert.True(replaced == 0, replacement);
        Assert.Contains("replacing what it held: 3 identities, 1 grants, 0 group records, 1 document keys", replacement, StringComparison.Ordinal);
        Assert.Equal("3|1|1|1", database.Query(
            "SELECT (SELECT count(*) FROM identities) || '|' || (SELECT count(*) FROM grants) || '|' || (SELECT count(*) FROM documents) || '|' || (SELECT count(*) FROM service_keys)"));
        // The audit trail came verbatim: its chain verifies on PostgreSQL.
        var (verified, verification) = await ServiceProcess.RunCommandAsync(["audit", "verify", .. database.Arguments]);
        Assert.True(verified == 0, verification);

        // The second half on PostgreSQL, at the same address (the file's header names it), with only the
        // PostgreSQL instances' key-encryption key: the same service key, Bob still decrypts, Charlie is
        // refused, a new file works, and a revoke holds.
        await using var postgres = await ServiceProcess.StartAsync(_directory.File("unused.db"), port, database.Arguments);
        Assert.Equal(serviceKey, await ServiceKeyAsync(postgres.BaseAddress));
        await story.BobDecryptsAsync(report);
        await story.CharlieIsRefusedAsync(report);
        var second = _directory.File("second.bin");
        await File.WriteAllBytesAsync(second, RandomNumberGenerator.GetBytes(100_000));
        await story.AliceEncryptsAsync(second);
        await story.BobDecryptsAsync(second);
        await story.AliceRevokesBobAsync([report, second]);
        Assert.False(File.Exists(_directory.File("unused.db")), "The PostgreSQL instance made a LiteDB file.");
    }

    [Fact]
    public async Task TheStoryRunsThroughNginxInFrontOfTwoInstancesOnPostgreSql()
    {
        var database = TestDatabase.For(TestDatabase.PostgreSQL);
        var starting = Enumerable.Range(0, 2)
            .Select(i => ServiceProcess.StartAsync(_directory.File($"instance-{i}.db"), ServiceProcess.FreePort(), database.Arguments)).ToList();
        await using var first = await starting[0];
        await using var second = await starting[1];
        await using var nginx = await NginxProxy.StartAsync([first.BaseAddress, second.BaseAddress]);
        var report = _directory.File("report.bin");
        await File.WriteAllBytesAsync(report, RandomNumberGenerator.GetBytes(300_000));

        var story = await Story.BeginAsync(_directory, nginx.BaseAddress);
        await story.AliceGrantsBobAndEncryptsAsync(report);
        await story.BobDecryptsAsync(report);
        await story.CharlieIsRefusedAsync(report);
        await story.AliceRevokesBobAsync([report]);
        output.WriteLine($"document-key events by instance: {string.Join(", ", new[] { first, second }.Select(DocumentKeyEvents))}");
    }

    private static int DocumentKeyEvents(ServiceProcess instance) =>
        instance.Output.Split('\n').Count(line => line.Contains("Document key", StringComparison.Ordinal));

    private static async Task<string> ServiceKeyAsync(Uri service)
    {
        using var http = new HttpClient { BaseAddress = service };
        var info = await http.GetFromJsonAsync<ServiceInfoResponse>("/service");
        return Convert.ToHexString(info!.SigningPublicKey);
    }

    /// <summary>Alice, Bob and Charlie with key stores of their own, registered with one service address.</summary>
    private sealed class Story
    {
        private readonly TempDirectory _directory;

        private Story(TempDirectory directory, CliProcess alice, CliProcess bob, CliProcess charlie, string bobId)
        {
            _directory = directory;
            Alice = alice;
            Bob = bob;
            Charlie = charlie;
            BobId = bobId;
        }

        public CliProcess Alice { get; }

        public CliProcess Bob { get; }

        public CliProcess Charlie { get; }

        public string BobId { get; }

        public static async Task<Story> BeginAsync(TempDirectory directory, Uri service)
        {
            CliProcess Person(string name) => new(Directory.CreateDirectory(directory.File(name)).FullName, service);
            var (alice, bob, charlie) = (Person("alice"), Person("bob"), Person("charlie"));
            foreach (var (person, name) in new[] { (alice, "alice"), (bob, "bob"), (charlie, "charlie") })
            {
                await ServiceFixture.Expect(0, person.RunAsync("identity", "new", name));
                await ServiceFixture.Expect(0, person.RunAsync("identity", "register"));
            }
            var bobId = (await ServiceFixture.Expect(0, bob.RunAsync("identity", "show", "--json"))).Json.GetProperty("id").GetString()!;
            return new Story(directory, alice, bob, charlie, bobId);
        }

        public async Task AliceGrantsBobAndEncryptsAsync(string file)
        {
            await ServiceFixture.Expect(0, Alice.RunAsync("grant", BobId));
            await AliceEncryptsAsync(file);
        }

        public async Task AliceEncryptsAsync(string file) => await ServiceFixture.Expect(0, Alice.RunAsync("encrypt", file));

        public async Task BobDecryptsAsync(string file)
        {
            var copy = _directory.File(Path.GetFileName(file) + ".bob-" + Guid.NewGuid().ToString("N")[..6]);
            await ServiceFixture.Expect(0, Bob.RunAsync("decrypt", file + ".rcrypt", "-o", copy));
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(copy));
        }

        public async Task CharlieIsRefusedAsync(string file)
        {
            var refused = await ServiceFixture.Expect(3, Charlie.RunAsync("decrypt", file + ".rcrypt", "-o", _directory.File("charlie.bin")));
            Assert.Contains("Access refused", refused.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(_directory.File("charlie.bin")));
        }

        public async Task AliceRevokesBobAsync(IReadOnlyList<string> files)
        {
            await ServiceFixture.Expect(0, Alice.RunAsync("revoke", BobId));
            foreach (var file in files)
            {
                var refused = await ServiceFixture.Expect(3, Bob.RunAsync("decrypt", file + ".rcrypt", "-o", _directory.File("bob-after-revoke.bin")));
                Assert.Contains("Access refused", refused.Stderr, StringComparison.Ordinal);
            }
        }
    }
}
