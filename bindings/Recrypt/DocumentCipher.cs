using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Recrypt;

/// <summary>
/// Encrypts and decrypts data with a document's <see cref="SymmetricKey"/> in the authenticated, chunked
/// format that <c>recrypt encrypt</c> writes (version 1): a <see cref="DocumentHeader"/>, then the data
/// in AES-256-GCM chunks. Chunk <c>i</c> is sealed with the nonce <c>nonceBase XOR (0^4 ‖ BE64(i))</c> and
/// the associated data <c>header ‖ BE64(i) ‖ final</c>, where <c>final</c> is 1 for the last chunk. Any
/// change to the header or a chunk, and any chunk dropped, duplicated, reordered or appended, or a
/// document cut short, makes decryption fail with a <see cref="DocumentIntegrityException"/>.
/// </summary>
/// <remarks>
/// <para>
/// Byte arrays go through <see cref="Encrypt"/> and <see cref="Decrypt"/>. Streams of any size go through
/// <see cref="EncryptAsync"/> and <see cref="DecryptAsync"/>, which hold two chunks in memory and need no
/// seeking. Every member is thread-safe.
/// </para>
/// <para>
/// <see cref="DecryptAsync"/> writes each chunk's plaintext once that chunk has authenticated, so a
/// document altered further on fails after part of it was written: write to a place you discard unless
/// the call returns normally (a temporary file renamed into place, for example).
/// </para>
/// </remarks>
public static class DocumentCipher
{
    /// <summary>The chunk size <c>recrypt encrypt</c> uses unless told otherwise: 64 KiB.</summary>
    public const int DefaultChunkSize = 64 * 1024;

    /// <summary>The smallest chunk size the format allows: 1 byte.</summary>
    public const int MinChunkSize = 1;

    /// <summary>The largest chunk size the format allows: 16 MiB, which bounds a reader's memory.</summary>
    public const int MaxChunkSize = 16 * 1024 * 1024;

    /// <summary>The size of each chunk's authentication tag in bytes (16).</summary>
    public const int TagSize = 16;

    /// <summary>The size of an encrypted document for <paramref name="plaintextLength"/> bytes of data.</summary>
    /// <param name="header">The document's header.</param>
    /// <param name="plaintextLength">The length of the data.</param>
    /// <returns>The header, the data and one tag per chunk (at least one chunk).</returns>
    public static long GetEncryptedLength(DocumentHeader header, long plaintextLength)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return header.Size + plaintextLength + (ChunkCount(plaintextLength, header.ChunkSize) * TagSize);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into a new encrypted document.</summary>
    /// <param name="plaintext">The data.</param>
    /// <param name="header">The document's header, made with <see cref="DocumentHeader.Create"/> and <paramref name="key"/>.</param>
    /// <param name="key">The document's symmetric key.</param>
    /// <returns>The encrypted document: the header, then the chunks.</returns>
    /// <exception cref="ArgumentException"><paramref name="header"/> was not made for <paramref name="key"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, DocumentHeader header, SymmetricKey key)
    {
        using var sealer = ChunkSealer.ForEncryption(header, key);
        var chunkSize = header.ChunkSize;
        var encrypted = new byte[GetEncryptedLength(header, plaintext.Length)];
        header.Encoded.CopyTo(encrypted);
        var at = header.Size;
        ulong index = 0;
        do
        {
            var length = Math.Min(chunkSize, plaintext.Length);
            var final = length == plaintext.Length;
            sealer.Seal(index, final, plaintext[..length], encrypted.AsSpan(at, length + TagSize));
            plaintext = plaintext[length..];
            at += length + TagSize;
            index++;
        }
        while (!plaintext.IsEmpty);
        return encrypted;
    }

