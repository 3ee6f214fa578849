using System.CommandLine;
using System.Security.Cryptography;
using Recrypt.Cli.Files;
using Recrypt.Cli.KeyStore;

namespace Recrypt.Cli;

/// <summary>Runs a command's body and turns every failure into a message on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static void SetAction(this Command command, GlobalOptions options, Func<CliContext, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, options, body, cancellationToken));
    }

    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions options, Func<CliContext, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(body);
        var json = parse.GetValue(options.Json);
        try
        {
            using var context = new CliContext(parse, options, cancellationToken);
            return await body(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e, cancellationToken);
            if (json)
            {
                await Console.Error.WriteLineAsync(CliContext.ToJson(new { error = new { code, kind = ExitCodes.KindOf(code), message } })).ConfigureAwait(false);
            }
            else
            {
                await Console.Error.WriteLineAsync($"recrypt: error: {message}").ConfigureAwait(false);
                if (code == ExitCodes.Internal && Environment.GetEnvironmentVariable("RECRYPT_DEBUG") == "1")
                {
                    await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
                }
            }
            return code;
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
            FileIntegrityException integrity => (ExitCodes.Integrity, integrity.Message + " No output was written."),
            OutputExistsException exists => (ExitCodes.Conflict, exists.Message),
            FileNotFoundException notFound => (ExitCodes.NotFound, $"No such file: {notFound.FileName ?? notFound.Message}"),
            DirectoryNotFoundException directory => (ExitCodes.NotFound, directory.Message),
            UnauthorizedAccessException denied => (ExitCodes.Internal, $"Permission denied: {denied.Message}"),
            IOException io => (ExitCodes.Internal, $"I/O error: {io.Message}"),
            CryptographicException crypto => (ExitCodes.Internal, $"Cryptographic error: {crypto.Message}"),
            _ => (ExitCodes.Internal, $"Unexpected error ({e.GetType().Name}): {e.Message} (set RECRYPT_DEBUG=1 for details)"),
        };
    }
}
