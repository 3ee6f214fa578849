using System.Net;
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
        using var http = new HttpClient { BaseAddress = session.Service.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        // The Host header is the one value on the page that a client chooses; & and ' are valid in it.
        Assert.True(request.Headers.TryAddWithoutValidation("Host", "a&b'c"));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("http://a&amp;b&#39;c", html, StringComparison.Ordinal);
        Assert.DoesNotContain("a&b'c", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }
}
