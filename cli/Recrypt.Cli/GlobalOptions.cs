using System.CommandLine;

namespace Recrypt.Cli;

/// <summary>The options every command takes.</summary>
internal sealed class GlobalOptions
{
    public const string HomeVariable = "RECRYPT_HOME";
    public const string ServerVariable = "RECRYPT_SERVER";
    public const string PassphraseVariable = "RECRYPT_PASSPHRASE";

    public Option<string?> Home { get; } = new("--home")
    {
        Description = $"The key store directory [default: ${HomeVariable}, else ~/.recrypt]",
        Recursive = true,
        HelpName = "dir",
    };

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The Recrypt service URL [default: ${ServerVariable}, else the service the identity was registered with]",
        Recursive = true,
        HelpName = "url",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write the result as JSON on stdout (and errors as JSON on stderr); no progress bars",
        Recursive = true,
    };

    public Option<bool> PassphraseStdin { get; } = new("--passphrase-stdin")
    {
        Description = $"Read the key store passphrase from the first line of stdin [default: ${PassphraseVariable}, else ask on a terminal]",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Home);
        command.Options.Add(Server);
        command.Options.Add(Json);
        command.Options.Add(PassphraseStdin);
    }
}
