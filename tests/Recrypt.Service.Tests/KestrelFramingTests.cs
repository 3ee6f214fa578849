using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Recrypt.Service.Tests.HttpFuzz;

namespace Recrypt.Service.Tests;

/// <summary>Framing errors only a real Kestrel sees (the in-memory server does not parse HTTP/1.1).</summary>
public sealed class KestrelFramingTests
{
    [Theory]
    [InlineData("ffffffffffffffff")] // found by the HTTP fuzzer: Kestrel throws IOException("Bad chunk size data."), which was a 500
    [InlineData("100000000")]
    public async Task AChunkSizeThatOverflowsIsABadRequest(string chunkSize)
    {
        using var factory = new RecryptServiceFactory();
        using var service = factory.WithWebHostBuilder(host => host.UseSetting("urls", "http://127.0.0.1:0"));
        service.UseKestrel();
        service.StartServer();
        var address = new Uri(service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var request = new RawRequest { Method = "POST", Target = "/identities", Chunked = true, RawChunkedBody = System.Text.Encoding.ASCII.GetBytes($"{chunkSize}\r\nab") };
        request.Headers.Add(("Content-Type", "application/json"));

        var statuses = await RawHttp.SendAsync(new IPEndPoint(IPAddress.Loopback, address.Port), request.ToBytes());

        Assert.Equal([400], statuses);
    }
}
