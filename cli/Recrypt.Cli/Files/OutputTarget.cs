using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;

namespace Recrypt.Cli.Files;

/// <summary>
/// Where <c>encrypt</c> or <c>decrypt</c> writes, decided from <c>-o</c> as <c>age</c> and <c>gpg</c> users
/// expect, but without ever replacing anything that is not a regular file:
/// <list type="bullet">
/// <item><c>-</c>, <c>/dev/stdout</c>, <c>/dev/fd/N</c>, <c>/proc/self/fd/N</c> (or a link to one): the
/// process's own descriptor, written through.</item>
/// <item>A FIFO or a device, or a symbolic link to one: opened and written through (nothing to replace, so
/// no <c>--force</c>).</item>
/// <item>A new path: a new file, written atomically (<see cref="AtomicFile"/>).</item>
/// <item>An existing regular file: replaced atomically, only with <c>--force</c>.</item>
/// <item>A symbolic link to a regular file: with <c>--force</c>, the file it points to is replaced atomically and
/// the link is kept (what <c>open(O_TRUNC)</c> does for <c>gpg --yes</c> and <c>age</c>, without the
/// partial file); a link to nothing is refused rather than followed to create a file where it points.</item>
/// <item>A directory: refused.</item>
/// </list>
/// Written-through outputs receive each chunk as soon as it is authenticated; a later failure exits non-zero,
/// and whatever read them must discard what they got.
/// </summary>
internal abstract partial class OutputTarget
{
    /// <summary>The name that means standard input or output.</summary>
    public const string StandardStream = "-";

    private const int MaxLinks = 40;

    /// <summary>How the output is named in messages.</summary>
    public abstract string Display { get; }

    /// <summary>The file's full path (for <c>--json</c>), or <see langword="null"/> for a descriptor.</summary>
    public abstract string? Path { get; }

    /// <summary>Whether the output receives data as it is produced (a stream), rather than appearing whole at the end.</summary>
    public abstract bool IsWrittenThrough { get; }

    /// <summary>Whether the output is this process's standard output.</summary>
    public virtual bool IsStandardOutput => false;

    /// <summary>Writes the output with <paramref name="write"/>.</summary>
    /// <param name="write">Writes the content to the stream it is given.</param>
    /// <param name="mode">The Unix mode of a new file.</param>
    /// <param name="cancellationToken">Stops before an atomically written file is put in place.</param>
    public abstract Task<T> WriteAsync<T>(Func<Stream, Task<T>> write, UnixFileMode mode, CancellationToken cancellationToken);

    /// <summary>Decides where <paramref name="path"/> (as given to <c>-o</c>, or a default) leads.</summary>
    /// <param name="path">The path, or <c>-</c> for standard output.</param>
    /// <param name="force">Whether an existing regular file may be replaced.</param>
    /// <exception cref="CliException">The path is a directory or a dangling symbolic link.</exception>
    /// <exception cref="OutputExistsException">It is an existing regular file and <paramref name="force"/> is not set.</exception>
    public static OutputTarget Resolve(string path, bool force)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path == StandardStream)
        {
            return new Descriptor(1, "standard output");
        }
        var full = System.IO.Path.GetFullPath(path);
        if (TryDescriptor(full) is { } descriptor)
        {
            return new Descriptor(descriptor, full);
        }
        var link = new FileInfo(full).LinkTarget;
        switch (PathKinds.Of(full))
        {
            case PathKind.Directory:
                throw new CliException(ExitCodes.Usage, $"The output {full} is a directory: name a file.");
            case PathKind.Special:
                return new Special(full);
            case PathKind.Missing when link is not null:
                throw new CliException(
                    ExitCodes.Conflict,
                    $"The output {full} is a symbolic link to {link}, which does not exist; recrypt does not create files through a "
                    + "symbolic link. Name the file itself with -o.");
            case PathKind.Missing:
                return new Atomic(full, overwrite: false);
            default:
                if (!force)
                {
                    throw new OutputExistsException(full);
                }
                var target = link is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
                return new Atomic(target, overwrite: true);
        }
    }

    /// <summary>
    /// The descriptor number when <paramref name="path"/> (or a link it leads through) is <c>/dev/fd/N</c>,
    /// <c>/proc/self/fd/N</c> or this process's <c>/proc/&lt;pid&gt;/fd/N</c>: those are this process's own
    /// open files, whose "links" point at pipes, terminals or files already opened by the shell.
    /// </summary>
    private static int? TryDescriptor(string path)
    {
        var current = path;
        for (var i = 0; i < MaxLinks; i++)
        {
            var match = DescriptorPath().Match(current);
            if (match.Success && (match.Groups["process"].Value is "self" or "thread-self"
                || match.Groups["process"].Value == Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
                || match.Groups["process"].Value.Length == 0))
            {
                return int.Parse(match.Groups["fd"].Value, CultureInfo.InvariantCulture);
            }
            string? next;
            try
            {
                next = new FileInfo(current).LinkTarget;
            }
            catch (IOException)
            {
                return null;
            }
            if (next is null)
            {
                return null;
            }
            current = System.IO.Path.GetFullPath(next, System.IO.Path.GetDirectoryName(current) ?? "/");
        }
        return null;
    }

    [GeneratedRegex(@"^(?:/dev/fd/|/proc/(?<process>self|thread-self|[0-9]+)/fd/)(?<fd>[0-9]{1,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex DescriptorPath();

    /// <summary>A new or replaced regular file, written to a temporary file and renamed into place.</summary>
    private sealed class Atomic(string path, bool overwrite) : OutputTarget
    {
        public override string Display => path;

        public override string? Path => path;

        public override bool IsWrittenThrough => false;

        public override Task<T> WriteAsync<T>(Func<Stream, Task<T>> write, UnixFileMode mode, CancellationToken cancellationToken) =>
            AtomicFile.WriteAsync(path, overwrite, stream => write(stream), mode, cancellationToken);
    }

    /// <summary>A FIFO or a device: opened for writing as it is, never created, truncated or replaced.</summary>
    private sealed class Special(string path) : OutputTarget
    {
        public override string Display => path;

        public override string? Path => path;

        public override bool IsWrittenThrough => true;

        public override async Task<T> WriteAsync<T>(Func<Stream, Task<T>> write, UnixFileMode mode, CancellationToken cancellationToken)
        {
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite,
                BufferSize = 0,
            });
            await using (stream.ConfigureAwait(false))
            {
                var result = await write(stream).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <summary>One of this process's open descriptors: standard output, or another the shell opened for it.</summary>
    private sealed class Descriptor(int descriptor, string display) : OutputTarget
    {
        public override string Display => display;

        public override string? Path => null;

        public override bool IsWrittenThrough => true;

        public override bool IsStandardOutput => descriptor == 1;

        public override async Task<T> WriteAsync<T>(Func<Stream, Task<T>> write, UnixFileMode mode, CancellationToken cancellationToken)
        {
            var stream = descriptor == 1
                ? Console.OpenStandardOutput()
                : new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            await using (stream.ConfigureAwait(false))
            {
                var result = await write(stream).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }
}
