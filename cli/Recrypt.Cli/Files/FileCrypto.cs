namespace Recrypt.Cli.Files;

/// <summary>Encrypts and decrypts whole files with <see cref="DocumentCipher"/>, streaming, with <see cref="AtomicFile"/> outputs.</summary>
internal static class FileCrypto
{
    private const int FileBufferSize = 0;

    /// <summary>
    /// Encrypts <paramref name="inputPath"/> to <paramref name="outputPath"/> with <paramref name="key"/>
    /// under a new header; the output appears only when complete.
    /// </summary>
    /// <returns>The header written and the number of plaintext bytes.</returns>
    public static async Task<(DocumentHeader Header, long Bytes)> EncryptFileAsync(
        string inputPath, string outputPath, bool overwrite, int chunkSize, string serviceUrl, string documentId, string ownerId,
        SymmetricKey key, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var header = DocumentHeader.Create(key, serviceUrl, documentId, ownerId, chunkSize);
        var input = OpenRead(inputPath);
        await using (input.ConfigureAwait(false))
        {
            var bytes = await AtomicFile.WriteAsync(
                outputPath,
                overwrite,
                output => DocumentCipher.EncryptAsync(input, output, header, key, progress, cancellationToken),
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                cancellationToken).ConfigureAwait(false);
            return (header, bytes);
        }
    }

    /// <summary>Reads the header of an encrypted file.</summary>
    public static async Task<DocumentHeader> ReadHeaderAsync(string inputPath, CancellationToken cancellationToken = default)
    {
        var input = OpenRead(inputPath);
        await using (input.ConfigureAwait(false))
        {
            return await DocumentHeader.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Decrypts <paramref name="inputPath"/> to <paramref name="outputPath"/>: into a temporary file that is
    /// renamed into place only after the final chunk authenticates, and deleted on any failure.
    /// </summary>
    /// <param name="inputPath">The encrypted file.</param>
    /// <param name="outputPath">The plaintext file to create.</param>
    /// <param name="overwrite">Whether an existing output may be replaced.</param>
    /// <param name="expectedHeader">The header as read before the key was fetched; the file must still start with it.</param>
    /// <param name="key">The document's symmetric key.</param>
    /// <param name="progress">Told the encrypted bytes consumed.</param>
    /// <param name="cancellationToken">Stops between chunks.</param>
    /// <returns>The number of plaintext bytes.</returns>
    public static async Task<long> DecryptFileAsync(
        string inputPath, string outputPath, bool overwrite, DocumentHeader expectedHeader, SymmetricKey key,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedHeader);
        var input = OpenRead(inputPath);
        await using (input.ConfigureAwait(false))
        {
            var header = await DocumentHeader.ReadAsync(input, cancellationToken).ConfigureAwait(false);
            if (!header.Encoded.SequenceEqual(expectedHeader.Encoded))
            {
                throw new DocumentIntegrityException("The file's header changed while it was being decrypted.");
            }
            return await AtomicFile.WriteAsync(
                outputPath,
                overwrite,
                output => DocumentCipher.DecryptAsync(input, output, header, key, progress, cancellationToken),
                UnixFileMode.UserRead | UnixFileMode.UserWrite,
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens a file for sequential reading.</summary>
    public static FileStream OpenRead(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = FileBufferSize,
            Options = FileOptions.SequentialScan,
        });
}