    /// <summary>Decrypts an encrypted document held in memory, checking every chunk.</summary>
    /// <param name="encrypted">The encrypted document: its header, then its chunks.</param>
    /// <param name="key">The document's symmetric key.</param>
    /// <returns>The data.</returns>
    /// <exception cref="DocumentIntegrityException">
    /// The bytes are not an encrypted document, the key is not the document's, or the document was altered,
    /// truncated, extended or reordered.
    /// </exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> encrypted, SymmetricKey key)
    {
        var header = DocumentHeader.Read(encrypted);
        using var sealer = ChunkSealer.ForDecryption(header, key);
        var body = encrypted[header.Size..];
        var sealedSize = header.ChunkSize + TagSize;
        var chunks = Math.Max(1, (body.Length + sealedSize - 1) / sealedSize);
        var plaintext = new byte[Math.Max(0, body.Length - (chunks * TagSize))];
        try
        {
            var at = 0;
            ulong index = 0;
            do
            {
                var length = Math.Min(sealedSize, body.Length);
                var final = length == body.Length;
                at += sealer.Open(index, final, body[..length], plaintext.AsSpan(at));
                body = body[length..];
                index++;
            }
            while (!body.IsEmpty);
            return plaintext;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
    }

    /// <summary>Writes the header and the encrypted chunks of <paramref name="plaintext"/> to <paramref name="destination"/>, streaming.</summary>
    /// <param name="plaintext">The data, read to its end.</param>
    /// <param name="destination">Where the encrypted document goes.</param>
    /// <param name="header">The document's header, made with <see cref="DocumentHeader.Create"/> and <paramref name="key"/>.</param>
    /// <param name="key">The document's symmetric key.</param>
    /// <param name="progress">Told the number of data bytes encrypted so far, after each chunk.</param>
    /// <param name="cancellationToken">Stops the work between reads and writes.</param>
    /// <returns>The number of data bytes encrypted.</returns>
    /// <exception cref="ArgumentException"><paramref name="header"/> was not made for <paramref name="key"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static async Task<long> EncryptAsync(
        Stream plaintext, Stream destination, DocumentHeader header, SymmetricKey key,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(destination);
        using var sealer = ChunkSealer.ForEncryption(header, key);
        var chunkSize = header.ChunkSize;
        await destination.WriteAsync(header.Encoded.ToArray(), cancellationToken).ConfigureAwait(false);

        var (read, _) = await StreamChunksAsync(
            plaintext, chunkSize, destination, new byte[chunkSize + TagSize],
            (index, final, chunk, output) =>
            {
                sealer.Seal(index, final, chunk, output[..(chunk.Length + TagSize)]);
                return chunk.Length + TagSize;
            },
            progress is null ? null : progress.Report, cancellationToken).ConfigureAwait(false);
        return read;
    }

