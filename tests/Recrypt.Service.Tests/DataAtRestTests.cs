using System.Net;
using Recrypt.Client;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 9, item 5, and issue 18's storage commands, on the real service process: file modes, secrets
/// sealed under a key-encryption key kept outside the database, no transform key readable in any data file
/// after a revoke, the key rotated by command, the integrity check at start and on demand, a backup taken
/// while the service runs, and a replay refused after SIGKILL.
/// </summary>
public sealed class DataAtRestTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "recrypt-at-rest", Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_directory, "data");

    private string DatabasePath => Path.Combine(DataDirectory, "recrypt.db");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task DataFilesAre0600InA0700FolderAndNoTransformKeyIsReadableInThemAfterARevoke()
    {
        using var alice = new TestIdentity("Alice");
        using var bob = new TestIdentity("Bob");
        var transformKey = alice.TransformKeyTo(bob);
        var transformKeyBytes = transformKey.Export();
        var (plaintext, value) = alice.NewDocumentKey();
        using var disposePlaintext = plaintext;
        byte[] serviceSigningKey;

        var service = await ServiceProcess.StartAsync(DatabasePath, ServiceProcess.FreePort());
        try
        {
            var aliceClient = Client(service, alice);
            var bobClient = Client(service, bob);
            await aliceClient.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, "Alice");
            await bobClient.RegisterIdentityAsync(bob.PublicKey, bob.SigningKeyPair, "Bob");
            serviceSigningKey = (await aliceClient.GetServiceInfoAsync()).SigningPublicKey.Export();
            await aliceClient.PutGrantAsync(alice.Id, bob.Id, transformKey);
            var document = await aliceClient.CreateDocumentKeyAsync(value);
            _ = await bobClient.GetDocumentKeyAsync(document.Id);

            // While granted, the transform key is sealed: not in clear in any file.
            AssertNowhere(transformKeyBytes, SecretWindows(transformKeyBytes, alice, bob), "the granted transform key");

            await aliceClient.RevokeGrantAsync(alice.Id, bob.Id);
            // SIGKILL: LiteDB's log stays on disk as it was, with every page the revoke and the grant wrote.
            await service.KillAsync();
        }
        finally
        {
            await service.DisposeAsync();
        }

        AssertNowhere(transformKeyBytes, SecretWindows(transformKeyBytes, alice, bob), "the revoked transform key");
        // The service's signing key pair ends with its public key: stored in clear, those 32 bytes would be there.
        AssertNowhere(serviceSigningKey, [], "the service's signing key pair");

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(DataFiles0700, File.GetUnixFileMode(DataDirectory));
            foreach (var path in Directory.EnumerateFileSystemEntries(DataDirectory, "*", SearchOption.AllDirectories))
            {
                var expected = Directory.Exists(path) ? DataFiles0700 : DataFiles0600;
                Assert.True(File.GetUnixFileMode(path) == expected, $"{path} is {File.GetUnixFileMode(path)}, not {expected}");
            }
        }
    }

    [Fact]
    public async Task KekRotateSealsEverySecretAgainAndAMissingKeyStopsTheServiceWithOneClearMessage()
    {
        using var alice = new TestIdentity("Alice");
        using var bob = new TestIdentity("Bob");
        using var charlie = new TestIdentity("Charlie");
        var (plaintext, value) = alice.NewDocumentKey();
        using var _ = plaintext;
        var port = ServiceProcess.FreePort();
        string documentId;
        byte[] serviceKey;
        var service = await ServiceProcess.StartAsync(DatabasePath, port);
        try
        {
            var aliceClient = Client(service, alice);
            await aliceClient.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, "Alice");
            await Client(service, bob).RegisterIdentityAsync(bob.PublicKey, bob.SigningKeyPair, "Bob");
            await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
            // A group's secrets too: Alice's copy of its plaintext, its transform key to Charlie, Alice's grant to it.
            await Client(service, charlie).RegisterIdentityAsync(charlie.PublicKey, charlie.SigningKeyPair, "Charlie");
            var group = await aliceClient.CreateGroupAsync("sealed", alice.PublicKey, alice.SigningKeyPair);
            await aliceClient.AddGroupMemberAsync(group.Id, charlie.Id, alice.PrivateKey, alice.SigningKeyPair);
            await aliceClient.PutGrantAsync(alice.Id, group.Id, TestIdentity.Recrypt.GenerateTransformKey(alice.PrivateKey, group.PublicKey, alice.SigningKeyPair));
            documentId = (await aliceClient.CreateDocumentKeyAsync(value)).Id;
            serviceKey = (await aliceClient.GetServiceInfoAsync()).SigningPublicKey.Export();

            var (refused, refusal) = await StorageFiles.RunCommandAsync(DatabasePath, "kek", "rotate");
            Assert.True(refused == 1 && refusal.Contains("Stop the service first", StringComparison.Ordinal), refusal);
            await service.StopAsync();
        }
        finally
        {
            await service.DisposeAsync();
        }

        var kekPath = DatabasePath + ".kek";
        var oldKey = await File.ReadAllTextAsync(kekPath);
        var (exitCode, output) = await StorageFiles.RunCommandAsync(DatabasePath, "kek", "rotate");
        Assert.True(exitCode == 0, output);
        Assert.Contains("5 secrets sealed again", output, StringComparison.Ordinal);
        Assert.NotEqual(oldKey, await File.ReadAllTextAsync(kekPath));
        Assert.False(File.Exists(kekPath + ".next"));

        service = await ServiceProcess.StartAsync(DatabasePath, port);
        try
        {
            // Same service key, and the grant's transform key still opens: Bob gets the document key.
            var bobClient = Client(service, bob);
            Assert.Equal(serviceKey, (await bobClient.GetServiceInfoAsync()).SigningPublicKey.Export());
            var fetched = await bobClient.GetDocumentKeyAsync(documentId);
            using var decrypted = TestIdentity.Recrypt.Decrypt(fetched.EncryptedValue, bob.PrivateKey);
            Assert.Equal(plaintext.Export(), decrypted.Export());
            // And the group's: Charlie gets it through the group (two transforms).
            var throughGroup = await Client(service, charlie).GetDocumentKeyAsync(documentId);
            using var decryptedByMember = TestIdentity.Recrypt.Decrypt(throughGroup.EncryptedValue, charlie.PrivateKey);
            Assert.Equal(plaintext.Export(), decryptedByMember.Export());
            await service.StopAsync();
        }
        finally
        {
            await service.DisposeAsync();
        }

        // Without its key the database's secrets cannot be opened: the service refuses to start, and says why.
        File.Move(kekPath, kekPath + ".elsewhere");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(DatabasePath, port));
        Assert.Contains($"The key-encryption key file {kekPath} is missing", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADamagedFileIsRefusedAtStartAndByCheckWithOneClearMessage()
    {
        using var alice = new TestIdentity("Alice");
        var port = ServiceProcess.FreePort();
        var service = await ServiceProcess.StartAsync(DatabasePath, port);
        try
        {
            var aliceClient = Client(service, alice);
            await aliceClient.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, "Alice");
            var (plaintext, value) = alice.NewDocumentKey();
            plaintext.Dispose();
            for (var i = 0; i < 300; i++)
            {
                await aliceClient.CreateDocumentKeyAsync(value);
            }
            await service.StopAsync();
        }
        finally
        {
            await service.DisposeAsync();
        }
        var (intact, intactOutput) = await StorageFiles.RunCommandAsync(DatabasePath, "check");
        Assert.True(intact == 0, intactOutput);
        Assert.Contains("The database is intact", intactOutput, StringComparison.Ordinal);

        // Damage the index and data pages at the end of the file (the header and the collection list stay).
        await using (var file = new FileStream(DatabasePath, FileMode.Open, FileAccess.Write))
        {
            file.Seek(-3 * 8192, SeekOrigin.End);
            var garbage = new byte[2 * 8192];
            new Random(7).NextBytes(garbage);
            await file.WriteAsync(garbage);
        }

        var (damaged, damagedOutput) = await StorageFiles.RunCommandAsync(DatabasePath, "check");
        Assert.True(damaged != 0, damagedOutput);
        Assert.Contains("damaged", damagedOutput, StringComparison.OrdinalIgnoreCase);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(DatabasePath, port));
        Assert.Contains("damaged", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABackupTakenWhileTheServiceWritesRestoresEveryAcknowledgedWrite()
    {
        using var alice = new TestIdentity("Alice");
        var port = ServiceProcess.FreePort();
        var backup = Path.Combine(_directory, "backup", "recrypt.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        var before = new List<string>();
        var service = await ServiceProcess.StartAsync(DatabasePath, port);
        try
        {
            var aliceClient = Client(service, alice);
            await aliceClient.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, "Alice");
            var (plaintext, value) = alice.NewDocumentKey();
            plaintext.Dispose();
            for (var i = 0; i < 50; i++)
            {
                before.Add((await aliceClient.CreateDocumentKeyAsync(value)).Id);
            }

            // Writes keep coming while the backup is taken through the running service.
            using var stop = new CancellationTokenSource();
            var writing = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await aliceClient.CreateDocumentKeyAsync(value);
                }
            });
            var (exitCode, output) = await StorageFiles.RunCommandAsync(DatabasePath, "backup", backup);
            await stop.CancelAsync();
            await writing;
            Assert.True(exitCode == 0, output + service.Output);
            Assert.Contains("Backup written to", output, StringComparison.Ordinal);
            await service.StopAsync();
        }
        finally
        {
            await service.DisposeAsync();
        }

        // Restore: the backup with the key-encryption key (kept apart, copied back next to it).
        File.Copy(DatabasePath + ".kek", backup + ".kek");
        var (checkCode, checkOutput) = await StorageFiles.RunCommandAsync(backup, "check");
        Assert.True(checkCode == 0, checkOutput);
        service = await ServiceProcess.StartAsync(backup, port);
        try
        {
            var aliceClient = Client(service, alice);
            foreach (var id in before)
            {
                _ = await aliceClient.GetDocumentKeyAsync(id);
            }
            await service.StopAsync();
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task AReplayIsRefusedAfterTheServiceIsKilledTheMomentItAnswered()
    {
        using var alice = new TestIdentity("Alice");
        var port = ServiceProcess.FreePort();
        HttpRequestMessage replay;
        var service = await ServiceProcess.StartAsync(DatabasePath, port);
        try
        {
            await Client(service, alice).RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, "Alice");
            using var http = new HttpClient { BaseAddress = service.BaseAddress };
            using var original = SignedRequests.Create(await SignedRequests.AudienceAsync(http), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
            replay = await SignedRequests.CloneAsync(original);
            using var first = await http.SendAsync(original);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            await service.KillAsync();
        }
        finally
        {
            await service.DisposeAsync();
        }

        service = await ServiceProcess.StartAsync(DatabasePath, port);
        try
        {
            using var http = new HttpClient { BaseAddress = service.BaseAddress };
            using var second = await http.SendAsync(replay);
            var detail = await ProblemAssert.IsUnauthorizedAsync(second);
            Assert.Contains("replay", detail, StringComparison.Ordinal);
            await service.StopAsync();
        }
        finally
        {
            replay.Dispose();
            await service.DisposeAsync();
        }
    }

    private const UnixFileMode DataFiles0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode DataFiles0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// 32-byte windows of a transform key that hold secret material: those not found in the public keys the
    /// database keeps in clear (the transform key carries the grantee's public key and the owner's signing key).
    /// </summary>
    private static List<byte[]> SecretWindows(byte[] transformKey, params TestIdentity[] identities)
    {
        var publics = identities.SelectMany(identity => new[] { identity.PublicKey.Export(), identity.SigningPublicKey.Export() }).ToList();
        var windows = new List<byte[]>();
        for (var offset = 0; offset + 32 <= transformKey.Length; offset += 8)
        {
            var window = transformKey.AsSpan(offset, 32).ToArray();
            if (!publics.Any(key => key.AsSpan().IndexOf(window) >= 0))
            {
                windows.Add(window);
            }
        }
        Assert.NotEmpty(windows);
        return windows;
    }

    private void AssertNowhere(byte[] whole, List<byte[]> windows, string what)
    {
        var files = 0;
        foreach (var path in Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories))
        {
            files++;
            // The control socket and the lock file (held, while the service runs) are empty: nothing to scan.
            if (path.EndsWith(".sock", StringComparison.Ordinal) || new FileInfo(path).Length == 0)
            {
                continue;
            }
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.AsSpan().IndexOf(whole) < 0, $"{what} is in {path}");
            foreach (var window in windows)
            {
                Assert.True(bytes.AsSpan().IndexOf(window) < 0, $"32 bytes of {what} are in {path}");
            }
        }
        Assert.True(files >= 3, $"only {files} files in {DataDirectory}");
    }

    private static RecryptServiceClient Client(ServiceProcess service, TestIdentity identity) =>
        new(new HttpClient(new RecryptRequestSigner(TestIdentity.Recrypt, identity.SigningKeyPair, service.BaseAddress) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = service.BaseAddress,
        }, TestIdentity.Recrypt);
}
