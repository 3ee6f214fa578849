using System.Diagnostics;
using System.Net.Http;
using Recrypt.Client;

namespace Recrypt.LoadTest;

/// <summary>Runs a <see cref="Scenario"/> with N concurrent clients against a running service, and measures it.</summary>
public sealed class LoadRunner(Uri service, TransformEncryption recrypt) : IDisposable
{
    private readonly SocketsHttpHandler _transport = LoadClient.CreateTransport();
    private readonly List<LoadClient> _clients = [];
    private int _made;

    /// <summary>How long each point is measured, after <see cref="Warmup"/>.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The server's CPU time so far (<see cref="ProcessCpu"/>), read as each point's measurement starts and ends; none when not known.</summary>
    public Func<TimeSpan>? ServerCpu { get; init; }

    /// <summary>The database server's CPU time so far (PostgreSQL's processes), read likewise; none when not known.</summary>
    public Func<TimeSpan>? DatabaseCpu { get; init; }

    /// <summary>Makes and registers <paramref name="count"/> new clients, a few at a time.</summary>
    public async Task<IReadOnlyList<LoadClient>> NewClientsAsync(int count)
    {
        var clients = Enumerable.Range(0, count)
            .Select(_ => LoadClient.Create(recrypt, _transport, service, $"load-{Interlocked.Increment(ref _made)}"))
            .ToList();
        lock (_clients)
        {
            _clients.AddRange(clients);
        }
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (client, cancellationToken) => await client.RegisterAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return clients;
    }

    /// <summary>Sets up <paramref name="scenario"/> for <paramref name="concurrency"/> fresh clients and measures it.</summary>
    public Task<LoadResult> RunAsync(Scenario scenario, int concurrency) => RunAsync(scenario, concurrency, Warmup, Duration);

    /// <summary>Runs <paramref name="scenario"/> for <paramref name="duration"/> without keeping the figures.</summary>
    public Task WarmUpAsync(Scenario scenario, int concurrency, TimeSpan duration) => RunAsync(scenario, concurrency, duration, TimeSpan.Zero);

    private async Task<LoadResult> RunAsync(Scenario scenario, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        var clients = await NewClientsAsync(concurrency).ConfigureAwait(false);
        await scenario.SetupAsync(clients, NewClientsAsync).ConfigureAwait(false);

        var latencies = new List<long>[concurrency];
        var errors = new Dictionary<string, long>[concurrency];
        var requests = new long[concurrency];
        using var stop = new CancellationTokenSource();
        var measuring = 0;
        var measureStart = 0L;

        async Task WorkerAsync(int worker)
        {
            var mine = latencies[worker] = new List<long>(4096);
            var myErrors = errors[worker] = [];
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                string? error = null;
                try
                {
                    await scenario.RunOnceAsync(worker, CancellationToken.None).ConfigureAwait(false);
                }
                catch (RecryptServiceException exception)
                {
                    error = exception.StatusCode == 0 ? "client" : ((int)exception.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException)
                {
                    error = "connection";
                }
                catch (TaskCanceledException)
                {
                    error = "timeout";
                }
                catch (InvalidDataException)
                {
                    error = "wrong value";
                }
                var ended = Stopwatch.GetTimestamp();
                if (Volatile.Read(ref measuring) == 1 && started >= Volatile.Read(ref measureStart))
                {
                    requests[worker]++;
                    mine.Add(ended - started);
                    if (error is not null)
                    {
                        myErrors[error] = myErrors.GetValueOrDefault(error) + 1;
                    }
                }
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(() => WorkerAsync(worker))).ToArray();
        await Task.Delay(warmup).ConfigureAwait(false);
        var cpuBefore = ServerCpu?.Invoke();
        var databaseCpuBefore = DatabaseCpu?.Invoke();
        Volatile.Write(ref measureStart, Stopwatch.GetTimestamp());
        Volatile.Write(ref measuring, 1);
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration).ConfigureAwait(false);
        Volatile.Write(ref measuring, 0);
        var elapsed = clock.Elapsed;
        var serverCpu = ServerCpu?.Invoke() - cpuBefore;
        var databaseCpu = DatabaseCpu?.Invoke() - databaseCpuBefore;
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);

        var all = latencies.SelectMany(list => list).ToArray();
        Array.Sort(all);
        var byKind = errors.SelectMany(map => map).GroupBy(pair => pair.Key)
            .ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value));
        return new LoadResult(
            scenario.Name, concurrency, elapsed, requests.Sum(), byKind.Values.Sum(), byKind,
            LoadResult.Percentile(all, 0.50), LoadResult.Percentile(all, 0.90), LoadResult.Percentile(all, 0.99),
            LoadResult.Percentile(all, 1.0))
        {
            ServerCpu = serverCpu,
            DatabaseCpu = databaseCpu,
            Verified = scenario.Verified,
        };
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        _transport.Dispose();
    }
}
