using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recrypt.Testing;

/// <summary>
/// Debian's nginx as a round-robin load balancer on a free loopback port in front of service instances:
/// the configuration of docs/deployment.md (<see cref="Configuration"/>) in a temporary folder of its own,
/// one process in the foreground (no daemon, no master: it runs as whoever runs the tests), stopped and
/// deleted on dispose.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    private NginxProxy(Process process, string folder, Uri baseAddress)
    {
        _process = process;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Whether nginx is installed (<c>build.ps1 setup</c> installs it).</summary>
    public static bool IsInstalled => File.Exists("/usr/sbin/nginx");

    /// <summary>
    /// The configuration: round robin over <paramref name="upstreams"/>, the request target passed through
    /// unchanged (signatures cover it), keep-alive connections to the instances, and a retry on another
    /// instance only when one cannot be connected to (never for a request an instance may have acted on).
    /// </summary>
    public static string Configuration(int port, IEnumerable<Uri> upstreams, string folder) => $$"""
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 1024; }
        http {
            access_log off;
            client_body_temp_path {{folder}}/body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;
            upstream recrypt {
        {{string.Concat(upstreams.Select(upstream => $"        server {upstream.Host}:{upstream.Port};\n"))}}        keepalive 64;
            }
            server {
                listen 127.0.0.1:{{port}};
                client_max_body_size 1m;
                location / {
                    proxy_pass http://recrypt;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_next_upstream error timeout;
                    proxy_next_upstream_tries 2;
                }
            }
        }
        """;

    /// <summary>Starts nginx in front of <paramref name="upstreams"/> and waits until it answers <c>/health</c> through them.</summary>
    public static async Task<NginxProxy> StartAsync(IReadOnlyList<Uri> upstreams)
    {
        var folder = Path.Combine(Path.GetTempPath(), "recrypt-nginx-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var configuration = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configuration, Configuration(port, upstreams, folder));
        var start = new ProcessStartInfo("/usr/sbin/nginx")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", folder, "-c", configuration, "-e", Path.Combine(folder, "error.log") })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var proxy = new NginxProxy(process, folder, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => proxy.Append(line.Data);
        process.ErrorDataReceived += (_, line) => proxy.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = proxy.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                var log = File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "";
                await proxy.DisposeAsync();
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}:\n{proxy.Output}\n{log}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return proxy;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                await proxy.DisposeAsync();
                throw new TimeoutException($"nginx did not answer /health within 30 s:\n{proxy.Output}");
            }
            await Task.Delay(100);
        }
    }

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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
