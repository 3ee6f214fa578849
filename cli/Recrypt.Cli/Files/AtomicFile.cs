using System.Security.Cryptography;

namespace Recrypt.Cli.Files;

/// <summary>
/// Writes a file so that it appears complete or not at all: into a temporary file in the destination's
/// directory (readable and writable by the user only), flushed to disk, then renamed into place. On any
/// failure, cancellation included, the temporary file is deleted. The rename is the commit point:
/// cancellation is honoured up to it, the final flush to disk included, and not after.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of temporary files, so a crash's leftovers can be recognised.</summary>
    public const string TemporarySuffix = ".recrypt-tmp";

    /// <summary>Writes <paramref name="destination"/> with <paramref name="write"/>.</summary>
    /// <param name="destination">The file to create or replace.</param>
    /// <param name="overwrite">Whether an existing file may be replaced; when not, an existing file fails the write (<see cref="IOException"/>).</param>
    /// <param name="write">Writes the content to the stream it is given.</param>
    /// <param name="mode">The temporary file's (hence the result's) Unix mode.</param>
    /// <param name="cancellationToken">When cancelled before the rename, the temporary file is deleted and nothing appears.</param>
    public static async Task<T> WriteAsync<T>(
        string destination, bool overwrite, Func<FileStream, Task<T>> write,
        UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(destination);
        var directory = Path.GetDirectoryName(fullPath) ?? throw new IOException($"{destination} has no directory.");
        if (!overwrite && File.Exists(fullPath))
        {
            throw new OutputExistsException(fullPath);
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}{TemporarySuffix}");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            T result;
            var stream = new FileStream(temporary, options);
            await using (stream.ConfigureAwait(false))
            {
                result = await write(stream).ConfigureAwait(false);
                await stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await TestHooks.PauseAsync(TestHooks.FinalFlush, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            // The last moment to give up: after the rename the output exists, complete.
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                File.Move(temporary, fullPath, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(fullPath))
            {
                throw new OutputExistsException(fullPath);
            }
            return result;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes a small file synchronously, with the same guarantees as <see cref="WriteAsync{T}"/>.</summary>
    public static void Write(
        string destination, bool overwrite, Action<FileStream> write,
        UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteAsync(destination, overwrite, stream =>
        {
            write(stream);
            return Task.FromResult(true);
        }, mode).GetAwaiter().GetResult();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The output file exists and may not be replaced.</summary>
internal sealed class OutputExistsException : IOException
{
    public OutputExistsException()
    {
    }

    public OutputExistsException(string path)
        : base($"{path} already exists (pass --force to replace it).")
    {
        Path = path;
    }

    public OutputExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Path { get; }
}
