using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recrypt.Cli.KeyStore;
using Recrypt.Cli.Service;
using Spectre.Console;

namespace Recrypt.Cli;

/// <summary>What one invocation works with: the resolved global options, the key store, the console.</summary>
internal sealed class CliContext : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ParseResult _parse;
    private readonly GlobalOptions _options;
    private TransformEncryption? _recrypt;
    private string? _passphrase;
    private bool _passphraseRead;

    public CliContext(ParseResult parse, GlobalOptions options, CancellationToken cancellationToken)
    {
        _parse = parse;
        _options = options;
        CancellationToken = cancellationToken;
        Out = parse.InvocationConfiguration.Output;
        Error = parse.InvocationConfiguration.Error;
        Json = parse.GetValue(options.Json);
        var home = parse.GetValue(options.Home);
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetEnvironmentVariable(GlobalOptions.HomeVariable);
        }
        KeyStore = new IdentityKeyStore(string.IsNullOrEmpty(home) ? IdentityKeyStore.DefaultHome : home);
    }

    public CancellationToken CancellationToken { get; }

    public bool Json { get; }

    public IdentityKeyStore KeyStore { get; }

    /// <summary>The highest key version seen per identity, kept in the key store.</summary>
    public KnownKeyVersions KnownKeyVersions => _knownKeyVersions ??= new KnownKeyVersions(KeyStore.KnownKeyVersionsPath);

    private KnownKeyVersions? _knownKeyVersions;

    /// <summary>Refuses to go on while a key rotation is unfinished (it would use the old key).</summary>
    public void RequireNoRotationInProgress()
    {
        if (KeyStore.IsRotating)
        {
            throw new CliException(
                ExitCodes.Conflict,
                $"A key rotation of this identity is unfinished ({KeyStore.Rotation.IdentityPath}): run `recrypt identity rotate` to finish it first.");
        }
    }

    /// <summary>Where results go (stdout).</summary>
    public TextWriter Out { get; }

    /// <summary>Where warnings go (stderr).</summary>
    public TextWriter Error { get; }

    /// <summary>Progress bars only for a person watching a terminal.</summary>
    public bool ShowProgress => !Json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>The process's one <see cref="TransformEncryption"/>.</summary>
    public TransformEncryption Recrypt => _recrypt ??= new TransformEncryption();

    public T GetValue<T>(Argument<T> argument) => _parse.GetValue(argument)!;

    public T? GetValue<T>(Option<T> option) => _parse.GetValue(option);

    /// <summary>
    /// The service URL: <c>--server</c>, else <c>RECRYPT_SERVER</c>, else the service the identity was
    /// registered with (<paramref name="recorded"/>), else <paramref name="fallback"/> (for decrypt, the URL in
    /// the file's header, which is only trusted when nothing else names a service).
    /// </summary>
    public Uri ResolveServer(string? recorded = null, string? fallback = null)
    {
        var candidates = new[]
        {
            (_parse.GetValue(_options.Server), "--server"),
            (Environment.GetEnvironmentVariable(GlobalOptions.ServerVariable), $"${GlobalOptions.ServerVariable}"),
            (recorded, "the key store"),
            (fallback, "the file's header"),
        };
        foreach (var (value, source) in candidates)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return ParseServer(value, source);
            }
        }
        throw new CliException(ExitCodes.Usage, $"No Recrypt service URL: pass --server <url> or set {GlobalOptions.ServerVariable}.");
    }

    /// <summary>Whether <c>--server</c> or <c>RECRYPT_SERVER</c> names a service.</summary>
    public bool HasServer =>
        !string.IsNullOrWhiteSpace(_parse.GetValue(_options.Server))
        || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(GlobalOptions.ServerVariable));

    public static Uri ParseServer(string value, string source)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new CliException(ExitCodes.Usage, $"The service URL from {source} is not an http or https URL: {value}");
        }
        // A base address must end with a slash for relative request paths to land under it.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>Opens the local identity with its secrets (asking for the passphrase if it has one).</summary>
    public LocalIdentity UnlockIdentity()
    {
        var identity = KeyStore.Unlock(Passphrase, Recrypt);
        WarnIfExposed();
        return identity;
    }

    public void WarnIfExposed()
    {
        if (KeyStore.IsAccessibleByOthers())
        {
            WriteWarning($"{KeyStore.IdentityPath} can be read or written by other users; run `chmod 600 {KeyStore.IdentityPath}`.");
        }
    }

    /// <summary>
    /// The key store passphrase: from stdin with <c>--passphrase-stdin</c>, else <c>RECRYPT_PASSPHRASE</c>,
    /// else asked on the terminal when <paramref name="ask"/> allows, else none.
    /// </summary>
    public string? Passphrase() => Passphrase(ask: true, confirm: false);

    public string? Passphrase(bool ask, bool confirm)
    {
        if (_passphraseRead)
        {
            return _passphrase;
        }
        _passphraseRead = true;
        if (_parse.GetValue(_options.PassphraseStdin))
        {
            var line = Console.In.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                throw new CliException(ExitCodes.Usage, "--passphrase-stdin was given but stdin has no passphrase line.");
            }
            return _passphrase = line;
        }
        var variable = Environment.GetEnvironmentVariable(GlobalOptions.PassphraseVariable);
        if (!string.IsNullOrEmpty(variable))
        {
            return _passphrase = variable;
        }
        if (ask && !Console.IsInputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            var first = AnsiConsole.Prompt(new TextPrompt<string>("Passphrase:").Secret());
            if (confirm)
            {
                var second = AnsiConsole.Prompt(new TextPrompt<string>("Passphrase again:").Secret());
                if (first != second)
                {
                    throw new CliException(ExitCodes.Usage, "The passphrases differ.");
                }
            }
            return _passphrase = first;
        }
        return null;
    }

    /// <summary>A signed session with the service as <paramref name="identity"/>.</summary>
    public ServiceSession Connect(Uri server, LocalIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new ServiceSession(server, Recrypt, identity.SigningKeyPair, KnownKeyVersions);
    }

    public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, s_json));

    public static string ToJson(object value) => JsonSerializer.Serialize(value, s_json);

    public void WriteLine(string line = "") => Out.WriteLine(line);

    public void WriteWarning(string message) => Error.WriteLine($"recrypt: warning: {message}");

    /// <summary>Runs <paramref name="work"/> with a progress bar when a person is watching, else plainly.</summary>
    public async Task<T> WithProgressAsync<T>(string description, long total, Func<Action<long>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!ShowProgress || total <= 0)
        {
            return await work(_ => { }).ConfigureAwait(false);
        }
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(description), maxValue: total);
                var result = await work(done => task.Value = done).ConfigureAwait(false);
                task.Value = total;
                return result;
            }).ConfigureAwait(false);
    }

    public void Dispose() => _recrypt?.Dispose();
}
