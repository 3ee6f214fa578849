using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Recrypt.Client;

namespace Recrypt.Service.Tests;

/// <summary>
/// The service in memory, with its database under a temporary directory of its own that is deleted when
/// the factory is disposed. Create one per test.
/// </summary>
public sealed class RecryptServiceFactory : WebApplicationFactory<Program>
{
    private bool _ownsDirectory;
    private readonly bool _seedCompatibility;

    /// <summary>A service on a fresh database of its own.</summary>
    public RecryptServiceFactory(bool seedCompatibility = false)
        : this(Path.Combine(Path.GetTempPath(), "recrypt-tests", Guid.NewGuid().ToString("N")), ownsDirectory: true, seedCompatibility)
    {
    }

    private RecryptServiceFactory(string dataDirectory, bool ownsDirectory, bool seedCompatibility)
    {
        DataDirectory = dataDirectory;
        DatabasePath = Path.Combine(DataDirectory, "recrypt.db");
        _ownsDirectory = ownsDirectory;
        _seedCompatibility = seedCompatibility;
    }

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

        // The host can still be disposing on the app's own thread when Dispose returns (both dispose it, and
        // the second call returns at once). LiteDB deletes its log file last, once the checkpoint is done
        // and the file closed: wait for that before opening the file again.
        var log = Path.Combine(DataDirectory, Path.GetFileNameWithoutExtension(DatabasePath) + "-log" + Path.GetExtension(DatabasePath));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (File.Exists(log) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
        return new(DataDirectory, ownsDirectory: true, _seedCompatibility);
    }

    /// <summary>A typed client that signs its requests as <paramref name="identity"/>.</summary>
    public RecryptServiceClient CreateClient(TestIdentity identity) =>
        new(CreateSignedHttpClient(identity), TestIdentity.Recrypt);

    /// <summary>An HTTP client that signs its requests as <paramref name="identity"/>, for this service.</summary>
    public HttpClient CreateSignedHttpClient(TestIdentity identity) =>
        CreateDefaultClient(new RecryptRequestSigner(TestIdentity.Recrypt, identity.SigningKeyPair, new Uri("http://localhost/")));

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
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
