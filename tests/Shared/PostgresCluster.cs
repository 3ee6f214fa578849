using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recrypt.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests of one test process: Debian's binaries
/// (<c>/usr/lib/postgresql/&lt;version&gt;/bin</c>), <c>initdb</c> into a temporary folder (as the unprivileged
/// <c>postgres</c> user when the tests run as root: PostgreSQL refuses root), a server on a free loopback port
/// with its socket in that folder and <c>fsync=off</c> (nothing here needs to survive the machine), trust
/// authentication on loopback only. Started on first use (<see cref="Shared"/>), stopped and deleted when the
/// test process exits; a cluster left behind by a test process that was killed is stopped and deleted by the
/// next one. Each test takes a fresh database of its own (<see cref="CreateDatabase"/>).
/// </summary>
public sealed class PostgresCluster
{
    private const string FolderPrefix = "recrypt-pg-";
    private const string OwnerFile = "owner.pid";
    private const string User = "recrypt";

    private static readonly Lazy<PostgresCluster> s_shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _bin;
    private readonly string _folder;
    private int _stopped;

    private PostgresCluster(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    /// <summary>The cluster of this test process, started on first use.</summary>
    public static PostgresCluster Shared => s_shared.Value;

    /// <summary>Whether PostgreSQL's server binaries are installed (<c>build.ps1 setup</c> installs them).</summary>
    public static bool IsInstalled => FindBin() is not null;

    public int Port { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>The connection string of <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Maximum Pool Size=50;Timeout=30;Command Timeout=60";

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        Run(Path.Combine(_bin, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, name], asOwner: false);
        return ConnectionString(name);
    }

    /// <summary>Runs <c>psql</c> with <paramref name="sql"/> on the database of <paramref name="connectionString"/> and returns its unaligned output.</summary>
    public string Query(string connectionString, string sql)
    {
        var database = connectionString.Split(';').Single(part => part.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        return Run(Path.Combine(_bin, "psql"),
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
            asOwner: false).Trim();
    }

    private static PostgresCluster Start()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries are not installed (/usr/lib/postgresql/*/bin): run `dotnet pwsh -NoProfile -File ./build.ps1 setup`.");
        RemoveAbandoned(bin);
        var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (IsRoot)
        {
            Run("chown", ["-R", "postgres:postgres", folder], asOwner: false);
        }
        var port = FreePort();
        var cluster = new PostgresCluster(bin, folder, port);
        Run(Path.Combine(bin, "initdb"),
            ["-D", cluster.DataFolder, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], asOwner: true);
        Run(Path.Combine(bin, "pg_ctl"),
            ["-D", cluster.DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
             $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder} -c fsync=off -c synchronous_commit=off "
             + "-c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB", "start"], asOwner: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    /// <summary>Stops the server at once and deletes the cluster.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            StopAndDelete(_bin, _folder);
        }
    }

    private static void StopAndDelete(string bin, string folder)
    {
        try
        {
            Run(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"], asOwner: true);
        }
        catch (InvalidOperationException)
        {
            // Not running.
        }
        Directory.Delete(folder, recursive: true);
    }

    // A cluster whose test process is gone (killed before its exit handler ran) is stopped and deleted.
    private static void RemoveAbandoned(string bin)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            try
            {
                if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner), CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
                {
                    StopAndDelete(bin, folder);
                }
            }
            catch (IOException)
            {
                // Another test process (test projects run side by side) is removing the same abandoned cluster.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Runs a program (as the unprivileged postgres user for initdb and pg_ctl when we are root) and returns its output.
    private static string Run(string program, IReadOnlyList<string> arguments, bool asOwner)
    {
        var start = new ProcessStartInfo(asOwner && IsRoot ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asOwner && IsRoot)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        }
        return output.ToString();
    }
}
