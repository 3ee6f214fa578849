using System.Net;
using System.Text;

namespace Recrypt.Service.Tests;

/// <summary>Every failure is a ProblemDetails with a stable type, and a client's mistake is never a 500.</summary>
public sealed class ErrorsTests
{
    [Fact]
    public async Task AnUnknownRouteIsANotFoundProblem()
    {
        using var factory = new RecryptServiceFactory();
        using var http = factory.CreateClient();

        using var response = await http.GetAsync(new Uri("/no/such/route", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task AWrongMethodIsAMethodNotAllowedProblem()
    {
        using var factory = new RecryptServiceFactory();
        using var http = factory.CreateClient();

        using var response = await http.DeleteAsync(new Uri("/health", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task ABodyOverOneMebibyteIsAPayloadTooLargeProblem()
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        using var http = factory.CreateSignedHttpClient(alice);
        var huge = new string('A', (1024 * 1024) + 1);

        using var response = await http.PostAsync("/identities", new StringContent($$"""{"publicKey":"{{huge}}"}""", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task AChunkedBodyOverOneMebibyteIsAPayloadTooLargeProblem()
    {
        using var factory = new RecryptServiceFactory();
        using var http = factory.CreateClient();
        using var stream = new MemoryStream(new byte[2 * 1024 * 1024]);
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new("application/json");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/documents", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    public static TheoryData<string, string, string, string> ClientMistakes => new()
    {
        // method, path, content type, body
        { "POST", "/identities", "application/json", "{" },
        { "POST", "/identities", "application/json", "\"just a string\"" },
        { "POST", "/identities", "application/json", """{"publicKey":[1,2,3],"signingPublicKey":"AAAA"}""" },
        { "POST", "/identities", "application/xml", "<identity/>" },
        { "POST", "/identities", "application/json", """{"publicKey":"AAAA","signingPublicKey":"AAAA","name":{"nested":true}}""" },
        { "POST", "/identities", "application/json", new string('[', 5000) },
        { "PUT", "/identities/x/grants/y", "application/json", "{}" },
        { "POST", "/documents", "application/json", "{}" },
        { "GET", "/identities/%2F..%2F", "", "" },
        { "GET", "/identities/" + new string('a', 3000), "", "" },
        { "GET", "/documents/../../etc/passwd", "", "" },
        { "PATCH", "/documents", "application/json", "{}" },
    };

    [Theory]
    [MemberData(nameof(ClientMistakes))]
    public async Task AClientMistakeIsAProblemBelow500(string method, string path, string contentType, string body)
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateSignedHttpClient(alice);

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (contentType.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }
        using var response = await http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{\"type\":\"urn:recrypt:problem:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
