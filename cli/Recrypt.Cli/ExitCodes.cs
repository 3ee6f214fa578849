namespace Recrypt.Cli;

/// <summary>The exit codes of <c>recrypt</c>, listed in <c>--help</c> and in docs/cli.md.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int NotFound = 2;
    public const int Refused = 3;
    public const int Integrity = 4;
    public const int Unreachable = 5;
    public const int Conflict = 6;
    public const int Locked = 7;
    public const int Internal = 10;
    public const int Interrupted = 130;

    /// <summary>Every code with a short name (the <c>error.kind</c> of <c>--json</c> errors) and its meaning.</summary>
    public static IReadOnlyList<(int Code, string Kind, string Meaning)> All { get; } =
    [
        (Ok, "ok", "success"),
        (Usage, "usage", "invalid arguments or options, no service URL, or a service of another curve than the identity's (Api256, Api480)"),
        (NotFound, "not-found", "no local identity, no such input file, or the service has no such identity, grant or document key"),
        (Refused, "refused", "the service refused: no grant from the owner (never granted or revoked), or the identity is not registered"),
        (Integrity, "integrity", "the encrypted file, its header or its key failed authentication: altered, truncated, reordered or not a Recrypt file"),
        (Unreachable, "unreachable", "the service could not be reached, timed out or failed (5xx)"),
        (Conflict, "conflict", "the output file or the local identity already exists (use --force)"),
        (Locked, "locked", "the identity is passphrase-protected and the passphrase is missing or wrong, or the key store is unreadable"),
        (Internal, "internal", "an unexpected error"),
        (Interrupted, "interrupted", "interrupted (Ctrl+C); no partial output is left behind"),
    ];

    public static string KindOf(int code)
    {
        foreach (var (c, kind, _) in All)
        {
            if (c == code)
            {
                return kind;
            }
        }
        return "internal";
    }
}

/// <summary>A failure to report to the user with a message and an exit code.</summary>
internal sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; } = ExitCodes.Internal;
}
