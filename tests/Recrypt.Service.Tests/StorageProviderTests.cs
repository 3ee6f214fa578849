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
        Assert.Equal("1,2,3", database.Query("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"));

        database.Query("INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')");
        var (exitCode, output) = await RunServiceAsync(database.Arguments);

        Assert.Equal(2, exitCode);
        Assert.Contains("schema version 99, newer than this service's 3", output, StringComparison.Ordinal);
    }

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

    // The service as a process that is expected to stop at start: its exit code and everything it wrote.
    private static async Task<(int ExitCode, string Output)> RunServiceAsync(params string[] arguments)
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
