namespace Recrypt.Cli.Files;

/// <summary>An encrypted file, its header or its key failed a check: it was altered, truncated, reordered or is not ours.</summary>
internal sealed class FileIntegrityException : Exception
{
    public FileIntegrityException()
    {
    }

    public FileIntegrityException(string message)
        : base(message)
    {
    }

    public FileIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
