using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Recrypt.Cli.Files;

/// <summary>
/// The body of an encrypted file: AES-256-GCM over fixed-size chunks, streamed with two chunk buffers
/// whatever the file's size. Chunk <c>i</c> is sealed with nonce <c>nonceBase XOR (0^4 ‖ BE64(i))</c> and
/// associated data <c>header ‖ BE64(i) ‖ final</c>, where <c>final</c> is 1 for the last chunk and 0
/// otherwise; every chunk but the last holds exactly <see cref="RecryptFileHeader.ChunkSize"/> bytes.
/// Altering, dropping, duplicating, reordering or appending chunks, or cutting the file short, makes a
/// chunk fail to authenticate.
/// </summary>
internal static class ChunkedCipher
{
    /// <summary>The size of a GCM tag in bytes.</summary>
    public const int TagSize = 16;

    private const int NonceSize = RecryptFileHeader.NonceBaseSize;

    /// <summary>The size of the encrypted file for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static long EncryptedLength(RecryptFileHeader header, long plaintextLength)
    {
        ArgumentNullException.ThrowIfNull(header);
        var chunks = Math.Max(1, (plaintextLength + header.ChunkSize - 1) / header.ChunkSize);
        return header.Encoded.Length + plaintextLength + (chunks * TagSize);
    }

