using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

using Recrypt.Testing;

namespace Recrypt.Service.Tests.HttpFuzz;

/// <summary>
/// Sends fuzz cases to the service over real sockets (Kestrel, in this process so that its database can
/// be read) and checks, after every request: an answer came, it is not a 5xx, and the stored data is
/// unchanged unless the request was a write that succeeded. Every 250 requests, and at the end,
/// <c>GET /health</c> must answer 200.
/// </summary>
internal sealed class FuzzRun : IAsyncDisposable
{
    private static readonly HashSet<string> s_reads = ["GET", "HEAD", "OPTIONS", "TRACE"];

    private readonly RecryptServiceFactory _factory;
    private readonly WebApplicationFactory<Program> _service;
    private readonly IPEndPoint _endpoint;
    private readonly SortedDictionary<string, SortedDictionary<int, int>> _byKind = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private string _baseline = "";
    private ServerErrors _serverErrors = new();

    private FuzzRun(RecryptServiceFactory factory, WebApplicationFactory<Program> service, IPEndPoint endpoint, FuzzFixtures fixtures, HttpFuzzer fuzzer)
    {
        _factory = factory;
        _service = service;
        _endpoint = endpoint;
        Fixtures = fixtures;
        Fuzzer = fuzzer;
    }

    public FuzzFixtures Fixtures { get; }

    public HttpFuzzer Fuzzer { get; }

    public int Sent { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Starts the service on a free loopback port (never a fixed one), without rate limits, and reads its OpenAPI document.</summary>
    public static async Task<FuzzRun> StartAsync(string provider = TestDatabase.LiteDB)
    {
        var factory = new RecryptServiceFactory(provider);
        var serverErrors = new ServerErrors();
        var service = factory.WithWebHostBuilder(host => host
            .UseSetting("RateLimits:Enabled", "false")
            .UseSetting("Logging:LogLevel:Default", "Warning")
            .UseSetting("urls", "http://127.0.0.1:0")
            .ConfigureServices(services => services.AddSingleton<IStartupFilter>(serverErrors)));
        service.UseKestrel();
        service.StartServer();
        var address = service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address);
        var endpoint = new IPEndPoint(IPAddress.Loopback, baseAddress.Port);

        using var http = new HttpClient { BaseAddress = baseAddress };
        var operations = OpenApiOperations.Read(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var fixtures = await FuzzFixtures.CreateAsync(baseAddress);
        var run = new FuzzRun(factory, service, endpoint, fixtures, new HttpFuzzer(fixtures, operations)) { _serverErrors = serverErrors };
        run._baseline = DatabaseSnapshot.Take(service);
        return run;
    }

    public async Task SendAsync(IEnumerable<FuzzCase> cases, int limit = int.MaxValue)
    {
        foreach (var fuzzCase in cases.Take(limit))
        {
            await SendOneAsync(fuzzCase);
            if (Sent % 250 == 0)
            {
                await CheckHealthAsync();
            }
        }
        await CheckHealthAsync();
        if (DatabaseSnapshot.Take(_service) != _baseline)
        {
            _failures.Add($"after {Sent} requests the stored data had changed since the last successful write");
        }
    }

    private async Task SendOneAsync(FuzzCase fuzzCase)
    {
        Sent++;
        var label = $"{fuzzCase.Kind} / {fuzzCase.Operation} / {fuzzCase.Mutation}";
        int[] statuses;
        var errorsBefore = _serverErrors.Count;
        try
        {
            statuses = await RawHttp.SendAsync(_endpoint, fuzzCase.Request.ToBytes(), giveUp: fuzzCase.SendsLessThanDeclared);
        }
        catch (TimeoutException exception)
        {
            _failures.Add($"{label}: {exception.Message}");
            return;
        }

        var counts = _byKind.TryGetValue(fuzzCase.Kind, out var existing) ? existing : _byKind[fuzzCase.Kind] = new();
        var status = statuses.Length == 0 ? 0 : statuses[0];
        counts[status] = counts.GetValueOrDefault(status) + 1;
        if (statuses.Length == 0 && !fuzzCase.SendsLessThanDeclared)
        {
            _failures.Add($"{label}: no response");
        }
        if (_serverErrors.Count != errorsBefore)
        {
            _failures.Add($"{label}: the service answered {_serverErrors.Last} (seen by the service, whether or not the client got it)");
        }
        if (statuses.Any(code => code >= 500))
        {
            _failures.Add($"{label}: answered {string.Join(", ", statuses)}");
        }

        // The stored data is compared after every write, and after every 25th request (a read that wrote
        // would be caught there, blamed on the request that ends the batch).
        var isRead = s_reads.Contains(fuzzCase.Request.Method);
        if (isRead && Sent % 25 != 0)
        {
            return;
        }
        var now = DatabaseSnapshot.Take(_service);
        if (now == _baseline)
        {
            return;
        }
        var succeededWrite = !isRead && status is >= 200 and < 300;
        if (!succeededWrite)
        {
            _failures.Add($"{label}: answered {status} but the stored data changed");
        }
        if (fuzzCase.Request.Method == "DELETE" && status is >= 200 and < 300)
        {
            await Fixtures.RepairAsync();
            now = DatabaseSnapshot.Take(_service);
        }
        _baseline = now;
    }

    private async Task CheckHealthAsync()
    {
        var statuses = await RawHttp.SendAsync(_endpoint, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"u8.ToArray());
        if (statuses is not [200])
        {
            _failures.Add($"after {Sent} requests GET /health answered {string.Join(", ", statuses)}");
        }
    }

    /// <summary>Requests sent by kind, and the status codes they got.</summary>
    public string Report(TimeSpan elapsed, string mode)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"HTTP fuzzing ({mode}): {Sent} requests in {elapsed.TotalSeconds:F1} s, {_failures.Count} failures");
        report.AppendLine("| kind | requests | status codes |");
        report.AppendLine("|---|---:|---|");
        foreach (var (kind, counts) in _byKind)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {counts.Values.Sum()} | {string.Join(", ", counts.Select(pair => $"{pair.Key}: {pair.Value}"))} |");
        }
        foreach (var failure in _failures.OrderBy(failure => failure.Contains("answered 5", StringComparison.Ordinal) || failure.Contains("exception", StringComparison.Ordinal) ? 0 : 1).Take(60))
        {
            report.AppendLine(failure);
        }
        return report.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Fixtures.Dispose();
        await _service.DisposeAsync();
        await _factory.DisposeAsync();
    }

    public static Stopwatch Clock() => Stopwatch.StartNew();

    /// <summary>
    /// Records, inside the service, every answer of 500 or more (and any exception that escaped), so
    /// that a 5xx counts even when the client had gone before it was written.
    /// </summary>
    private sealed class ServerErrors : IStartupFilter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public string Last { get; private set; } = "";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                try
                {
                    await following(context);
                }
                catch (Exception exception)
                {
                    Record($"an exception: {exception.GetType().Name}: {exception.Message}");
                    throw;
                }
                if (context.Response.StatusCode >= 500)
                {
                    Record($"{context.Response.StatusCode}");
                }
            });
            next(app);
        };

        private void Record(string what)
        {
            Last = what;
            Interlocked.Increment(ref _count);
        }
    }
}
