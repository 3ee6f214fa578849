using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace Recrypt.Browser.Tests;

public sealed class ApiPageTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task TheApiPageIsOursAndMakesNoRequestToAnotherHost()
    {
        var requests = new List<string>();
        var page = await session.NewRecordedPageAsync(requests);

        var response = await page.GotoAsync("/scalar", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.NotNull(response);
        Assert.Equal((int)HttpStatusCode.OK, response.Status);
        // Scalar has rendered the document: the operations are listed.
        await page.GetByText("Reports that the service is up").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await BrowserSession.SaveScreenshotAsync(page, "scalar.png", fullPage: false);

        // Every problem at once, so that one run shows all that is wrong.
        var problems = new List<string>();
        var title = await page.TitleAsync();
        if (title != "Recrypt service API")
        {
            problems.Add($"the title is \"{title}\"");
        }
        foreach (var unwanted in new[] { "Ask AI", "Deploy", "Generate SDK" })
        {
            var shown = await page.GetByText(unwanted).CountAsync()
                + await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = unwanted }).CountAsync();
            if (shown > 0)
            {
                problems.Add($"\"{unwanted}\" is shown");
            }
        }
        lock (requests)
        {
            problems.AddRange(requests.Where(url => !BrowserSession.IsLocal(url)).Select(url => $"it requested {url}"));
            Assert.Contains(requests, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        }
        Assert.True(problems.Count == 0, "The API page is not ours or not offline:\n" + string.Join('\n', problems));
        // The samples name the address the page was reached at.
        Assert.Contains($"curl {session.Service.BaseAddress.AbsoluteUri.TrimEnd('/')}/health", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenApiDocumentNamesTheAddressTheServiceWasReachedAt()
    {
        var requests = new List<string>();
        var page = await session.NewRecordedPageAsync(requests);

        var document = await page.APIRequest.GetAsync("/openapi/v1.json");

        using var json = JsonDocument.Parse(await document.TextAsync());
        var servers = json.RootElement.GetProperty("servers").EnumerateArray().Select(server => server.GetProperty("url").GetString()).ToList();
        Assert.Equal([session.Service.BaseAddress.AbsoluteUri.TrimEnd('/')], servers);
    }
}
