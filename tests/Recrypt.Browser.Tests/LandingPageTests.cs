using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace Recrypt.Browser.Tests;

public sealed class LandingPageTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task TheLandingPageSaysWhatThisServiceIsAndEveryLinkAnswers()
    {
        var requests = new List<string>();
        var page = await session.NewRecordedPageAsync(requests);

        var response = await page.GotoAsync("/");

        Assert.NotNull(response);
        Assert.Equal((int)HttpStatusCode.OK, response.Status);
        Assert.Equal("Recrypt service", await page.TitleAsync());
        Assert.Equal("Recrypt service", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("proxy re-encryption", await page.Locator(".lead").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+", await page.Locator("#version").InnerTextAsync());
        Assert.Contains("Barreto–Naehrig", await page.Locator("#curve").InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("ok", await page.Locator("#health").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Ed25519", await page.Locator("#signing").InnerTextAsync(), StringComparison.Ordinal);
        var address = session.Service.BaseAddress.AbsoluteUri.TrimEnd('/');
        Assert.Equal(address, await page.Locator("#address").InnerTextAsync());
        var cli = await page.Locator("#cli").InnerTextAsync();
        Assert.Contains("dotnet tool install Recrypt.Cli", cli, StringComparison.Ordinal);
        Assert.Contains($"RECRYPT_SERVER={address}", cli, StringComparison.Ordinal);

        var links = await page.Locator("a").EvaluateAllAsync<string[]>("links => links.map(link => link.getAttribute('href'))");
        Assert.Superset(
            new HashSet<string> { "/scalar", "/openapi/v1.json", "/health", "/service", "/docs/service.md", "/docs/cli.md", "/docs/file-format.md" },
            links.ToHashSet());
        foreach (var link in links.Distinct())
        {
            var target = await page.APIRequest.GetAsync(link);
            Assert.True(target.Ok, $"{link} answered {target.Status}");
        }
        var serviceDoc = await page.APIRequest.GetAsync("/docs/service.md");
        Assert.StartsWith("# The Recrypt service", await serviceDoc.TextAsync(), StringComparison.Ordinal);

        await BrowserSession.SaveScreenshotAsync(page, "landing.png");
        Assert.All(requests, url => Assert.True(BrowserSession.IsLocal(url), $"the landing page requested {url}"));
    }

    [Fact]
    public async Task TheLandingPageEscapesTheHostItWasReachedAt()
    {
        // The Host header is the one value on the page that a client chooses; & and ' are valid in it.
        // Sent by hand: HttpClient refuses such a Host.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(session.Service.BaseAddress.Host, session.Service.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a&b'c\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);

        var response = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy: default-src 'none'", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<code id=\"address\">http://a&amp;b&#39;c</code>", response, StringComparison.Ordinal);
        Assert.DoesNotContain("a&b'c", response, StringComparison.Ordinal);
    }
}
