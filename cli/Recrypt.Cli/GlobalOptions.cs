using System.CommandLine;

namespace Recrypt.Cli;

/// <summary>The options every command takes.</summary>
internal sealed class GlobalOptions
{
    public const string HomeVariable = "RECRYPT_HOME";
    public const string ServerVariable = "RECRYPT_SERVER";
    public const string PassphraseVariable = "RECRYPT_PASSPHRASE";
    public const string TimeoutVariable = "RECRYPT_TIMEOUT";

    /// <summary>How long a request to the service may take unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>--timeout</c> accepted.</summary>
    public const int MaxTimeoutSeconds = 3600;

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

    public Option<int?> Timeout { get; } = new("--timeout")
    {
        Description = $"Seconds to wait for each answer from the service, 1 to {MaxTimeoutSeconds} [default: ${TimeoutVariable}, else {(int)DefaultTimeout.TotalSeconds}]",
        Recursive = true,
        HelpName = "seconds",
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int?>() is { } seconds && seconds is < 1 or > MaxTimeoutSeconds)
                {
                    result.AddError($"--timeout must be 1 to {MaxTimeoutSeconds} seconds.");
                }
            },
        },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Home);
        command.Options.Add(Server);
        command.Options.Add(Json);
        command.Options.Add(PassphraseStdin);
        command.Options.Add(Timeout);
    }
}
