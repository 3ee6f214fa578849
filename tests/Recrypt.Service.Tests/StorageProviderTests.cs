using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recrypt.Service.Auth;
using Recrypt.Service.Storage;
using Recrypt.Service.Storage.PostgreSql;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 17: the storage-provider seam (every provider implements every store), and what the PostgreSQL
/// provider does at start (migrations, the settings it needs) and to spent nonces.
/// </summary>
public sealed class StorageProviderTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void EveryProviderRegistersOneImplementationOfEveryStore(string provider)
    {
        var services = new ServiceCollection();
        var options = new StorageOptions
        {
            Provider = Enum.Parse<StorageProvider>(provider),
            DatabasePath = Path.Combine(Path.GetTempPath(), "never-opened.db"),
            ConnectionString = "Host=127.0.0.1;Database=never-opened",
        };

        StorageProviders.Register(services, new ConfigurationBuilder().Build(), options);

        foreach (var store in StorageProviders.Stores)
        {
            var registration = Assert.Single(services, service => service.ServiceType == store);
            Assert.Equal(ServiceLifetime.Singleton, registration.Lifetime);
        }
        Assert.Single(services, service => service.ServiceType == typeof(IStorageProvider));
        Assert.Single(services, service => service.ServiceType == typeof(KeyEncryptionKeys));
    }

    [Fact]
    public async Task AnUnknownProviderStopsTheServiceWithOneClearLine()
    {
        var (exitCode, output) = await RunServiceAsync("--Storage:Provider=Oracle");

        Assert.Equal(1, exitCode);
        Assert.Equal("recrypt-service: Storage:Provider 'Oracle' is not a storage provider: use LiteDB or PostgreSQL.", output.Trim());
    }

    [Fact]
    public async Task PostgreSqlWithoutAConnectionStringOrAKeyEncryptionKeyStopsTheServiceSayingWhatToSet()
    {
        var (noConnection, noConnectionOutput) = await RunServiceAsync("--Storage:Provider=PostgreSQL");
        var database = TestDatabase.For(TestDatabase.PostgreSQL);
        var (noKey, noKeyOutput) = await RunServiceAsync("--Storage:Provider=PostgreSQL", $"--Storage:ConnectionString={database.ConnectionString}");

        Assert.Equal(1, noConnection);
        Assert.Contains("Storage:ConnectionString is not set", noConnectionOutput, StringComparison.Ordinal);
        Assert.Equal(2, noKey);
        Assert.Contains("set Storage:KeyEncryptionKey", noKeyOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", noKeyOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableDatabaseStopsTheServiceWithOneLineAndNoPassword()
    {
        var port = ServiceProcess.FreePort();
        var (exitCode, output) = await RunServiceAsync(
            "--Storage:Provider=PostgreSQL", $"--Storage:ConnectionString=Host=127.0.0.1;Port={port};Username=recrypt;Password=hunter2;Database=x;Timeout=3",
            "--Storage:KeyEncryptionKey=" + Convert.ToBase64String(new byte[32]));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("recrypt-service: cannot open the database:", output.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrationsAreRecordedOnceAndADatabaseFromANewerServiceIsRefused()
    {
        var database = TestDatabase.For(TestDatabase.PostgreSQL);
        // Two starts over one database, one after the other: each migration is applied once.
        using (var first = RecryptServiceFactory.On(database))
        {
            await first.StartedAsync();
        }
        using (var second = RecryptServiceFactory.On(database))
        {
            await second.StartedAsync();
        }
        Assert.Equal(AllMigrations, database.Query("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"));

        database.Query("INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')");
        var (exitCode, output) = await RunServiceAsync(database.Arguments);

        Assert.Equal(2, exitCode);
        Assert.Contains($"schema version 99, newer than this service's {PostgreSqlMigrations.Latest}", output, StringComparison.Ordinal);
    }

    /// <summary>Every migration's version, in order, as PostgreSQL's string_agg lists them.</summary>
    public static string AllMigrations => string.Join(',', PostgreSqlMigrations.All.Select(migration => migration.Version));

    [Fact]
    public async Task ExpiredNoncesAreDeletedAndOnlyUnexpiredOnesRefuseAReplay()
    {
        using var factory = new RecryptServiceFactory(TestDatabase.PostgreSQL);
        await factory.StartedAsync();
        var nonces = factory.Services.GetRequiredService<PostgreSqlNonceStore>();
        var now = DateTimeOffset.UtcNow;

        Assert.True(nonces.TryUse("alice", "expired", now.AddSeconds(-1)));
        Assert.True(nonces.TryUse("alice", "live", now.AddMinutes(5)));
        Assert.False(nonces.TryUse("alice", "live", now.AddMinutes(5)));
        // An expired row no longer refuses (its request's timestamp is refused anyway), and the clean-up deletes it.
        Assert.True(nonces.TryUse("alice", "expired", now.AddSeconds(-1)));
        Assert.Equal(1, nonces.RemoveExpired());
        Assert.Equal(1, nonces.Count());
        Assert.False(nonces.TryUse("alice", "live", now.AddMinutes(5)));
        Assert.IsType<PostgreSqlNonceStore>(factory.Services.GetRequiredService<INonceStore>());
    }

    [Fact]
    public async Task KekRotateOnPostgreSqlSealsEverySecretAgainWithTheNewKey()
    {
        var database = TestDatabase.For(TestDatabase.PostgreSQL);
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        string documentId;
        using (var before = RecryptServiceFactory.On(database))
        {
            var aliceClient = await before.RegisterAsync(alice);
            await before.RegisterAsync(bob);
            await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
            documentId = (await aliceClient.CreateDocumentKeyAsync(alice.NewDocumentKey().Value)).Id;
        }
        var next = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        string[] Rotate(params string[] keys) =>
            ["kek", "rotate", "--Storage:Provider=PostgreSQL", $"--Storage:ConnectionString={database.ConnectionString}", .. keys];

        // The new key configured, the old one as the previous: the grant's transform key and the service key
        // are sealed again; a second run finds nothing left to do.
        var (rotated, rotation) = await ServiceProcess.RunCommandAsync(Rotate($"--Storage:KeyEncryptionKey={next}", $"--Storage:PreviousKeyEncryptionKey={database.KeyEncryptionKey}"));
        Assert.True(rotated == 0, rotation);
        Assert.Contains("Sealed 2 secrets again", rotation, StringComparison.Ordinal);
        var (again, nothing) = await ServiceProcess.RunCommandAsync(Rotate($"--Storage:KeyEncryptionKey={next}", $"--Storage:PreviousKeyEncryptionKey={database.KeyEncryptionKey}"));
        Assert.True(again == 0, nothing);
        Assert.Contains("Sealed 0 secrets again", nothing, StringComparison.Ordinal);

        // Only the new key opens them now: the old one alone opens nothing.
        using (var after = RecryptServiceFactory.On(database.WithKeyEncryptionKey(next)))
        {
            var fetched = await after.CreateClient(bob).GetDocumentKeyAsync(documentId);
            Assert.NotNull(fetched.EncryptedValue);
        }
        var sealedKey = Convert.FromHexString(database.Query("SELECT encode(transform_key, 'hex') FROM grants"));
        var oldKeyOnly = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [KeyEncryptionKeys.ConfigurationKey] = database.KeyEncryptionKey }).Build();
        using (var old = KeyEncryptionKeys.Load(oldKeyOnly, new StorageOptions { Provider = StorageProvider.PostgreSQL, DatabasePath = "/tmp/unused.db" }, () => true))
        {
            var refused = Assert.Throws<StorageException>(() => old.Open(sealedKey, "grants", $"{alice.Id}:{bob.Id}"));
            Assert.Contains("sealed with a key-encryption key the service was not given", refused.Message, StringComparison.Ordinal);
        }

        // With a key file, which instances read only at start: refused while another session is connected, then rotated.
        var keyFile = Path.Combine(Path.GetTempPath(), "recrypt-tests", Guid.NewGuid().ToString("N"), "kek.b64");
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        await File.WriteAllTextAsync(keyFile, next + "\n");
        try
        {
            await using (var session = new Npgsql.NpgsqlConnection(database.ConnectionString))
            {
                await session.OpenAsync();
                var (refused, refusal) = await ServiceProcess.RunCommandAsync(Rotate($"--Storage:KeyEncryptionKeyPath={keyFile}"));
                Assert.True(refused == 1, refusal);
                Assert.Contains("other sessions are connected to the database: stop every instance first", refusal, StringComparison.Ordinal);
                Assert.Equal(next + "\n", await File.ReadAllTextAsync(keyFile));
            }
            Npgsql.NpgsqlConnection.ClearAllPools();
            var (fileRotated, fileRotation) = await ServiceProcess.RunCommandAsync(Rotate($"--Storage:KeyEncryptionKeyPath={keyFile}"));
            Assert.True(fileRotated == 0, fileRotation);
            Assert.Contains("2 secrets sealed again with the new key", fileRotation, StringComparison.Ordinal);
            var newest = (await File.ReadAllTextAsync(keyFile)).Trim();
            Assert.NotEqual(next, newest);
            Assert.False(File.Exists(keyFile + ".next"));
            using var last = RecryptServiceFactory.On(database.WithKeyEncryptionKey(newest));
            Assert.NotNull((await last.CreateClient(bob).GetDocumentKeyAsync(documentId)).EncryptedValue);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(keyFile)!, recursive: true);
        }
    }

    // The service as a process that is expected to stop at start: its exit code and everything it wrote.
    internal static async Task<(int ExitCode, string Output)> RunServiceAsync(params string[] arguments)
    {
        var assembly = typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RecryptServiceAssembly").Value!;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        start.ArgumentList.Add($"--Storage:DatabasePath={Path.Combine(Path.GetTempPath(), "recrypt-tests", Guid.NewGuid().ToString("N"), "recrypt.db")}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "None";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The service did not stop at start:\n{await output}{await error}");
        }
        return (process.ExitCode, (await output) + (await error));
    }
}
