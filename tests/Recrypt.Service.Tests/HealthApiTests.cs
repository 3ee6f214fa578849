using System.Net;
using System.Text.Json;

namespace Recrypt.Service.Tests;

public sealed class HealthApiTests
{
    [Fact]
    public async Task Health_ReportsOkAndTheNativeAbiVersion()
    {
        using var factory = new RecryptServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        var abiVersion = body.RootElement.GetProperty("native").GetProperty("abiVersion").GetUInt32();
        Assert.NotEqual(0u, abiVersion);
        Assert.Equal(RecryptLibrary.AbiVersion, abiVersion);
    }

    [Fact]
    public void Startup_CreatesTheConfiguredDatabaseDirectory()
    {
        using var factory = new RecryptServiceFactory();

        _ = factory.Server;

        Assert.True(Directory.Exists(factory.DataDirectory), $"expected {factory.DataDirectory} to exist");
    }
}
