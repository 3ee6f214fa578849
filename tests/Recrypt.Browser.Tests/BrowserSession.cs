using System.Net;
using Microsoft.Playwright;
using Recrypt.Testing;

namespace Recrypt.Browser.Tests;

/// <summary>
/// One real service on a fresh database and one headless Debian Chromium, shared by the tests of a class.
/// Playwright's own browser download does not work here, so the tests drive the system's
/// <c>/usr/bin/chromium</c> (which <c>build.ps1 setup</c> installs).
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] s_chromiumArguments =
    [
        "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "recrypt-browser-tests", Guid.NewGuid().ToString("N"));
    private ServiceProcess? _service;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ServiceProcess Service => _service ?? throw new InvalidOperationException("Not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    /// <summary>Where the tests save their screenshots: <c>screenshots/</c> under the test output.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        _service = await ServiceProcess.StartAsync(Path.Combine(_dataDirectory, "recrypt.db"), ServiceProcess.FreePort());
        _playwright = await Playwright.CreateAsync();
        _browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Launches the system's headless Chromium; fails with what to do when it is not installed.</summary>
    public static async Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run `build.ps1 setup` (it installs Debian's chromium).");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = s_chromiumArguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// A new page whose every request is recorded in <paramref name="requests"/>; requests to any host but
    /// loopback are recorded and then aborted, so that a page that would reach out fails fast and visibly.
    /// </summary>
    public Task<IPage> NewRecordedPageAsync(List<string> requests) => NewRecordedPageAsync(Browser, Service.BaseAddress, requests);

    /// <summary>
    /// A new page of <paramref name="browser"/> on <paramref name="baseAddress"/> whose every request is recorded in
    /// <paramref name="requests"/>; requests to any host but loopback are recorded and then aborted.
    /// </summary>
    public static async Task<IPage> NewRecordedPageAsync(IBrowser browser, Uri baseAddress, List<string> requests)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.AbsoluteUri,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        await context.RouteAsync("**/*", async route =>
        {
            var url = route.Request.Url;
            lock (requests)
            {
                requests.Add(url);
            }
            if (IsLocal(url))
            {
                await route.ContinueAsync();
            }
            else
            {
                await route.AbortAsync("blockedbyclient");
            }
        });
        return await context.NewPageAsync();
    }

    /// <summary>Whether a request stays on this machine: loopback hosts, or no host at all (data:, blob:).</summary>
    public static bool IsLocal(string url)
    {
        var uri = new Uri(url);
        if (uri.Scheme is "data" or "blob" or "about")
        {
            return true;
        }
        return uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    public static async Task SaveScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name), FullPage = fullPage });
    }
}
