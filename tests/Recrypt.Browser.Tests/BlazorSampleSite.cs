using System.Reflection;
using Microsoft.Playwright;

namespace Recrypt.Browser.Tests;

/// <summary>
/// The published Blazor WebAssembly sample (samples/Recrypt.BlazorSample, published by this project's build:
/// see the .csproj) served on a free loopback port, and one headless Debian Chromium, shared by a class's tests.
/// </summary>
public sealed class BlazorSampleSite : IAsyncLifetime
{
    private StaticSite? _site;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The published sample's <c>wwwroot</c>, as this project's build recorded it.</summary>
    public static string Root { get; } =
        typeof(BlazorSampleSite).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "RecryptBlazorSampleRoot")?.Value
        ?? throw new InvalidOperationException("The test assembly does not record where the Blazor sample was published.");

    public Uri BaseAddress => _site?.BaseAddress ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _site = await StaticSite.StartAsync(Root);
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserSession.LaunchChromiumAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }

    /// <summary>A new page on the sample whose every request is recorded; requests off this machine are aborted.</summary>
    public Task<IPage> NewRecordedPageAsync(List<string> requests) =>
        BrowserSession.NewRecordedPageAsync(_browser ?? throw new InvalidOperationException("Not started."), BaseAddress, requests);
}
