using System.Buffers.Binary;
using System.Security.Cryptography;
using Recrypt.Cli.Files;

namespace Recrypt.Cli.Tests;

/// <summary>
/// The encrypted file format through the code path the commands use (FileCrypto: header, chunked
/// AES-256-GCM, temporary output renamed into place): round trips at the chunk boundaries, and every kind
/// of tampering detected with no output file (temporary or final) left behind.
/// </summary>
public sealed class FileFormatTests : IDisposable
{
    private const int ChunkSize = 1024;
    private const int SealedChunkSize = ChunkSize + DocumentCipher.TagSize;
    private const string ServiceUrl = "http://127.0.0.1:5000/";
    private const string DocumentId = "0123456789abcdef0123456789abcdef";
    private const string OwnerId = "fedcba9876543210fedcba9876543210";

    private readonly TempDirectory _directory = new();
    private readonly SymmetricKey _key = NewKey();

    public void Dispose()
    {
        _key.Dispose();
        _directory.Dispose();
    }

    private static SymmetricKey NewKey()
    {
        using var recrypt = new TransformEncryption();
        using var plaintext = recrypt.GeneratePlaintext();
        return recrypt.DeriveSymmetricKey(plaintext);
    }

    public static TheoryData<int> Sizes => [0, 1, ChunkSize - 1, ChunkSize, ChunkSize + 1, (5 * ChunkSize) + 7, 3 * ChunkSize];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task RoundTripsEverySizeAroundTheChunkBoundaries(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var encrypted = await EncryptAsync(plaintext);

        var chunks = Math.Max(1, (size + ChunkSize - 1) / ChunkSize);
        var header = await ReadHeaderAsync(encrypted);
        Assert.Equal(header.Encoded.Length + size + (chunks * DocumentCipher.TagSize), new FileInfo(encrypted).Length);
        Assert.Equal(DocumentCipher.GetEncryptedLength(header, size), new FileInfo(encrypted).Length);

        var output = _directory.File("decrypted");
        var written = await DecryptAsync(encrypted, output);
        Assert.Equal(size, written);
        Assert.Equal(plaintext, await File.ReadAllBytesAsync(output));
        Assert.DoesNotContain(_directory.FileNames(), name => name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RoundTripsWithTheDefaultChunkSize()
    {
        var plaintext = RandomNumberGenerator.GetBytes((3 * DocumentCipher.DefaultChunkSize) + 12345);
        var encrypted = await EncryptAsync(plaintext, DocumentCipher.DefaultChunkSize);
        var output = _directory.File("decrypted");
        await DecryptAsync(encrypted, output);
        Assert.Equal(plaintext, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task TheHeaderNamesTheServiceTheKeyAndTheOwner()
    {
        var encrypted = await EncryptAsync(RandomNumberGenerator.GetBytes(10));
        var bytes = await File.ReadAllBytesAsync(encrypted);
        Assert.Equal("RCRYPT"u8.ToArray(), bytes[..6]);
        Assert.Equal(DocumentHeader.FormatVersion, bytes[6]);

        var header = await ReadHeaderAsync(encrypted);
        Assert.Equal(ChunkSize, header.ChunkSize);
        Assert.Equal(ServiceUrl, header.ServiceUrl);
        Assert.Equal(DocumentId, header.DocumentId);
        Assert.Equal(OwnerId, header.OwnerId);
        Assert.Equal(header.Encoded.Length, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8)));
        Assert.Equal(ChunkSize, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(10)));
        Assert.True(header.IsCommittedTo(_key));
        using var other = NewKey();
        Assert.False(header.IsCommittedTo(other));
    }

    [Fact]
    public async Task EveryFileHasItsOwnNonceBase()
    {
        var plaintext = RandomNumberGenerator.GetBytes(100);
        var first = await ReadHeaderAsync(await EncryptAsync(plaintext, name: "first"));
        var second = await ReadHeaderAsync(await EncryptAsync(plaintext, name: "second"));
        Assert.False(first.NonceBase.SequenceEqual(second.NonceBase));
        // Every chunk's own nonce: DocumentCipherTests in Recrypt.Tests.
    }

    [Fact]
    public async Task TheSameFileEncryptsToDifferentBytes()
    {
        var plaintext = RandomNumberGenerator.GetBytes(3000);
        var first = await File.ReadAllBytesAsync(await EncryptAsync(plaintext, name: "first"));
        var second = await File.ReadAllBytesAsync(await EncryptAsync(plaintext, name: "second"));
        Assert.NotEqual(first, second);
    }

    // Tampering: each case must fail with DocumentIntegrityException and leave nothing behind.

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task AnAlteredByteInAnyChunkIsDetected(int chunk)
    {
        var encrypted = await EncryptAsync(RandomNumberGenerator.GetBytes((4 * ChunkSize) + 100));
        var bytes = await File.ReadAllBytesAsync(encrypted);
        var start = (await ReadHeaderAsync(encrypted)).Encoded.Length + (chunk * SealedChunkSize);
        var end = Math.Min(start + SealedChunkSize, bytes.Length);
        // The first and last byte of the ciphertext, one in the middle, and the tag's last byte.
        foreach (var offset in new[] { start, start + ((end - start) / 2), end - DocumentCipher.TagSize - 1, end - 1 })
        {
            var altered = (byte[])bytes.Clone();
            altered[offset] ^= 0x01;
            await AssertTamperedAsync(altered, "failed authentication", because: $"chunk {chunk}, offset {offset}");
        }
    }

    [Fact]
    public async Task AnAlteredByteAnywhereInTheHeaderIsDetected()
    {
        var encrypted = await EncryptAsync(RandomNumberGenerator.GetBytes((2 * ChunkSize) + 5));
        var bytes = await File.ReadAllBytesAsync(encrypted);
        var headerLength = (await ReadHeaderAsync(encrypted)).Encoded.Length;
        for (var offset = 0; offset < headerLength; offset++)
        {
            foreach (var flip in new byte[] { 0x01, 0x80 })
            {
                var altered = (byte[])bytes.Clone();
                altered[offset] ^= flip;
                await AssertTamperedAsync(altered, because: $"byte {offset} of the header ^ 0x{flip:x2}");
            }
        }
    }

    [Fact]
    public async Task SwappedChunksAreDetected()
    {
        var (header, chunks) = await EncryptToChunksAsync((4 * ChunkSize) + 100);
        (chunks[1], chunks[2]) = (chunks[2], chunks[1]);
        await AssertTamperedAsync(Join(header, chunks), "Chunk 1 failed authentication");
    }

    [Fact]
    public async Task SwappingTheLastTwoChunksIsDetected()
    {
        var (header, chunks) = await EncryptToChunksAsync(3 * ChunkSize); // the last chunk is full
        (chunks[1], chunks[2]) = (chunks[2], chunks[1]);
        await AssertTamperedAsync(Join(header, chunks));
    }

    [Fact]
    public async Task ADroppedLastChunkIsDetectedAsTruncation()
    {
        var (header, chunks) = await EncryptToChunksAsync((4 * ChunkSize) + 100);
        await AssertTamperedAsync(Join(header, chunks[..^1]), "it was truncated");
    }

    [Fact]
    public async Task ADroppedLastChunkOfAnExactMultipleIsDetectedAsTruncation()
    {
        var (header, chunks) = await EncryptToChunksAsync(4 * ChunkSize);
        await AssertTamperedAsync(Join(header, chunks[..^1]), "it was truncated");
    }

    [Fact]
    public async Task ADroppedMiddleChunkIsDetected()
    {
        var (header, chunks) = await EncryptToChunksAsync((4 * ChunkSize) + 100);
        await AssertTamperedAsync(Join(header, [chunks[0], chunks[1], chunks[3], chunks[4]]));
    }

    [Fact]
    public async Task ADuplicatedChunkIsDetected()
    {
        var (header, chunks) = await EncryptToChunksAsync((4 * ChunkSize) + 100);
        await AssertTamperedAsync(Join(header, [chunks[0], chunks[1], chunks[1], chunks[2], chunks[3], chunks[4]]));
        await AssertTamperedAsync(Join(header, [.. chunks, chunks[^1]]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(DocumentCipher.TagSize)]
    [InlineData(SealedChunkSize)]
    public async Task AppendedDataIsDetected(int length)
    {
        foreach (var size in new[] { 0, 100, 3 * ChunkSize, (3 * ChunkSize) + 100 })
        {
            var encrypted = await File.ReadAllBytesAsync(await EncryptAsync(RandomNumberGenerator.GetBytes(size)));
            await AssertTamperedAsync([.. encrypted, .. RandomNumberGenerator.GetBytes(length)], because: $"{length} bytes after a {size}-byte file");
        }
    }

    [Fact]
    public async Task AppendingAnotherFilesChunksIsDetected()
    {
        var (header, chunks) = await EncryptToChunksAsync(ChunkSize + 10);
        var (_, others) = await EncryptToChunksAsync(ChunkSize + 10, name: "other");
        await AssertTamperedAsync(Join(header, [.. chunks, .. others]));
        await AssertTamperedAsync(Join(header, [chunks[0], others[1]]));
    }

    [Fact]
    public async Task TruncationAnywhereIsDetected()
    {
        var bytes = await File.ReadAllBytesAsync(await EncryptAsync(RandomNumberGenerator.GetBytes((2 * ChunkSize) + 100)));
        foreach (var length in new[] { 0, 3, 6, 9, 40, 100, HeaderLength(bytes), HeaderLength(bytes) + 1, HeaderLength(bytes) + SealedChunkSize, bytes.Length - 1 })
        {
            await AssertTamperedAsync(bytes[..length], because: $"cut to {length} of {bytes.Length} bytes");
        }
    }

    [Fact]
    public async Task AnotherKeyIsRefused()
    {
        var encrypted = await EncryptAsync(RandomNumberGenerator.GetBytes(100));
        var header = await ReadHeaderAsync(encrypted);
        var output = _directory.File("decrypted");
        using var otherKey = NewKey();
        var error = await Assert.ThrowsAsync<DocumentIntegrityException>(() =>
            FileCrypto.DecryptFileAsync(encrypted, output, overwrite: false, header, otherKey));
        Assert.Contains("key commitment", error.Message, StringComparison.Ordinal);
        AssertNoOutput(output);
    }

    [Fact]
    public async Task AFileThatIsNotRecryptIsRefused()
    {
        var path = _directory.File("plain.txt");
        await File.WriteAllTextAsync(path, "hello, world");
        var error = await Assert.ThrowsAsync<DocumentIntegrityException>(() => FileCrypto.ReadHeaderAsync(path));
        Assert.Contains("not a Recrypt encrypted document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherFormatVersionIsRefused()
    {
        var bytes = await File.ReadAllBytesAsync(await EncryptAsync(RandomNumberGenerator.GetBytes(10)));
        bytes[6] = 2;
        var path = _directory.File("v2.rcrypt");
        await File.WriteAllBytesAsync(path, bytes);
        var error = await Assert.ThrowsAsync<DocumentIntegrityException>(() => FileCrypto.ReadHeaderAsync(path));
        Assert.Contains("format version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExistingOutputIsKeptUnlessOverwriteIsAsked()
    {
        var plaintext = RandomNumberGenerator.GetBytes(100);
        var encrypted = await EncryptAsync(plaintext);
        var output = _directory.File("decrypted");
        await File.WriteAllTextAsync(output, "precious");
        await Assert.ThrowsAsync<OutputExistsException>(() => DecryptAsync(encrypted, output));
        Assert.Equal("precious", await File.ReadAllTextAsync(output));

        await DecryptAsync(encrypted, output, overwrite: true);
        Assert.Equal(plaintext, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task AFailedDecryptionLeavesAnExistingOutputAlone()
    {
        var encrypted = await File.ReadAllBytesAsync(await EncryptAsync(RandomNumberGenerator.GetBytes(3 * ChunkSize)));
        encrypted[^1] ^= 1;
        var path = _directory.File("tampered.rcrypt");
        await File.WriteAllBytesAsync(path, encrypted);
        var output = _directory.File("decrypted");
        await File.WriteAllTextAsync(output, "precious");
        await Assert.ThrowsAsync<DocumentIntegrityException>(() => DecryptAsync(path, output, overwrite: true));
        Assert.Equal("precious", await File.ReadAllTextAsync(output));
        Assert.DoesNotContain(_directory.FileNames(), name => name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACancelledDecryptionLeavesNothingBehind()
    {
        var encrypted = await EncryptAsync(RandomNumberGenerator.GetBytes(10 * ChunkSize));
        var header = await ReadHeaderAsync(encrypted);
        var output = _directory.File("decrypted");
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileCrypto.DecryptFileAsync(
            encrypted, output, overwrite: false, header, _key,
            new SynchronousProgress(done =>
            {
                if (done > 3 * SealedChunkSize)
                {
                    cancel.Cancel();
                }
            }),
            cancel.Token));
        AssertNoOutput(output);
    }

    [Fact]
    public async Task TheEncryptedOutputAppearsOnlyWhenComplete()
    {
        var input = _directory.File("input");
        await File.WriteAllBytesAsync(input, RandomNumberGenerator.GetBytes(10 * ChunkSize));
        var output = _directory.File("input.rcrypt");
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileCrypto.EncryptFileAsync(
            input, output, overwrite: false, ChunkSize, ServiceUrl, DocumentId, OwnerId, _key,
            new SynchronousProgress(done =>
            {
                if (done > 3 * ChunkSize)
                {
                    cancel.Cancel();
                }
            }),
            cancel.Token));
        AssertNoOutput(output);
    }

    [Fact]
    public void HeaderFieldsAreBounded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentHeader.Create(_key, ServiceUrl, DocumentId, OwnerId, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentHeader.Create(_key, ServiceUrl, DocumentId, OwnerId, DocumentCipher.MaxChunkSize + 1));
        Assert.Throws<ArgumentException>(() => DocumentHeader.Create(_key, new string('a', DocumentHeader.MaxServiceUrlBytes + 1), DocumentId, OwnerId, ChunkSize));
        Assert.Throws<ArgumentException>(() => DocumentHeader.Create(_key, ServiceUrl, "has space", OwnerId, ChunkSize));
        Assert.Throws<ArgumentException>(() => DocumentHeader.Create(_key, ServiceUrl, DocumentId, "", ChunkSize));
    }

    // Helpers

    private async Task<string> EncryptAsync(byte[] plaintext, int chunkSize = ChunkSize, string name = "input")
    {
        var input = _directory.File(name);
        await File.WriteAllBytesAsync(input, plaintext);
        var output = input + ".rcrypt";
        var (_, bytes) = await FileCrypto.EncryptFileAsync(input, output, overwrite: true, chunkSize, ServiceUrl, DocumentId, OwnerId, _key);
        Assert.Equal(plaintext.Length, bytes);
        return output;
    }

    private async Task<(byte[] Header, List<byte[]> Chunks)> EncryptToChunksAsync(int size, string name = "input")
    {
        var bytes = await File.ReadAllBytesAsync(await EncryptAsync(RandomNumberGenerator.GetBytes(size), name: name));
        var headerLength = HeaderLength(bytes);
        var chunks = bytes[headerLength..].Chunk(SealedChunkSize).ToList();
        return (bytes[..headerLength], chunks);
    }

    private static byte[] Join(byte[] header, IEnumerable<byte[]> chunks) => [.. header, .. chunks.SelectMany(chunk => chunk)];

    private static int HeaderLength(byte[] file) => BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(8));

    private static async Task<DocumentHeader> ReadHeaderAsync(string path) => await FileCrypto.ReadHeaderAsync(path);

    /// <summary>What <c>recrypt decrypt</c> does once it has the key: read the header, then decrypt to a temporary file.</summary>
    private async Task<long> DecryptAsync(string encrypted, string output, bool overwrite = false)
    {
        var header = await FileCrypto.ReadHeaderAsync(encrypted);
        return await FileCrypto.DecryptFileAsync(encrypted, output, overwrite, header, _key);
    }

    private async Task AssertTamperedAsync(byte[] tampered, string? messagePart = null, string? because = null)
    {
        var path = _directory.File("tampered.rcrypt");
        await File.WriteAllBytesAsync(path, tampered);
        var output = _directory.File("tampered");
        DocumentIntegrityException? error = null;
        try
        {
            await DecryptAsync(path, output);
        }
        catch (DocumentIntegrityException e)
        {
            error = e;
        }
        Assert.True(error is not null, $"Tampering was not detected ({because ?? messagePart ?? "no details"}).");
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        }
        AssertNoOutput(output);
        File.Delete(path);
    }

    private void AssertNoOutput(string output)
    {
        Assert.False(File.Exists(output), $"{output} was left behind.");
        var leftovers = _directory.FileNames().Where(name => name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal)).ToArray();
        Assert.True(leftovers.Length == 0, "Temporary files were left behind: " + string.Join(", ", leftovers));
    }
}
