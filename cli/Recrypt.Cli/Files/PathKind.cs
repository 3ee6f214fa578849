using System.Runtime.InteropServices;

namespace Recrypt.Cli.Files;

/// <summary>What a path names once symbolic links are followed.</summary>
internal enum PathKind
{
    /// <summary>Nothing (or a symbolic link to nothing).</summary>
    Missing,

    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>Something that is neither: a FIFO, a character or block device, a socket.</summary>
    Special,
}

/// <summary>
/// <c>stat(2)</c>, for the one fact .NET does not expose: whether a path is a regular file or a FIFO or a
/// device (which must be written to, never replaced).
/// </summary>
internal static partial class PathKinds
{
    private const uint TypeMask = 0xF000; // S_IFMT
    private const uint RegularType = 0x8000; // S_IFREG
    private const uint DirectoryType = 0x4000; // S_IFDIR
    private const int NoEntry = 2; // ENOENT
    private const int NotDirectory = 20; // ENOTDIR

    /// <summary>What <paramref name="path"/> names, following symbolic links.</summary>
    public static PathKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere: what .NET can tell (no FIFOs or devices in the file system namespace on Windows).
            return Directory.Exists(path) ? PathKind.Directory : File.Exists(path) ? PathKind.RegularFile : PathKind.Missing;
        }
        // struct stat is 144 bytes on x86-64 and 128 on arm64; st_mode is at offset 24 and 16.
        var modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            var other => throw new PlatformNotSupportedException($"recrypt does not know struct stat on {other}."),
        };
        Span<byte> buffer = stackalloc byte[256];
        if (Stat(path, buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is NoEntry or NotDirectory)
            {
                return PathKind.Missing;
            }
            throw new IOException($"Cannot inspect {path}: {Marshal.GetPInvokeErrorMessage(error)}.");
        }
        var mode = BitConverter.ToUInt32(buffer[modeOffset..]) & TypeMask;
        return mode switch
        {
            RegularType => PathKind.RegularFile,
            DirectoryType => PathKind.Directory,
            _ => PathKind.Special,
        };
    }

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, Span<byte> buffer);
}
