using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;
using Recrypt.Cli;
using Recrypt.Cli.Commands;

[assembly: InternalsVisibleTo("Recrypt.Cli.Tests")]

var options = new GlobalOptions();
// A plain command named for the tool (a RootCommand would take the assembly's name, Recrypt.Cli).
var root = new Command(
    "recrypt",
    "recrypt: share files privately through a Recrypt service. Your keys never leave this machine: the service stores "
    + "only public keys, transform keys and encrypted document keys, and can re-encrypt a document key to the people you "
    + "grant access to without being able to read it.");
root.Options.Add(new HelpOption());
root.Options.Add(new VersionOption());
options.AddTo(root);
root.Subcommands.Add(IdentityCommands.Create(options));
root.Subcommands.Add(GrantCommands.Grant(options));
root.Subcommands.Add(GrantCommands.Revoke(options));
root.Subcommands.Add(GrantCommands.List(options));
root.Subcommands.Add(AuditCommands.Audit(options));
root.Subcommands.Add(AuditCommands.Receipts(options));
root.Subcommands.Add(GroupCommands.Group(options));
root.Subcommands.Add(GroupCommands.List(options));
root.Subcommands.Add(DocumentCommands.Create(options));
root.Subcommands.Add(FileCommands.Encrypt(options));
root.Subcommands.Add(FileCommands.Decrypt(options));
ExitCodesHelpAction.Install(root);

var parse = root.Parse(args);
if (parse.Action is ParseErrorAction)
{
    // The reason and a pointer to --help (or a JSON error), not the whole help around a one-line reason.
    return CommandRunner.ReportParseErrors(parse, args);
}
// Interruptions are handled by CommandRunner, which cleans up before it exits with 130.
return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null })
    .ConfigureAwait(false);

namespace Recrypt.Cli
{
    /// <summary>The standard help, followed by the environment variables and the exit codes.</summary>
    internal sealed class ExitCodesHelpAction(HelpAction standard) : SynchronousCommandLineAction
    {
        public static void Install(Command root)
        {
            var help = root.Options.OfType<HelpOption>().Single();
            help.Action = new ExitCodesHelpAction((HelpAction)help.Action!);
        }

        public override int Invoke(ParseResult parseResult)
        {
            ArgumentNullException.ThrowIfNull(parseResult);
            var result = standard.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Environment:");
            output.WriteLine($"  {GlobalOptions.HomeVariable,-20}the key store directory (as --home)");
            output.WriteLine($"  {GlobalOptions.ServerVariable,-20}the service URL (as --server)");
            output.WriteLine($"  {GlobalOptions.PassphraseVariable,-20}the key store passphrase (as --passphrase-stdin)");
            output.WriteLine($"  {GlobalOptions.TimeoutVariable,-20}seconds to wait for each answer from the service (as --timeout)");
            output.WriteLine();
            output.WriteLine("Exit codes:");
            foreach (var (code, kind, meaning) in ExitCodes.All)
            {
                output.WriteLine($"  {code,3}  {kind,-13}{meaning}");
            }
            output.WriteLine();
            return result;
        }
    }
}
