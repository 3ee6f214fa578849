using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Xunit;

namespace Recrypt.Testing;

/// <summary>
/// The real service: <c>dotnet Recrypt.Service.dll --urls http://127.0.0.1:&lt;port&gt; --Storage:DatabasePath=&lt;path&gt;</c>,
/// run from the service's build output, with its standard output and error captured. Shared by the
/// service's and the CLI's end-to-end tests (compiled into each); each test project records where
/// the service was built in its assembly metadata <c>RecryptServiceAssembly</c>.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServiceProcess(Process process, StringBuilder output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The built service assembly, as the test project that compiles this file recorded it.</summary>
    internal static string ServiceAssembly { get; } =
        typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "RecryptServiceAssembly")?.Value
        ?? throw new InvalidOperationException("The test assembly does not record where Recrypt.Service.dll was built.");

    /// <summary>Everything the process wrote to standard output and standard error so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the service and waits until <c>GET /health</c> answers.</summary>
    public static async Task<ServiceProcess> StartAsync(string databasePath, int port, params string[] arguments)
    {
        var assembly = ServiceAssembly;
        Assert.True(File.Exists(assembly), $"{assembly} does not exist: build the solution first.");
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.ArgumentList.Add($"--Storage:DatabasePath={databasePath}");
        // End-to-end suites drive many writes from one address and identity; the limits have tests of their own
        // (RateLimitTests). A test that wants them passes --RateLimits:Enabled=true after this.
        start.ArgumentList.Add("--RateLimits:Enabled=false");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, output, new Uri(url));

        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                // HasExited can be seen before the last lines of output are read: wait for both streams to end.
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"The service exited with {process.ExitCode} while starting:\n{service.Output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > s_startTimeout)
            {
                await service.DisposeAsync();
                throw new TimeoutException($"The service did not answer /health within {s_startTimeout}:\n{service.Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Runs one of the service's commands (<c>dotnet Recrypt.Service.dll check|backup|kek|migrate …</c>) to its end;
    /// returns its exit code and everything it wrote.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] arguments)
    {
        var assembly = ServiceAssembly;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output) + (await error));
    }

    /// <summary>Stops the service as an operator does (SIGTERM, a graceful shutdown) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(s_stopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The service did not stop within {s_stopTimeout} of SIGTERM:\n{Output}");
        }
        Assert.True(_process.ExitCode == 0, $"The service exited with {_process.ExitCode}:\n{Output}");
    }

    /// <summary>Kills the service outright (SIGKILL: no shutdown code runs) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
