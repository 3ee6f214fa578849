using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Recrypt.Interop.Tests;

/// <summary>
/// IronCore Labs' own recrypt build, live: <c>node peer.mjs</c> in <c>tests/interop-peer</c>, spoken
/// to in JSON lines (one request, one response). One process serves the whole test run; calls are
/// serialised.
/// </summary>
public sealed class IronCorePeer : IDisposable
{
    /// <summary>The package version the interop suite is pinned to.</summary>
    public const string PackageVersion = "0.7.1";

    /// <summary>SHA-256 of the package's <c>recrypt_wasm_binding_bg.wasm</c> (0.7.1 as published on npm).</summary>
    public const string WasmSha256 = "0ac6f3a35204a36b4b99eec6533750c6cb9a6d49c68c0c16fecb1c2d0e8705f3";

    private const string PackagePath = "node_modules/@ironcorelabs/recrypt-wasm-binding/package.json";
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _node;
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private long _nextId;

    /// <summary>Starts the peer; fails with instructions when Node or the npm package is missing.</summary>
    public IronCorePeer()
    {
        PeerDirectory = Path.Combine(FindRepositoryRoot(), "tests", "interop-peer");
        if (!File.Exists(Path.Combine(PeerDirectory, PackagePath)))
        {
            throw new InvalidOperationException(
                $"The interop peer's npm packages are not installed ({Path.Combine(PeerDirectory, "node_modules")} is missing). " +
                "Run `dotnet pwsh -NoProfile -File ./build.ps1 setup` from the repository root (it runs `npm ci` in tests/interop-peer), then run the tests again.");
        }

        var start = new ProcessStartInfo("node", "peer.mjs")
        {
            WorkingDirectory = PeerDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        try
        {
            _node = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned no process.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start `node` for the interop peer ({e.Message}). Install Node.js 18.3 or newer and put it on PATH.", e);
        }
        _node.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _node.BeginErrorReadLine();
        _node.StandardInput.AutoFlush = true;

        Version = Call("version").AsObject();
    }

    /// <summary>tests/interop-peer.</summary>
    public string PeerDirectory { get; }

    /// <summary>The peer's answer to <c>version</c>: <c>{name, version, wasmSha256, node}</c>.</summary>
    public JsonObject Version { get; }

    /// <summary>Calls <paramref name="method"/> with named parameters and returns its result.</summary>
    /// <exception cref="PeerException">The peer answered with an error.</exception>
    public JsonNode Call(string method, JsonObject? parameters = null)
    {
        var response = Send(method, parameters);
        if (response["error"] is { } error)
        {
            throw new PeerException(method, error.GetValue<string>(), response["kind"]?.GetValue<string>() ?? "?");
        }
        return response["result"] ?? throw new InvalidOperationException($"The peer's answer to {method} has neither result nor error: {response.ToJsonString()}");
    }

    /// <summary>Calls <paramref name="method"/> and returns the whole response object (result or error).</summary>
    public JsonObject Send(string method, JsonObject? parameters = null)
    {
        lock (_gate)
        {
            var id = ++_nextId;
            var request = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
            if (_node.HasExited)
            {
                throw new InvalidOperationException($"The interop peer has exited (code {_node.ExitCode}). Its stderr:\n{Stderr}");
            }
            _node.StandardInput.WriteLine(request.ToJsonString());

            var read = _node.StandardOutput.ReadLineAsync();
            if (!read.Wait(s_callTimeout))
            {
                throw new TimeoutException($"The interop peer did not answer {method} within {s_callTimeout.TotalSeconds} s. Its stderr:\n{Stderr}");
            }
            var line = read.Result ?? throw new InvalidOperationException($"The interop peer closed its output during {method}. Its stderr:\n{Stderr}");
            var response = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidOperationException($"The interop peer answered {method} with '{line}'.");
            if (response["id"]?.GetValue<long>() != id)
            {
                throw new InvalidOperationException($"The interop peer answered request {id} ({method}) with id {response["id"]}: '{line}'.");
            }
            return response;
        }
    }

    private string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Closes the peer's input (it exits at end of input), or kills it if it does not exit.</summary>
    public void Dispose()
    {
        try
        {
            _node.StandardInput.Close();
            if (!_node.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _node.Kill(entireProcessTree: true);
                _node.WaitForExit();
            }
        }
        finally
        {
            _node.Dispose();
        }
    }

    /// <summary>The directory holding Recrypt.sln, above the test binaries.</summary>
    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recrypt.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Recrypt.sln in {AppContext.BaseDirectory} or above it.");
    }
}

/// <summary>An error answer from the peer.</summary>
public sealed class PeerException(string method, string message, string kind)
    : Exception($"IronCore peer, {method}: {message} ({kind})")
{
    /// <summary>The peer's message (recrypt's own text for kind <c>recrypt</c>).</summary>
    public string PeerMessage { get; } = message;

    /// <summary><c>recrypt</c>, <c>panic</c>, <c>request</c> or <c>js</c>.</summary>
    public string Kind { get; } = kind;
}

/// <summary>All interop tests share one peer process and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPeer : ICollectionFixture<IronCorePeer>
{
    /// <summary>The collection name.</summary>
    public const string Name = "IronCore peer";
}
