namespace Recrypt.Cli.Files;

/// <summary>
/// What <c>encrypt</c> or <c>decrypt</c> reads: a file (a regular file, or a FIFO or device such as
/// <c>&lt;(command)</c>), or standard input when the argument is <c>-</c>. It is read once, from start to end,
/// whatever it is.
/// </summary>
internal sealed class InputSource : IAsyncDisposable
{
    private InputSource(Stream stream, string display, string? path, long? length)
    {
        Stream = stream;
        Display = display;
        Path = path;
        Length = length;
    }

    /// <summary>The open input.</summary>
    public Stream Stream { get; }

    /// <summary>How the input is named in messages.</summary>
    public string Display { get; }

    /// <summary>The input's full path, or <see langword="null"/> for standard input.</summary>
    public string? Path { get; }

    /// <summary>The input's size when it is a regular file (for progress), else <see langword="null"/>.</summary>
    public long? Length { get; }

    /// <summary>Whether the input is standard input.</summary>
    public bool IsStandardInput => Path is null;

    /// <summary>Opens <paramref name="argument"/> (a path, or <c>-</c> for standard input).</summary>
    /// <exception cref="CliException">There is no such file, or it is a directory.</exception>
    public static InputSource Open(string argument)
    {
        ArgumentException.ThrowIfNullOrEmpty(argument);
        if (argument == OutputTarget.StandardStream)
        {
            return new InputSource(Console.OpenStandardInput(), "standard input", null, null);
        }
        var full = System.IO.Path.GetFullPath(argument);
        var kind = PathKinds.Of(full);
        switch (kind)
        {
            case PathKind.Missing:
                throw new CliException(ExitCodes.NotFound, $"No such file: {full}");
            case PathKind.Directory:
                throw new CliException(ExitCodes.Usage, $"{full} is a directory: name a file.");
        }
        var stream = new FileStream(full, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = kind == PathKind.RegularFile ? FileOptions.SequentialScan : FileOptions.None,
        });
        return new InputSource(stream, full, full, kind == PathKind.RegularFile ? stream.Length : null);
    }

    /// <summary>The name a default output is derived from: the file's name, or nothing for standard input.</summary>
    public string Name => Path is null ? Display : System.IO.Path.GetFileName(Path);

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