    /// <summary>
    /// Decrypts the chunks that follow the header in <paramref name="encrypted"/> to <paramref name="destination"/>,
    /// streaming. Each chunk's plaintext is written once that chunk has authenticated, so
    /// <paramref name="destination"/> must be a place that is discarded unless this returns normally.
    /// </summary>
    /// <param name="encrypted">The encrypted document, positioned just after its header (as <see cref="DocumentHeader.ReadAsync"/> leaves it).</param>
    /// <param name="destination">Where the data goes.</param>
    /// <param name="header">The document's header, as read.</param>
    /// <param name="key">The document's symmetric key.</param>
    /// <param name="progress">Told the number of encrypted bytes consumed so far (header included), after each chunk.</param>
    /// <param name="cancellationToken">Stops the work between reads and writes.</param>
    /// <returns>The number of data bytes written.</returns>
    /// <exception cref="DocumentIntegrityException">The key is not the document's, or a chunk fails to authenticate.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static async Task<long> DecryptAsync(
        Stream encrypted, Stream destination, DocumentHeader header, SymmetricKey key,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(destination);
        using var sealer = ChunkSealer.ForDecryption(header, key);
        var plaintext = new byte[header.ChunkSize];
        try
        {
            var (_, written) = await StreamChunksAsync(
                encrypted, header.ChunkSize + TagSize, destination, plaintext,
                (index, final, chunk, output) => sealer.Open(index, final, chunk, output),
                progress is null ? null : consumed => progress.Report(header.Size + consumed), cancellationToken).ConfigureAwait(false);
            return written;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>What <see cref="StreamChunksAsync"/> does to one chunk: writes the result into <c>output</c> and returns its length.</summary>
    private delegate int ChunkStep(ulong index, bool final, ReadOnlySpan<byte> chunk, Span<byte> output);

    /// <summary>
    /// The streaming loop of both directions: reads <paramref name="source"/> in chunks of <paramref name="chunkSize"/>,
    /// one ahead (a chunk is final when nothing follows it, so an empty source is one empty final chunk), hands
    /// each to <paramref name="step"/> and writes what it put in <paramref name="output"/> to
    /// <paramref name="destination"/>. The read buffers are wiped at the end (they may hold plaintext).
    /// </summary>
    /// <returns>The bytes read from <paramref name="source"/> and written to <paramref name="destination"/>.</returns>
    private static async Task<(long Read, long Written)> StreamChunksAsync(
        Stream source, int chunkSize, Stream destination, byte[] output, ChunkStep step,
        Action<long>? afterChunk, CancellationToken cancellationToken)
    {
        var current = new byte[chunkSize];
        var next = new byte[chunkSize];
        try
        {
            var currentLength = await source.ReadAtLeastAsync(current, chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            ulong index = 0;
            long read = 0;
            long written = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var nextLength = currentLength == chunkSize
                    ? await source.ReadAtLeastAsync(next, chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                    : 0;
                var final = nextLength == 0;
                var outputLength = step(index, final, current.AsSpan(0, currentLength), output);
                await destination.WriteAsync(output.AsMemory(0, outputLength), cancellationToken).ConfigureAwait(false);

                read += currentLength;
                written += outputLength;
                afterChunk?.Invoke(read);
                if (final)
                {
                    break;
                }
                (current, next) = (next, current);
                currentLength = nextLength;
                index = checked(index + 1);
            }
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            return (read, written);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current);
            CryptographicOperations.ZeroMemory(next);
        }
    }

    private static long ChunkCount(long plaintextLength, int chunkSize) => Math.Max(1, (plaintextLength + chunkSize - 1) / chunkSize);

    /// <summary>Seals and opens the chunks of one document: its AES-GCM key, nonces and associated data.</summary>
    private sealed class ChunkSealer : IDisposable
    {
        private readonly DocumentHeader _header;
        private readonly AesGcm _aes;
        private readonly byte[] _associatedData;
        private readonly byte[] _nonce = new byte[DocumentHeader.NonceBaseSize];

        private ChunkSealer(DocumentHeader header, SymmetricKey key)
        {
            _header = header;
            _aes = new AesGcm(key.Secret.Span, TagSize);
            _associatedData = new byte[header.Size + 8 + 1];
            header.Encoded.CopyTo(_associatedData);
        }

        public static ChunkSealer ForEncryption(DocumentHeader header, SymmetricKey key)
        {
            ArgumentNullException.ThrowIfNull(header);
            ArgumentNullException.ThrowIfNull(key);
            if (!header.IsCommittedTo(key))
            {
                throw new ArgumentException("The header was not made for this key.", nameof(key));
            }
            return new ChunkSealer(header, key);
        }

        public static ChunkSealer ForDecryption(DocumentHeader header, SymmetricKey key)
        {
            ArgumentNullException.ThrowIfNull(header);
            ArgumentNullException.ThrowIfNull(key);
            if (!header.IsCommittedTo(key))
            {
                throw new DocumentIntegrityException(
                    "The document's header was altered, or the key is not this document's (the header's key commitment does not match).");
            }
            return new ChunkSealer(header, key);
        }

        /// <summary>Seals chunk <paramref name="index"/> into <paramref name="destination"/>: ciphertext ‖ tag.</summary>
        public void Seal(ulong index, bool final, ReadOnlySpan<byte> plaintext, Span<byte> destination)
        {
            Prepare(index, final);
            _aes.Encrypt(_nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, TagSize), _associatedData);
        }

        /// <summary>Opens chunk <paramref name="index"/> into <paramref name="plaintext"/>, or says why it does not open.</summary>
        /// <returns>The number of plaintext bytes.</returns>
        public int Open(ulong index, bool final, ReadOnlySpan<byte> sealedChunk, Span<byte> plaintext)
        {
            if (sealedChunk.Length < TagSize)
            {
                throw new DocumentIntegrityException(index == 0 && sealedChunk.IsEmpty
                    ? "The document ends after its header: it was truncated."
                    : $"The document ends inside chunk {index}: it was truncated or extended.");
            }
            var length = sealedChunk.Length - TagSize;
            if (TryOpen(index, final, sealedChunk, plaintext[..length]))
            {
                return length;
            }

            // Say why, by trying the chunk the other way round (final or not).
            var scratch = new byte[length];
            try
            {
                if (TryOpen(index, !final, sealedChunk, scratch))
                {
                    throw new DocumentIntegrityException(final
                        ? $"The document ends after chunk {index}, which is not its final chunk: it was truncated."
                        : $"Chunk {index} is the document's final chunk, but more data follows it: data was appended.");
                }
                throw new DocumentIntegrityException(
                    $"Chunk {index} failed authentication: the document was altered, or its chunks were reordered, duplicated or dropped.");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(scratch);
            }
        }

        public void Dispose() => _aes.Dispose();

        private bool TryOpen(ulong index, bool final, ReadOnlySpan<byte> sealedChunk, Span<byte> plaintext)
        {
            Prepare(index, final);
            var length = sealedChunk.Length - TagSize;
            try
            {
                _aes.Decrypt(_nonce, sealedChunk[..length], sealedChunk[length..], plaintext, _associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        private void Prepare(ulong index, bool final)
        {
            _header.ChunkNonce(index, _nonce);
            var tail = _associatedData.AsSpan(_associatedData.Length - 9);
            BinaryPrimitives.WriteUInt64BigEndian(tail, index);
            tail[8] = final ? (byte)1 : (byte)0;
        }
    }
}
