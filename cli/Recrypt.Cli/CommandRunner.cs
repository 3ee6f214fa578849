using System.CommandLine;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Recrypt.Cli.Files;
using Recrypt.Cli.KeyStore;
using Recrypt.Cli.Output;

namespace Recrypt.Cli;

/// <summary>
/// Runs a command's body and turns every failure into a message on stderr and an exit code; reports usage
/// errors found while parsing the same way.
/// </summary>
internal static class CommandRunner
{
    public static void SetAction(this Command command, GlobalOptions options, Func<CliContext, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parse, _) => RunAsync(parse, options, body));
    }

    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions options, Func<CliContext, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(body);
        var json = parse.GetValue(options.Json);
        using var interruption = new Interruption();
        try
        {
            using var context = new CliContext(parse, options, interruption.Token);
            return await body(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e, interruption.Token);
            Report(code, message, json, parse);
            if (code == ExitCodes.Internal && !json && Environment.GetEnvironmentVariable("RECRYPT_DEBUG") == "1")
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }
            return code;
        }
    }

    /// <summary>
    /// The parser found errors (an unknown command or option, a missing or malformed argument): the reason and
    /// one line pointing to <c>--help</c>, or a JSON error with <c>--json</c>. Exit code 1.
    /// </summary>
    public static int ReportParseErrors(ParseResult parse, string[] args)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(args);
        var message = string.Join(" ", parse.Errors.Select(error => error.Message.TrimEnd('.') + "."));
        // --json may be the very option that failed to parse next to the error: look for it among the words too.
        var json = args.TakeWhile(arg => arg != "--").Contains("--json", StringComparer.Ordinal);
        Report(ExitCodes.Usage, message, json, parse);
        return ExitCodes.Usage;
    }

    /// <summary>
    /// Writes one error to stderr: <c>recrypt: error: ...</c> (plus a pointer to <c>--help</c> for usage
    /// errors), or <c>{"error": {"code", "kind", "message"}}</c> with <c>--json</c>. Control characters in the
    /// message are escaped (<see cref="SafeText"/>): it may quote the service, a file or a name.
    /// </summary>
    public static void Report(int code, string message, bool json, ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (json)
        {
            Console.Error.WriteLine(CliContext.ToJson(new { error = new { code, kind = ExitCodes.KindOf(code), message } }));
            return;
        }
        Console.Error.WriteLine(SafeText.Escape($"recrypt: error: {message}"));
        if (code == ExitCodes.Usage)
        {
            Console.Error.WriteLine($"Run '{CommandPath(parse.CommandResult.Command)} --help' for usage.");
        }
    }

    public static (int Code, string Message) Describe(Exception e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e switch
        {
            CliException cli => (cli.ExitCode, cli.Message),
            OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Interrupted, "Interrupted; no partial output was left behind."),
            KeyStoreException store => (store.Error switch
            {
                KeyStoreError.Missing => ExitCodes.NotFound,
                KeyStoreError.Exists => ExitCodes.Conflict,
                _ => ExitCodes.Locked,
            }, store.Message),
            DocumentIntegrityException integrity => (ExitCodes.Integrity, integrity.Message + " No output was written."),
            OutputExistsException exists => (ExitCodes.Conflict, exists.Message),
            FileNotFoundException notFound => (ExitCodes.NotFound, $"No such file: {notFound.FileName ?? notFound.Message}"),
            DirectoryNotFoundException directory => (ExitCodes.NotFound, directory.Message),
            UnauthorizedAccessException denied => (ExitCodes.Internal, $"Permission denied: {denied.Message}"),
            IOException io => (ExitCodes.Internal, $"I/O error: {io.Message}"),
            CryptographicException crypto => (ExitCodes.Internal, $"Cryptographic error: {crypto.Message}"),
            _ => (ExitCodes.Internal, $"Unexpected error ({e.GetType().Name}): {e.Message} (set RECRYPT_DEBUG=1 for details)"),
        };
    }

    /// <summary>The words that name <paramref name="command"/> from the root, for example <c>recrypt identity new</c>.</summary>
    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is not null; symbol = symbol.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(symbol.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>
    /// Ctrl+C (SIGINT) and SIGTERM cancel <see cref="Token"/> instead of ending the process, so that the
    /// command stops at its next check and cleans up (temporary files, a document key already stored) before
    /// it exits with code 130. A second signal is treated as the first: cleanup is bounded by timeouts.
    /// </summary>
    private sealed class Interruption : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly PosixSignalRegistration[] _registrations;

        public Interruption()
        {
            _registrations = [Register(PosixSignal.SIGINT), Register(PosixSignal.SIGTERM)];
        }

        public CancellationToken Token => _source.Token;

        private PosixSignalRegistration Register(PosixSignal signal) => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            _source.Cancel();
        });

        public void Dispose()
        {
            foreach (var registration in _registrations)
            {
                registration.Dispose();
            }
            _source.Dispose();
        }
    }
}
