using System.Runtime.InteropServices;

namespace Recrypt.Service.Storage;

/// <summary>
/// Files the service keeps are readable by its own user only: folders 0700, files 0600. On Unix the
/// process's umask is set to 077 before the database is opened, so that the files LiteDB creates (the
/// data file, its log, its temporary files) are born private too; what already exists is tightened.
/// </summary>
internal static partial class DataFiles
{
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>From now on, files and folders this process creates are private to its user.</summary>
    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = umask(0x3F); // 077
        }
    }

    /// <summary>Creates <paramref name="directory"/> (and its parents) if needed and makes it 0700.</summary>
    public static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, PrivateDirectoryMode);
        File.SetUnixFileMode(directory, PrivateDirectoryMode);
    }

    /// <summary>Makes <paramref name="path"/> 0600 if it exists.</summary>
    public static void MakePrivate(string path)
    {
        if (!OperatingSystem.IsWindows() && Path.Exists(path) && !Directory.Exists(path))
        {
            File.SetUnixFileMode(path, PrivateFileMode);
        }
    }

    /// <summary>Options that open a file and, should they create it, create it 0600.</summary>
    public static FileStreamOptions PrivateFile(FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFileMode;
        }
        return options;
    }

    /// <summary>Opens <paramref name="path"/> for appending, creating it 0600.</summary>
    public static FileStream OpenPrivateAppend(string path) => new(path, PrivateFile(FileMode.Append, FileAccess.Write));

    /// <summary>Writes <paramref name="bytes"/> to a new file, 0600, then renames it over <paramref name="path"/>.</summary>
    public static void WritePrivateAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, PrivateFile(FileMode.Create, FileAccess.Write)))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to a new file, 0600, and moves it to <paramref name="path"/> unless a file
    /// is already there (then the one already there stays, and this one is dropped): whoever comes first wins,
    /// and nobody ever reads a file half written.
    /// </summary>
    public static void WritePrivateOnce(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temporary, PrivateFile(FileMode.CreateNew, FileAccess.Write)))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    [DllImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint umask(uint mask);
}
