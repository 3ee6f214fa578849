using System.Net;

namespace Recrypt.Service.Tests;

/// <summary>Tests that measure the process's allocations run alone, after every other test.</summary>
[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;

/// <summary>
/// No work before the bytes arrive: the service used to allocate a buffer of the declared Content-Length
/// (up to 1 MiB) for every request before reading a byte, so slow or lying clients could make it hold
/// memory they never sent. This measures allocations (deterministic), not time.
/// </summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class RequestBodyAllocationTests
{
    private const int Declared = 1024 * 1024;
    private const int Sent = 16;
    private const int Requests = 32;

    /// <summary>A body that declares <see cref="Declared"/> bytes and sends <see cref="Sent"/>.</summary>
    private sealed class LyingContent : HttpContent
    {
        public LyingContent()
        {
            Headers.ContentType = new("application/json");
            Headers.ContentLength = Declared;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(new byte[Sent]).AsTask();

        // The in-memory test client reads content as a stream; the default would buffer it to the declared length.
        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(new byte[Sent]));

        protected override bool TryComputeLength(out long length)
        {
            length = Declared;
            return true;
        }
    }

    [Fact]
    public async Task ARequestCostsTheBytesThatArrivedNotTheDeclaredLength()
    {
        using var factory = new RecryptServiceFactory();
        using var http = factory.CreateClient();
        async Task SendAsync()
        {
            using var response = await http.PostAsync(new Uri("/identities", UriKind.Relative), new LyingContent());
            Assert.InRange((int)response.StatusCode, 400, 499);
        }
        for (var i = 0; i < 4; i++)
        {
            await SendAsync(); // warm up: the first requests build the pipeline and its caches
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Requests; i++)
        {
            await SendAsync();
        }
        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - before) / Requests;

        // Before the fix each request allocated at least the declared 1 MiB; now a few kilobytes of
        // framework bookkeeping and nothing in proportion to the declared length.
        Assert.True(perRequest < Declared / 8, $"each request allocated {perRequest} bytes for a body of {Sent} bytes that declared {Declared}");
    }
}