    /// <summary>Writes the header and the encrypted chunks of <paramref name="input"/> to <paramref name="output"/>.</summary>
    /// <param name="input">The plaintext, read to its end.</param>
    /// <param name="output">Where the encrypted file goes.</param>
    /// <param name="header">The file's header, made with <paramref name="key"/>.</param>
    /// <param name="key">The 32-byte AES-256-GCM key.</param>
    /// <param name="progress">Called with the number of plaintext bytes done so far, after each chunk.</param>
    /// <param name="cancellationToken">Stops between chunks.</param>
    /// <returns>The number of plaintext bytes encrypted.</returns>
    public static async Task<long> EncryptAsync(
        Stream input, Stream output, RecryptFileHeader header, ReadOnlyMemory<byte> key,
        Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        if (!header.IsCommittedTo(key.Span))
        {
            throw new ArgumentException("The header was not made for this key.", nameof(key));
        }

        var chunkSize = header.ChunkSize;
        await output.WriteAsync(header.Encoded.ToArray(), cancellationToken).ConfigureAwait(false);

        using var aes = new AesGcm(key.Span, TagSize);
        var associatedData = NewAssociatedData(header);
        var nonce = new byte[NonceSize];
        var current = new byte[chunkSize];
        var next = new byte[chunkSize];
        var sealedChunk = new byte[chunkSize + TagSize];

        try
        {
            // Read one chunk ahead: a chunk is final when nothing follows it.
            var currentLength = await input.ReadAtLeastAsync(current, chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            ulong index = 0;
            long done = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var nextLength = currentLength == chunkSize
                    ? await input.ReadAtLeastAsync(next, chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                    : 0;
                var final = nextLength == 0;

                header.ChunkNonce(index, nonce);
                SetChunk(associatedData, index, final);
                aes.Encrypt(
                    nonce,
                    current.AsSpan(0, currentLength),
                    sealedChunk.AsSpan(0, currentLength),
                    sealedChunk.AsSpan(currentLength, TagSize),
                    associatedData);
                await output.WriteAsync(sealedChunk.AsMemory(0, currentLength + TagSize), cancellationToken).ConfigureAwait(false);

                done += currentLength;
                progress?.Invoke(done);
                if (index == 0)
                {
                    await TestHooks.PauseAsync(TestHooks.AfterFirstChunk, cancellationToken).ConfigureAwait(false);
                }
                if (final)
                {
                    break;
                }
                (current, next) = (next, current);
                currentLength = nextLength;
                index = checked(index + 1);
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return done;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current);
            CryptographicOperations.ZeroMemory(next);
        }
    }

    /// <summary>
    /// Decrypts the chunks that follow the header in <paramref name="input"/> to <paramref name="output"/>.
    /// Plaintext is written chunk by chunk as each authenticates, so <paramref name="output"/> must be a
    /// place that is thrown away unless this returns normally.
    /// </summary>
    /// <param name="input">The encrypted file, positioned just after its header.</param>
    /// <param name="output">Where the plaintext goes.</param>
    /// <param name="header">The file's header as read.</param>
    /// <param name="key">The 32-byte AES-256-GCM key.</param>
    /// <param name="progress">Called with the number of encrypted bytes consumed so far (header included), after each chunk.</param>
    /// <param name="cancellationToken">Stops between chunks.</param>
    /// <returns>The number of plaintext bytes written.</returns>
    /// <exception cref="FileIntegrityException">The key does not open the file, or a chunk fails to authenticate.</exception>
    public static async Task<long> DecryptAsync(
        Stream input, Stream output, RecryptFileHeader header, ReadOnlyMemory<byte> key,
        Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        if (!header.IsCommittedTo(key.Span))
        {
            throw new FileIntegrityException(
                "The file's header was altered, or the document key is not this file's (the header's key commitment does not match).");
        }

        var sealedSize = header.ChunkSize + TagSize;
        using var aes = new AesGcm(key.Span, TagSize);
        var associatedData = NewAssociatedData(header);
        var nonce = new byte[NonceSize];
        var current = new byte[sealedSize];
        var next = new byte[sealedSize];
        var plaintext = new byte[header.ChunkSize];

        var currentLength = await input.ReadAtLeastAsync(current, sealedSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        ulong index = 0;
        long consumed = header.Encoded.Length;
        long written = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var nextLength = currentLength == sealedSize
                    ? await input.ReadAtLeastAsync(next, sealedSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                    : 0;
                var final = nextLength == 0;
                if (currentLength < TagSize)
                {
                    throw new FileIntegrityException(index == 0 && currentLength == 0
                        ? "The file ends after its header: it was truncated."
                        : $"The file ends inside chunk {index}: it was truncated or extended.");
                }

                var plaintextLength = currentLength - TagSize;
                header.ChunkNonce(index, nonce);
                if (!TryOpen(aes, associatedData, index, final, nonce, current.AsSpan(0, currentLength), plaintext.AsSpan(0, plaintextLength)))
                {
                    throw new FileIntegrityException(DescribeFailure(aes, associatedData, index, final, nonce, current.AsSpan(0, currentLength)));
                }
                await output.WriteAsync(plaintext.AsMemory(0, plaintextLength), cancellationToken).ConfigureAwait(false);

                written += plaintextLength;
                consumed += currentLength;
                progress?.Invoke(consumed);
                if (final)
                {
                    break;
                }
                (current, next) = (next, current);
                currentLength = nextLength;
                index = checked(index + 1);
            }
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return written;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] NewAssociatedData(RecryptFileHeader header)
    {
        var associatedData = new byte[header.Encoded.Length + 8 + 1];
        header.Encoded.CopyTo(associatedData);
        return associatedData;
    }

    private static void SetChunk(byte[] associatedData, ulong index, bool final)
    {
        var tail = associatedData.AsSpan(associatedData.Length - 9);
        BinaryPrimitives.WriteUInt64BigEndian(tail, index);
        tail[8] = final ? (byte)1 : (byte)0;
    }

    private static bool TryOpen(AesGcm aes, byte[] associatedData, ulong index, bool final, byte[] nonce, ReadOnlySpan<byte> sealedChunk, Span<byte> plaintext)
    {
        SetChunk(associatedData, index, final);
        var length = sealedChunk.Length - TagSize;
        try
        {
            aes.Decrypt(nonce, sealedChunk[..length], sealedChunk[length..], plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <summary>Says why chunk <paramref name="index"/> failed, by trying it the other way round (final or not).</summary>
    private static string DescribeFailure(AesGcm aes, byte[] associatedData, ulong index, bool final, byte[] nonce, ReadOnlySpan<byte> sealedChunk)
    {
        var scratch = new byte[sealedChunk.Length - TagSize];
        try
        {
            if (TryOpen(aes, associatedData, index, !final, nonce, sealedChunk, scratch))
            {
                return final
                    ? $"The file ends after chunk {index}, which is not its final chunk: it was truncated."
                    : $"Chunk {index} is the file's final chunk, but more data follows it: data was appended.";
            }
            return $"Chunk {index} failed authentication: the file was altered, or its chunks were reordered, duplicated or dropped.";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scratch);
        }
    }
}
