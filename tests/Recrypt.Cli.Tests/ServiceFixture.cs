using System.Net;
using Recrypt.Cli.KeyStore;
using Recrypt.Client;
using Recrypt.Testing;

namespace Recrypt.Cli.Tests;

/// <summary>
/// One real service for a test class, with Alice's identity created and registered in a key store of her
/// own. Tests make their own files and further people under <see cref="Directory"/>.
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    private static readonly TransformEncryption s_recrypt = new();

    private ServiceProcess? _service;

    public TempDirectory Directory { get; } = new();

    public ServiceProcess Service => _service ?? throw new InvalidOperationException("The service has not started.");

    public CliProcess Alice { get; private set; } = null!;

    public string AliceId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _service = await ServiceProcess.StartAsync(Directory.File("service.db"), ServiceProcess.FreePort());
        Alice = Person("alice");
        await Expect(0, Alice.RunAsync("identity", "new", "alice"));
        await Expect(0, Alice.RunAsync("identity", "register"));
        AliceId = (await Expect(0, Alice.RunAsync("identity", "show", "--json"))).Json.GetProperty("id").GetString()!;
    }

    /// <summary>Someone with a key store of their own (not yet created) who talks to the service.</summary>
    public CliProcess Person(string name) =>
        new(System.IO.Directory.CreateDirectory(Directory.File(name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName, Service.BaseAddress);

    /// <summary>A fresh directory for one test's files.</summary>
    public string NewFolder() => System.IO.Directory.CreateDirectory(Directory.File("files-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Whether the service still holds document key <paramref name="documentId"/>, asked as Alice.</summary>
    public async Task<bool> AliceHasDocumentKeyAsync(string documentId)
    {
        using var identity = new IdentityKeyStore(Alice.Home).Unlock(() => null);
        using var http = new HttpClient(new RecryptRequestSigner(s_recrypt, identity.SigningKeyPair, Service.BaseAddress) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = Service.BaseAddress,
        };
        try
        {
            await new RecryptServiceClient(http, s_recrypt).GetDocumentKeyAsync(documentId);
            return true;
        }
        catch (RecryptServiceException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public static async Task<CliResult> Expect(int exitCode, Task<CliResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == exitCode, $"Expected exit code {exitCode}, got {result}");
        return result;
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        Directory.Dispose();
    }
}
