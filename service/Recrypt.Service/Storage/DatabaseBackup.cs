using LiteDB;

namespace Recrypt.Service.Storage;

/// <summary>
/// A consistent copy of the database: the log is checkpointed into the data file, then the data file is
/// copied to a temporary file next to the destination, flushed to disk, and renamed over it. Run it
/// where no write can happen meanwhile: on the <see cref="DatabaseWriter"/>'s thread in a running
/// service, or under the <see cref="StorageLock"/> when the service is stopped.
/// </summary>
internal static class DatabaseBackup
{
    /// <summary>Writes the backup; returns its size in bytes.</summary>
    public static long Write(ILiteDatabase database, StorageOptions options, string destination)
    {
        if (options.InMemory)
        {
            throw new StorageException("An in-memory database has nothing to back up.");
        }
        var target = Path.GetFullPath(destination);
        if (string.Equals(target, options.DatabasePath, StringComparison.Ordinal)
            || string.Equals(target, LiteDb.LiteDbStorage.LogPathOf(options.DatabasePath), StringComparison.Ordinal))
        {
            throw new StorageException($"The backup must not overwrite the database itself ({target}).");
        }
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            throw new StorageException($"The backup's folder {directory} does not exist.");
        }

        database.Checkpoint();
        var temporary = target + ".partial";
        try
        {
            using (var source = new FileStream(options.DatabasePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var copy = new FileStream(temporary, DataFiles.PrivateFile(FileMode.Create, FileAccess.Write)))
            {
                source.CopyTo(copy);
                copy.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new StorageException($"The backup to {target} failed: {exception.Message}", exception);
        }
        return new FileInfo(target).Length;
    }
}
