using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Recrypt.Browser.Tests;

/// <summary>
/// samples/Recrypt.BlazorSample in headless Chromium: the Alice, Bob and Charlie story runs in the page on the
/// managed engine compiled to WebAssembly, and ends as it must. The timings the page measures are written to the
/// test output and to <c>browser-timings.md</c> next to this assembly.
/// </summary>
public sealed partial class BlazorSampleTests(BlazorSampleSite site, ITestOutputHelper output) : IClassFixture<BlazorSampleSite>
{
    // Each operation is timed this many times in the page (?rounds=): enough for a median, short enough for the suite.
    private const int Rounds = 3;

    // Loading .NET and running the story take seconds, even on a loaded machine; timing every operation takes longer.
    private static readonly float s_storyTimeout = (float)TimeSpan.FromMinutes(2).TotalMilliseconds;
    private static readonly float s_timingsTimeout = (float)TimeSpan.FromMinutes(3).TotalMilliseconds;

    private static readonly string[] s_steps =
    [
        "alice-keys", "bob-keys", "charlie-keys", "alice-signing-key", "service-signing-key", "register",
        "grant", "store-grant", "document-key", "encrypt", "store-document",
        "transform-to-bob", "bob-decrypts", "charlie-asks", "charlie-decrypts", "revoke", "bob-asks-after-revoke",
    ];

    private static readonly string[] s_refusedSteps = ["charlie-asks", "charlie-decrypts", "bob-asks-after-revoke"];

    [Fact]
    public async Task TheStoryRunsInThePageOnTheManagedEngine()
    {
        var requests = new List<string>();
        var errors = new List<string>();
        var page = await site.NewRecordedPageAsync(requests);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };

        var response = await page.GotoAsync($"/?rounds={Rounds}");

        Assert.NotNull(response);
        Assert.Equal((int)HttpStatusCode.OK, response.Status);
        await page.Locator("#story[data-state=done], #story[data-state=failed]").WaitForAsync(new LocatorWaitForOptions { Timeout = s_storyTimeout });
        var verdict = await page.Locator("#verdict").InnerTextAsync();
        Assert.True(await page.Locator("#story").GetAttributeAsync("data-state") == "done", $"The story did not end: {verdict}\n{string.Join('\n', Locked(errors))}");

        // It ran on the managed engine, in WebAssembly, and the default engine there is the managed one.
        Assert.Equal("managed", await page.Locator("#engine").InnerTextAsync());
        Assert.Equal("managed", await page.Locator("#default-engine").InnerTextAsync());
        Assert.Contains("(Wasm)", await page.Locator("#runtime").InnerTextAsync(), StringComparison.Ordinal);
        // Asking for the native engine is refused in words (the trimmed framework's own messages are resource keys).
        Assert.Equal(
            "not available: The native Recrypt library is not built for WebAssembly (browser or WASI); use RecryptBackend.Managed, which is the default here.",
            await page.Locator("#native-engine").InnerTextAsync());

        // Every step, in order, each timed.
        var rows = await ReadRowsAsync(page, "#story tbody tr", "data-step");
        Assert.Equal(s_steps, rows.Select(row => row.Key));
        foreach (var (step, cells) in rows)
        {
            Assert.True(double.TryParse(cells[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0,
                $"{step} shows the time \"{cells[3]}\"");
            Assert.Equal(s_refusedSteps.Contains(step) ? "refused" : "done", cells[4]);
        }
        var details = rows.ToDictionary(row => row.Key, row => row.Value[5]);

        // Bob decrypted the very bytes Alice encrypted: his fingerprint is that of her document key.
        var documentKey = Fingerprint(details["document-key"]);
        Assert.Contains($"the same 384 bytes as Alice's document key, fingerprint {documentKey}", details["bob-decrypts"], StringComparison.Ordinal);
        // Charlie got nothing from the service and could not decrypt Bob's copy; after the revoke, Bob got nothing.
        Assert.Equal("refused: Alice never granted Charlie", details["charlie-asks"]);
        Assert.Equal("refused: DecryptFailed", details["charlie-decrypts"]);
        Assert.Equal("refused: the grant was revoked", details["bob-asks-after-revoke"]);

        // Then every operation is timed in the page.
        await page.Locator("#timings[data-state=done], #timings[data-state=failed]").WaitForAsync(new LocatorWaitForOptions { Timeout = s_timingsTimeout });
        Assert.True(await page.Locator("#timings").GetAttributeAsync("data-state") == "done",
            $"Timing the operations failed: {await page.Locator("#verdict").InnerTextAsync()}\n{string.Join('\n', Locked(errors))}");
        var timings = await ReadRowsAsync(page, "#timings tbody tr", "data-operation");
        Assert.Contains(timings, row => row.Key == "decrypt level 1");
        Report(rows, timings, await page.Locator("#runtime").InnerTextAsync());
        await BrowserSession.SaveScreenshotAsync(page, "blazor-sample.png");

        Assert.Empty(Locked(errors));
        Assert.All(Locked(requests), url => Assert.True(BrowserSession.IsLocal(url), $"the sample requested {url}"));
        Assert.DoesNotContain(Locked(requests), url => url.Contains("recrypt_ffi", StringComparison.OrdinalIgnoreCase));
    }

    // The rows of a table: the key attribute of each row and the text of its cells.
    private static async Task<List<KeyValuePair<string, string[]>>> ReadRowsAsync(IPage page, string selector, string keyAttribute) =>
        [.. (await page.Locator(selector).EvaluateAllAsync<string[][]>(
            $"rows => rows.map(row => [row.getAttribute('{keyAttribute}'), ...[...row.cells].map(cell => cell.innerText.trim())])"))
            .Select(row => KeyValuePair.Create(row[0], row[1..]))];

    private static string Fingerprint(string detail)
    {
        var match = FingerprintPattern().Match(detail);
        Assert.True(match.Success, $"No fingerprint in \"{detail}\"");
        return match.Groups[1].Value;
    }

    private void Report(List<KeyValuePair<string, string[]>> steps, List<KeyValuePair<string, string[]>> timings, string runtime)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Headless Chromium ({BrowserSession.ChromiumPath}), {runtime}");
        text.AppendLine().AppendLine("| step | ms |").AppendLine("|---|---:|");
        foreach (var (step, cells) in steps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {cells[1]} {cells[2]} | {cells[3]} |");
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"| operation | median ms ({Rounds} rounds) |").AppendLine("|---|---:|");
        foreach (var (operation, cells) in timings)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {operation} | {cells[1]} |");
        }
        output.WriteLine(text.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "browser-timings.md"), text.ToString());
    }

    private static List<string> Locked(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    [GeneratedRegex("fingerprint ([0-9a-f]{16})")]
    private static partial Regex FingerprintPattern();
}
