using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Recrypt.Client;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// The service in memory, with its database under a temporary directory of its own that is deleted when
/// the factory is disposed (LiteDB, the default), or a fresh PostgreSQL database of its own on the test
/// process's cluster. Create one per test.
/// </summary>
public sealed class RecryptServiceFactory : WebApplicationFactory<Program>
{
    private bool _ownsDirectory;
    private readonly bool _seedCompatibility;

    /// <summary>A service on a fresh database of its own, on <paramref name="provider"/> (<see cref="TestDatabase.LiteDB"/> or <see cref="TestDatabase.PostgreSQL"/>).</summary>
    public RecryptServiceFactory(bool seedCompatibility = false, string provider = TestDatabase.LiteDB)
        : this(Path.Combine(Path.GetTempPath(), "recrypt-tests", Guid.NewGuid().ToString("N")), ownsDirectory: true, seedCompatibility, TestDatabase.For(provider))
    {
    }

    /// <summary>A service on a fresh database of its own, on <paramref name="provider"/>.</summary>
    public RecryptServiceFactory(string provider)
        : this(seedCompatibility: false, provider)
    {
    }

    private RecryptServiceFactory(string dataDirectory, bool ownsDirectory, bool seedCompatibility, TestDatabase database)
    {
        DataDirectory = dataDirectory;
        DatabasePath = Path.Combine(DataDirectory, "recrypt.db");
        _ownsDirectory = ownsDirectory;
        _seedCompatibility = seedCompatibility;
        Database = database;
    }

    /// <summary>A service on <paramref name="database"/> as it is (a PostgreSQL database another service used too).</summary>
    public static RecryptServiceFactory On(TestDatabase database) =>
        new(Path.Combine(Path.GetTempPath(), "recrypt-tests", Guid.NewGuid().ToString("N")), ownsDirectory: true, seedCompatibility: false, database);

    /// <summary>Where the service keeps its records (the provider, and PostgreSQL's database).</summary>
    public TestDatabase Database { get; }

    public string DataDirectory { get; }

    public string DatabasePath { get; }

    /// <summary>
    /// Stops this service (which disposes, hence flushes, its database) and returns another on the same
    /// database, which takes over the temporary directory: a restart.
    /// </summary>
    public RecryptServiceFactory Restart()
    {
        _ownsDirectory = false;
        Dispose();
        WaitUntilTheDatabaseIsClosed();
        return new(DataDirectory, ownsDirectory: true, _seedCompatibility, Database) { Curve = Curve };
    }

    /// <summary>The deployment's curve (<c>Scheme:Curve</c>); Api256 unless a test sets it.</summary>
    public RecryptCurve Curve { get; init; } = RecryptCurve.Api256;

    /// <summary>The service's clock, when a test sets one (the system's otherwise).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// The host can still be disposing on the app's own thread when <see cref="Dispose(bool)"/> returns (both
    /// dispose it, and the second call returns at once). LiteDB deletes its log file last, once the checkpoint
    /// is done and the file closed: this waits for that, before the file is opened again or its folder deleted
    /// (deleting it earlier failed now and then with "Directory not empty": the log file was still being written).
    /// </summary>
    private void WaitUntilTheDatabaseIsClosed()
    {
        var log = Path.Combine(DataDirectory, Path.GetFileNameWithoutExtension(DatabasePath) + "-log" + Path.GetExtension(DatabasePath));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (File.Exists(log) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
    }

    /// <summary>Waits until the service has started and its storage is ready (migrated, checked): its first request waits for that.</summary>
    public async Task StartedAsync()
    {
        using var http = CreateClient();
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        health.EnsureSuccessStatusCode();
    }

    /// <summary>A typed client that signs its requests as <paramref name="identity"/>.</summary>
    public RecryptServiceClient CreateClient(TestIdentity identity) =>
        new(CreateSignedHttpClient(identity), TestIdentity.Recrypt);

    /// <summary>An HTTP client that signs its requests as <paramref name="identity"/>, for this service.</summary>
    public HttpClient CreateSignedHttpClient(TestIdentity identity) => CreateSignedHttpClient(identity.SigningKeyPair);

    /// <summary>An HTTP client that signs its requests with <paramref name="signingKeyPair"/> (an identity of either curve), for this service.</summary>
    public HttpClient CreateSignedHttpClient(SigningKeyPair signingKeyPair) =>
        CreateDefaultClient(new RecryptRequestSigner(TestIdentity.Recrypt, signingKeyPair, new Uri("http://localhost/")));

    /// <summary>The audience of requests signed for this service: its signing key (<c>GET /service</c>), as hex.</summary>
    public async Task<string> AudienceAsync()
    {
        using var http = CreateClient();
        var info = await http.GetFromJsonAsync<Protocol.ServiceInfoResponse>("/service", SignedRequests.Json);
        return Protocol.SignedRequest.Audience(PublicSigningKey.Import(info!.SigningPublicKey));
    }

    /// <summary>Registers <paramref name="identity"/> and returns a client signed as it.</summary>
    public async Task<RecryptServiceClient> RegisterAsync(TestIdentity identity)
    {
        var client = CreateClient(identity);
        await client.RegisterIdentityAsync(identity.PublicKey, identity.SigningKeyPair, identity.Name);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DatabasePath", DatabasePath);
        builder.UseSetting("SeedCompatibility:Enabled", _seedCompatibility ? "true" : "false");
        builder.UseSetting("Scheme:Curve", Curve.ToString());
        foreach (var (key, value) in Database.Settings)
        {
            builder.UseSetting(key, value);
        }
        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDirectory)
        {
            WaitUntilTheDatabaseIsClosed();
            DeleteDirectory(DataDirectory);
        }
    }

    // After the wait above, a few tries still remove anything else the disposing host writes late (its other
    // files, the nonce journal's segments, are closed by the same thread).
    private static void DeleteDirectory(string path)
    {
        for (var attempt = 1; Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
