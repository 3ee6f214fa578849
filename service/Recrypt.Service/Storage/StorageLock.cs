namespace Recrypt.Service.Storage;

/// <summary>
/// The lock a process holds while it has the database open: <c>&lt;database&gt;.lock</c>, opened
/// exclusively (an advisory <c>flock</c> on Unix). A second service, or a storage command, on the same
/// database finds it taken: the commands then go through the running service's control socket.
/// </summary>
internal sealed class StorageLock : IDisposable
{
    private readonly FileStream? _file;

    public StorageLock(StorageOptions options)
    {
        if (options.LockPath is not { } path)
        {
            return;
        }
        _file = TryTake(path) ?? throw new StorageException(
            $"The database {options.DatabasePath} is in use by another process (a running service holds {path}).");
    }

    /// <summary>Takes the lock at <paramref name="path"/>, or returns <see langword="null"/> when another process holds it.</summary>
    public static FileStream? TryTake(string path)
    {
        try
        {
            return new FileStream(path, DataFiles.PrivateFile(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file?.Dispose();
}
