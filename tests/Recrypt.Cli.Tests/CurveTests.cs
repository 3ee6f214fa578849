using System.Net;
using System.Text.Json.Nodes;
using Recrypt.Testing;

namespace Recrypt.Cli.Tests;

/// <summary>Two real services, one of each curve, for <see cref="CurveTests"/>.</summary>
public sealed class CurveServicesFixture : IAsyncLifetime
{
    public TempDirectory Directory { get; } = new();

    public ServiceProcess Api480 { get; private set; } = null!;

    public ServiceProcess Api256 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api480 = await ServiceProcess.StartAsync(Directory.File("api480.db"), ServiceProcess.FreePort(), "--Scheme:Curve=Api480");
        Api256 = await ServiceProcess.StartAsync(Directory.File("api256.db"), ServiceProcess.FreePort());
    }

    /// <summary>Someone with a key store of their own, talking to <paramref name="service"/> (none: no service configured).</summary>
    public CliProcess Person(string name, ServiceProcess? service) =>
        new(System.IO.Directory.CreateDirectory(Directory.File(name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName, service?.BaseAddress);

    public string NewFolder() => System.IO.Directory.CreateDirectory(Directory.File("files-" + Guid.NewGuid().ToString("N"))).FullName;

    public async Task DisposeAsync()
    {
        await Api480.DisposeAsync();
        await Api256.DisposeAsync();
        Directory.Dispose();
    }
}

/// <summary>
/// The CLI follows the deployment's curve: identities of an Api480 service are Api480 ones, the whole story runs
/// on it, and an identity of the other curve is refused before anything is sent.
/// </summary>
public sealed class CurveTests(CurveServicesFixture services) : IClassFixture<CurveServicesFixture>
{
    [Fact]
    public async Task TheWholeStoryRunsOnAnApi480Service()
    {
        var service = services.Api480;
        var alice = services.Person("alice", service);
        var bob = services.Person("bob", service);
        var charlie = services.Person("charlie", service);
        var files = services.NewFolder();

        // Identities follow the service's curve (GET /service): no option needed.
        var created = await Expect(0, alice.RunAsync("identity", "new", "alice", "--json"));
        Assert.Equal("Api480", created.Json.GetProperty("curve").GetString());
        Assert.Equal(PublicKey480.Size, Convert.FromBase64String(created.Json.GetProperty("publicKey").GetString()!).Length);
        await Expect(0, bob.RunAsync(["identity", "new", "bob", "--passphrase-stdin"], stdin: "bob's passphrase"));
        await Expect(0, charlie.RunAsync("identity", "new", "charlie"));
        await Expect(0, alice.RunAsync("identity", "register"));
        await Expect(0, bob.RunAsync(["identity", "register", "--passphrase-stdin"], stdin: "bob's passphrase"));
        await Expect(0, charlie.RunAsync("identity", "register"));
        Assert.True((await Expect(0, alice.RunAsync("identity", "register", "--json"))).Json.GetProperty("alreadyRegistered").GetBoolean());

        var shown = (await Expect(0, alice.RunAsync("identity", "show", "--json"))).Json;
        Assert.Equal("Api480", shown.GetProperty("curve").GetString());
        Assert.Contains("curve:              Api480", (await Expect(0, alice.RunAsync("identity", "show"))).Stdout, StringComparison.Ordinal);
        var aliceId = shown.GetProperty("id").GetString()!;
        var bobId = (await Expect(0, bob.RunAsync("identity", "show", "--json"))).Json.GetProperty("id").GetString()!;
        var charlieId = (await Expect(0, charlie.RunAsync("identity", "show", "--json"))).Json.GetProperty("id").GetString()!;

        // Alice grants Bob and encrypts once; Bob decrypts; Charlie is refused.
        var grant = await Expect(0, alice.RunAsync("grant", bobId, "--json"));
        Assert.Equal("bob", grant.Json.GetProperty("granteeName").GetString());
        var plain = Path.Combine(files, "report.txt");
        await File.WriteAllTextAsync(plain, "quarterly numbers, on the 480-bit curve");
        await Expect(0, alice.RunAsync("encrypt", plain));
        await Expect(0, bob.RunAsync(["decrypt", plain + ".rcrypt", "-o", Path.Combine(files, "report.bob"), "--passphrase-stdin"], stdin: "bob's passphrase"));
        Assert.Equal(await File.ReadAllTextAsync(plain), await File.ReadAllTextAsync(Path.Combine(files, "report.bob")));
        var refused = await Expect(ExitCodes.Refused, charlie.RunAsync("decrypt", plain + ".rcrypt", "-o", Path.Combine(files, "report.charlie")));
        Assert.Contains("Access refused", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(files, "report.charlie")));

        // Alice revokes Bob: Bob is refused from then on.
        await Expect(0, alice.RunAsync("revoke", bobId));
        await Expect(ExitCodes.Refused, bob.RunAsync(["decrypt", plain + ".rcrypt", "-o", Path.Combine(files, "report.bob2"), "--passphrase-stdin"], stdin: "bob's passphrase"));

        // Groups: Alice makes one with Charlie in it and grants it; Charlie decrypts through the group.
        var groupId = (await Expect(0, alice.RunAsync("group", "create", "auditors", "--json"))).Json.GetProperty("id").GetString()!;
        await Expect(0, alice.RunAsync("group", "add", groupId, charlieId));
        Assert.Equal("group", (await Expect(0, alice.RunAsync("grant", groupId, "--json"))).Json.GetProperty("granteeKind").GetString());
        await Expect(0, charlie.RunAsync("decrypt", plain + ".rcrypt", "-o", Path.Combine(files, "report.charlie")));
        Assert.Equal(await File.ReadAllTextAsync(plain), await File.ReadAllTextAsync(Path.Combine(files, "report.charlie")));

        // Several files at once: their document keys in one batch request.
        var minutes = Path.Combine(files, "minutes.txt");
        await File.WriteAllTextAsync(minutes, "minutes of the meeting");
        await Expect(0, alice.RunAsync("encrypt", minutes));
        var inbox = Directory.CreateDirectory(Path.Combine(files, "inbox")).FullName;
        File.Copy(plain + ".rcrypt", Path.Combine(inbox, "report.txt.rcrypt"));
        File.Copy(minutes + ".rcrypt", Path.Combine(inbox, "minutes.txt.rcrypt"));
        await Expect(0, charlie.RunAsync("decrypt", Path.Combine(inbox, "report.txt.rcrypt"), Path.Combine(inbox, "minutes.txt.rcrypt")));
        Assert.Equal(await File.ReadAllTextAsync(plain), await File.ReadAllTextAsync(Path.Combine(inbox, "report.txt")));
        Assert.Equal(await File.ReadAllTextAsync(minutes), await File.ReadAllTextAsync(Path.Combine(inbox, "minutes.txt")));
        await Expect(0, alice.RunAsync("group", "rotate", groupId));

        // Key rotation: Alice's new Api480 key; her own file still decrypts, and her document keys follow.
        var rotated = (await Expect(0, alice.RunAsync("identity", "rotate", "--json"))).Json;
        Assert.Equal(2, rotated.GetProperty("keyVersion").GetInt32());
        Assert.Equal(2, rotated.GetProperty("documentKeysReencrypted").GetInt32());
        Assert.Equal("Api480", (await Expect(0, alice.RunAsync("identity", "show", "--json"))).Json.GetProperty("curve").GetString());
        await Expect(0, alice.RunAsync("decrypt", plain + ".rcrypt", "-o", Path.Combine(files, "report.alice")));
        Assert.Equal(await File.ReadAllTextAsync(plain), await File.ReadAllTextAsync(Path.Combine(files, "report.alice")));
        Assert.Equal(aliceId, (await Expect(0, alice.RunAsync("identity", "show", "--json"))).Json.GetProperty("id").GetString());
        var documents = (await Expect(0, alice.RunAsync("documents", "--json"))).Json.GetProperty("documents");
        Assert.Equal([2, 2], documents.EnumerateArray().Select(document => document.GetProperty("keyVersion").GetInt32()));

        // A backup keeps the curve: restored elsewhere, the identity is the same Api480 one and still decrypts.
        var backup = Path.Combine(files, "alice.backup");
        await Expect(0, alice.RunAsync(["identity", "export", backup, "--passphrase-stdin"], stdin: "backup passphrase"));
        var laptop = services.Person("alice-laptop", service);
        await Expect(0, laptop.RunAsync(["identity", "import", backup, "--passphrase-stdin"], stdin: "backup passphrase"));
        var restored = (await Expect(0, laptop.RunAsync("identity", "show", "--json"))).Json;
        Assert.Equal(aliceId, restored.GetProperty("id").GetString());
        Assert.Equal("Api480", restored.GetProperty("curve").GetString());
        await Expect(0, laptop.RunAsync(["decrypt", plain + ".rcrypt", "-o", Path.Combine(files, "report.laptop"), "--passphrase-stdin"], stdin: "backup passphrase"));
        Assert.Equal(await File.ReadAllTextAsync(plain), await File.ReadAllTextAsync(Path.Combine(files, "report.laptop")));
    }

    [Theory]
    [InlineData("Api256", "Api480")]
    [InlineData("Api480", "Api256")]
    public async Task AnIdentityIsRefusedByAServiceOfTheOtherCurveBeforeAnythingIsSent(string identityCurve, string serviceCurve)
    {
        var service = serviceCurve == "Api480" ? services.Api480 : services.Api256;
        var dana = services.Person("dana", service: null);
        await Expect(0, dana.RunAsync("identity", "new", "dana", "--curve", identityCurve));
        var danaId = (await Expect(0, dana.RunAsync("identity", "show", "--json"))).Json.GetProperty("id").GetString()!;
        var storeBefore = await File.ReadAllTextAsync(Path.Combine(dana.Home, "identity.json"));

        var register = await Expect(ExitCodes.Usage, dana.RunAsync("identity", "register", "--server", service.BaseAddress.AbsoluteUri));
        Assert.Contains($"The service at {service.BaseAddress} uses the {serviceCurve} curve", register.Stderr, StringComparison.Ordinal);
        Assert.Contains($"this identity's keys are {identityCurve}", register.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", register.Stderr, StringComparison.Ordinal);

        var files = services.NewFolder();
        var plain = Path.Combine(files, "notes.txt");
        await File.WriteAllTextAsync(plain, "not for a service of the other curve");
        var encrypt = await Expect(ExitCodes.Usage, dana.RunAsync("encrypt", plain, "--server", service.BaseAddress.AbsoluteUri, "--json"));
        var error = System.Text.Json.JsonDocument.Parse(encrypt.Stderr).RootElement.GetProperty("error");
        Assert.Equal("usage", error.GetProperty("kind").GetString());
        Assert.Contains($"uses the {serviceCurve} curve, but this identity's keys are {identityCurve}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(plain + ".rcrypt"));

        // Nothing reached the service, and the key store is as it was (no service recorded).
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        using var lookup = await http.GetAsync(new Uri($"identities/{danaId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        Assert.Equal(storeBefore, await File.ReadAllTextAsync(Path.Combine(dana.Home, "identity.json")));
    }

    [Fact]
    public async Task IdentityNewTakesTheServiceCurveAndRefusesAnotherCurve()
    {
        var erin = services.Person("erin", services.Api480);
        var conflict = await Expect(ExitCodes.Usage, erin.RunAsync("identity", "new", "erin", "--curve", "Api256"));
        Assert.Contains("--curve Api256 differs from the curve of the service", conflict.Stderr, StringComparison.Ordinal);
        Assert.Contains("which is Api480", conflict.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(erin.Home, "identity.json")));

        var unknown = await Expect(ExitCodes.Usage, erin.RunAsync("identity", "new", "erin", "--curve", "P-256"));
        Assert.Contains("--curve must be one of Api256, Api480", unknown.Stderr, StringComparison.Ordinal);

        // The same curve as the service's is fine, in any case; so is none.
        Assert.Equal("Api480", (await Expect(0, erin.RunAsync("identity", "new", "erin", "--curve", "api480", "--json"))).Json.GetProperty("curve").GetString());
        var frank = services.Person("frank", services.Api256);
        Assert.Equal("Api256", (await Expect(0, frank.RunAsync("identity", "new", "frank", "--json"))).Json.GetProperty("curve").GetString());

        // No service configured: Api256 unless --curve says otherwise.
        var offline = services.Person("gina", service: null);
        Assert.Equal("Api256", (await Expect(0, offline.RunAsync("identity", "new", "gina", "--json"))).Json.GetProperty("curve").GetString());
        var offline480 = services.Person("hugo", service: null);
        Assert.Equal("Api480", (await Expect(0, offline480.RunAsync("identity", "new", "hugo", "--curve", "Api480", "--json"))).Json.GetProperty("curve").GetString());
        var store = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(offline480.Home, "identity.json")))!;
        Assert.Equal("Api480", (string?)store["curve"]);

        // A service that cannot be reached is warned about, not waited for: the keys are made here.
        var unreachable = new CliProcess(services.NewFolder(), new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}/"));
        var made = await Expect(0, unreachable.RunAsync("identity", "new", "ivan", "--curve", "Api480", "--json"));
        Assert.Equal("Api480", made.Json.GetProperty("curve").GetString());
        Assert.Contains("Could not ask the service for its curve", made.Stderr, StringComparison.Ordinal);
    }

    private static async Task<CliResult> Expect(int exitCode, Task<CliResult> run) => await ServiceFixture.Expect(exitCode, run);
}
