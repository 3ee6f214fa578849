using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recrypt.Cli.KeyStore;
using Recrypt.Cli.Output;
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
    private bool _passphraseFromTerminal;

    /// <summary>How many times a passphrase is asked on the terminal before the command gives up.</summary>
    private const int PassphraseAttempts = 3;
    private bool _dataOnStdout;

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

    /// <summary>The parsed command line (for reporting an error the way the runner does).</summary>
    public ParseResult Parse => _parse;

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

    /// <summary>Where results go: stdout, or stderr when stdout carries the data (<see cref="SendMessagesToStderr"/>).</summary>
    public TextWriter Out { get; private set; }

    /// <summary>Where warnings go (stderr).</summary>
    public TextWriter Error { get; }

    /// <summary>Progress bars only for a person watching a terminal, and never when stdout carries the data.</summary>
    public bool ShowProgress => !Json && !_dataOnStdout && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Whether a person can be asked a question: stdin and stdout are a terminal, and no JSON is wanted.</summary>
    public bool CanAsk => !Json && !Console.IsInputRedirected && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Whether <c>--passphrase-stdin</c> was given (so stdin cannot also carry data).</summary>
    public bool ReadsPassphraseFromStdin => _parse.GetValue(_options.PassphraseStdin);

    /// <summary>Stdout carries the command's data: its messages and JSON result go to stderr instead.</summary>
    public void SendMessagesToStderr()
    {
        _dataOnStdout = true;
        Out = Error;
    }

    /// <summary>The process's one <see cref="TransformEncryption"/>: Ed25519 signatures (requests, receipts), whatever the identity's curve.</summary>
    public TransformEncryption Recrypt => _recrypt ??= new TransformEncryption();

    /// <summary>The curve seams, one per curve: the identity's is <c>Curves[identity.Curve]</c>.</summary>
    public CliCurves Curves => _curves ??= new CliCurves();

    private CliCurves? _curves;

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

    /// <summary>How long each request to the service may take: <c>--timeout</c>, else <c>RECRYPT_TIMEOUT</c>, else 30 s.</summary>
    public TimeSpan Timeout
    {
        get
        {
            if (_parse.GetValue(_options.Timeout) is { } seconds)
            {
                return TimeSpan.FromSeconds(seconds);
            }
            var variable = Environment.GetEnvironmentVariable(GlobalOptions.TimeoutVariable);
            if (string.IsNullOrWhiteSpace(variable))
            {
                return GlobalOptions.DefaultTimeout;
            }
            if (!int.TryParse(variable, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
                || value is < 1 or > GlobalOptions.MaxTimeoutSeconds)
            {
                throw new CliException(
                    ExitCodes.Usage, $"${GlobalOptions.TimeoutVariable} must be a number of seconds, 1 to {GlobalOptions.MaxTimeoutSeconds} (got \"{variable}\").");
            }
            return TimeSpan.FromSeconds(value);
        }
    }

    /// <summary>Whether <c>--server</c> or <c>RECRYPT_SERVER</c> names a service.</summary>
    public bool HasServer =>
        !string.IsNullOrWhiteSpace(_parse.GetValue(_options.Server))
        || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(GlobalOptions.ServerVariable));

    public static Uri ParseServer(string value, string source)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new CliException(ExitCodes.Usage, $"The service URL from {source} is not an http or https URL of the form http(s)://host[:port]/ (got {value}).");
        }
        if (uri.AbsolutePath != "/")
        {
            // Requests are signed over their path as sent, and the service routes from its root: under a prefix,
            // every request would be refused or lost.
            throw new CliException(
                ExitCodes.Usage,
                $"The service URL from {source} has a path ({uri.AbsolutePath}), but a Recrypt service answers at the root of its URL: "
                + $"use {uri.GetLeftPart(UriPartial.Authority)}/ (a service behind a proxy needs a host name or port of its own).");
        }
        return uri;
    }

    /// <summary>Opens the local identity with its secrets (asking for the passphrase if it has one).</summary>
    public LocalIdentity UnlockIdentity()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var identity = KeyStore.Unlock(Passphrase, Curves);
                WarnIfExposed();
                return identity;
            }
            catch (KeyStoreException e) when (e.Error == KeyStoreError.WrongPassphrase && _passphraseFromTerminal && attempt < PassphraseAttempts)
            {
                // A mistyped passphrase on the terminal gets another try; one from stdin or the environment does not.
                Error.WriteLine("recrypt: that passphrase does not open the identity; try again.");
                ForgetPassphrase();
            }
        }
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

    /// <param name="ask">Whether to ask on the terminal when no passphrase was given otherwise.</param>
    /// <param name="confirm">Whether it is a new passphrase, asked twice.</param>
    /// <param name="subject">What the passphrase is for, in the prompt; the key store's identity by default.</param>
    public string? Passphrase(bool ask, bool confirm, string? subject = null)
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
            subject ??= DescribeKeyStoreIdentity();
            _passphraseFromTerminal = true;
            if (!confirm)
            {
                return _passphrase = AskSecret($"Passphrase for {subject}:");
            }
            for (var attempt = 1; ; attempt++)
            {
                var first = AskSecret($"New passphrase for {subject}:");
                if (first == AskSecret("The same passphrase again:"))
                {
                    return _passphrase = first;
                }
                if (attempt == PassphraseAttempts)
                {
                    throw new CliException(ExitCodes.Usage, "The passphrases differ.");
                }
                Error.WriteLine("recrypt: the passphrases differ; try again.");
            }
        }
        return null;
    }

    /// <summary>Forgets the passphrase read so far, so that the next <see cref="Passphrase()"/> asks again.</summary>
    private void ForgetPassphrase()
    {
        _passphrase = null;
        _passphraseRead = false;
        _passphraseFromTerminal = false;
    }

    /// <summary>Asks for a secret on the terminal, echoing nothing (not even one mask character per key, which would tell its length).</summary>
    private static string AskSecret(string label) =>
        AnsiConsole.Prompt(new TextPrompt<string>(Markup.Escape(SafeText.Escape(label))).Secret(null));

    /// <summary>The key store's identity as a prompt names it: <c>"alice" (13a4…)</c>, or the key store's path.</summary>
    private string DescribeKeyStoreIdentity()
    {
        try
        {
            var identity = KeyStore.ReadPublic();
            return $"\"{identity.Name}\" ({identity.Id})";
        }
        catch (KeyStoreException)
        {
            return KeyStore.IdentityPath;
        }
    }

    /// <summary>A signed session with the service as <paramref name="identity"/>.</summary>
    public ServiceSession Connect(Uri server, LocalIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new ServiceSession(server, Recrypt, identity.SigningKeyPair, Curves[identity.Curve], KnownKeyVersions, Timeout);
    }

    /// <summary>An anonymous session with the service, for what it tells anyone (its signing key and curve).</summary>
    public ServiceSession ConnectAnonymously(Uri server) => new(server, Curves[RecryptCurve.Api256], Timeout);

    public void WriteJson(object value) => Out.WriteLine(ToJson(value));

    /// <summary>
    /// <paramref name="value"/> as indented JSON. The encoder escapes C0 and C1 controls; the bidirectional
    /// controls it leaves raw are escaped too (they can only occur inside strings, where <c>\uXXXX</c> means the same).
    /// </summary>
    public static string ToJson(object value) => SafeText.EscapeJson(JsonSerializer.Serialize(value, s_json));

    /// <summary>Writes one line of output, its control characters escaped (<see cref="SafeText"/>).</summary>
    public void WriteLine(string line = "") => Out.WriteLine(SafeText.Escape(line));

    /// <summary>Writes a warning to stderr, its control characters escaped (<see cref="SafeText"/>).</summary>
    public void WriteWarning(string message) => Error.WriteLine(SafeText.Escape($"recrypt: warning: {message}"));

    /// <summary>Runs <paramref name="work"/> with a progress bar when a person is watching, else plainly.</summary>
    public async Task<T> WithProgressAsync<T>(string description, long total, Func<IProgress<long>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!ShowProgress || total <= 0)
        {
            return await work(new SynchronousProgress(_ => { })).ConfigureAwait(false);
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
                var task = progress.AddTask(Markup.Escape(SafeText.Escape(description)), maxValue: total);
                var result = await work(new SynchronousProgress(done => task.Value = done)).ConfigureAwait(false);
                task.Value = total;
                return result;
            }).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _curves?.Dispose();
        _recrypt?.Dispose();
    }
}

/// <summary>Reports progress on the thread doing the work (<see cref="Progress{T}"/> would post it elsewhere, late).</summary>
internal sealed class SynchronousProgress(Action<long> report) : IProgress<long>
{
    public void Report(long value) => report(value);
}
