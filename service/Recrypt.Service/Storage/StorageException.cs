namespace Recrypt.Service.Storage;

/// <summary>The database cannot be used: damaged, locked by another process, or its key missing. The message says what to do.</summary>
internal sealed class StorageException : Exception
{
    public StorageException(string message)
        : base(message)
    {
    }

    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
