using System.Security.Cryptography;

namespace Recrypt.Tests.Documents;

/// <summary>
/// <see cref="DocumentCipher"/> and <see cref="DocumentHeader"/>: the format <c>recrypt encrypt</c> has always
/// written (committed files made by the CLI's own implementation before it moved into the library still
/// decrypt, and encrypting under their headers gives the same bytes), byte arrays and streams agreeing, and
/// tampering refused.
/// </summary>
public sealed class DocumentCipherTests
{
    private const string ServiceUrl = "http://127.0.0.1:5080/";
    private const string DocumentId = "73aed6245d5c539fd2c33d1609779920";
    private const string OwnerId = "13a44e719ca143c57063af2772a34d10";

    public static TheoryData<string, int, int> CommittedFiles => new()
    {
        // name, plaintext length, chunk size
        { "three-chunks", 2500, 1024 },
        { "empty", 0, 65536 },
    };

    [Theory]
    [MemberData(nameof(CommittedFiles))]
    public void FilesTheCliWroteBeforeTheMove_StillDecrypt(string name, int length, int chunkSize)
    {
        using var key = CommittedKey();
        var encrypted = CommittedFile(name);

        var header = DocumentHeader.Read(encrypted);
        Assert.Equal((ServiceUrl, DocumentId, OwnerId, chunkSize), (header.ServiceUrl, header.DocumentId, header.OwnerId, header.ChunkSize));
        Assert.True(header.IsCommittedTo(key));
        Assert.Equal(CommittedPlaintext(length), DocumentCipher.Decrypt(encrypted, key));
    }

    [Theory]
    [MemberData(nameof(CommittedFiles))]
    public async Task EncryptingUnderACommittedHeader_GivesTheCommittedBytes(string name, int length, int chunkSize)
    {
        using var key = CommittedKey();
        var committed = CommittedFile(name);
        var header = DocumentHeader.Read(committed);
        Assert.Equal(chunkSize, header.ChunkSize);

        Assert.Equal(committed, DocumentCipher.Encrypt(CommittedPlaintext(length), header, key));
        using var output = new MemoryStream();
        var bytes = await DocumentCipher.EncryptAsync(new MemoryStream(CommittedPlaintext(length)), output, header, key);
        Assert.Equal(length, bytes);
        Assert.Equal(committed, output.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(1000)]
    public async Task ArraysAndStreams_RoundTripAndAgree(int length)
    {
        using var key = NewKey();
        var header = DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId, chunkSize: 100);
        var plaintext = RandomNumberGenerator.GetBytes(length);

        var encrypted = DocumentCipher.Encrypt(plaintext, header, key);
        Assert.Equal(DocumentCipher.GetEncryptedLength(header, length), encrypted.Length);
        using var streamed = new MemoryStream();
        await DocumentCipher.EncryptAsync(new MemoryStream(plaintext), streamed, header, key);
        Assert.Equal(encrypted, streamed.ToArray());

        Assert.Equal(plaintext, DocumentCipher.Decrypt(encrypted, key));
        var input = new MemoryStream(encrypted);
        var read = await DocumentHeader.ReadAsync(input);
        Assert.Equal(header.Encoded.ToArray(), read.Encoded.ToArray());
        using var decrypted = new MemoryStream();
        Assert.Equal(length, await DocumentCipher.DecryptAsync(input, decrypted, read, key));
        Assert.Equal(plaintext, decrypted.ToArray());
    }

    [Fact]
    public async Task Streams_ReportProgressAfterEachChunk()
    {
        using var key = NewKey();
        var header = DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId, chunkSize: 100);
        var plaintext = RandomNumberGenerator.GetBytes(250);
        var encryptedProgress = new List<long>();
        using var encrypted = new MemoryStream();

        await DocumentCipher.EncryptAsync(new MemoryStream(plaintext), encrypted, header, key, new Recorder(encryptedProgress));
        var decryptedProgress = new List<long>();
        var input = new MemoryStream(encrypted.ToArray());
        var read = await DocumentHeader.ReadAsync(input);
        await DocumentCipher.DecryptAsync(input, Stream.Null, read, key, new Recorder(decryptedProgress));

        // Data bytes encrypted; encrypted bytes consumed, the header included (a chunk carries a 16-byte tag).
        Assert.Equal([100L, 200, 250], encryptedProgress);
        Assert.Equal([header.Size + 116L, header.Size + 232, header.Size + 298], decryptedProgress);
        Assert.Equal(encrypted.Length, decryptedProgress[^1]);
    }

    /// <summary>An <see cref="IProgress{T}"/> that records synchronously (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class Recorder(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }

    [Fact]
    public void EveryDocumentHasItsOwnNonceBase()
    {
        using var key = NewKey();
        var first = DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId);
        var second = DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId);
        Assert.NotEqual(first.NonceBase.ToArray(), second.NonceBase.ToArray());
        Assert.Equal(DocumentCipher.DefaultChunkSize, first.ChunkSize);
    }

    [Fact]
    public void EveryChunkHasItsOwnNonce()
    {
        using var key = NewKey();
        var header = DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId);
        var nonces = new HashSet<string>(StringComparer.Ordinal);
        var nonce = new byte[DocumentHeader.NonceBaseSize];
        foreach (var index in new ulong[] { 0, 1, 2, 255, 256, 65536, uint.MaxValue, (ulong)uint.MaxValue + 1, ulong.MaxValue })
        {
            header.ChunkNonce(index, nonce);
            Assert.True(nonces.Add(Convert.ToHexString(nonce)));
            Assert.True(nonce.AsSpan(0, 4).SequenceEqual(header.NonceBase[..4]));
        }
    }

    [Fact]
    public void AnotherKey_IsRefusedBeforeAnyChunkIsOpened()
    {
        using var key = NewKey();
        using var other = NewKey();
        var encrypted = DocumentCipher.Encrypt("data"u8, DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId), key);

        var error = Assert.Throws<DocumentIntegrityException>(() => DocumentCipher.Decrypt(encrypted, other));
        Assert.Contains("key commitment", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DocumentCipher.Encrypt("data"u8, DocumentHeader.Read(encrypted), other));
    }

    [Fact]
    public void EveryAlteredByte_IsDetected()
    {
        using var key = NewKey();
        var header = DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId, chunkSize: 16);
        var encrypted = DocumentCipher.Encrypt(RandomNumberGenerator.GetBytes(40), header, key);
        for (var i = 0; i < encrypted.Length; i++)
        {
            var altered = encrypted.ToArray();
            altered[i] ^= 0x01;
            Assert.Throws<DocumentIntegrityException>(() => DocumentCipher.Decrypt(altered, key));
        }
    }

    [Fact]
    public void Truncation_AppendedData_AndReorderedChunks_AreNamed()
    {
        using var key = NewKey();
        var header = DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId, chunkSize: 10);
        var encrypted = DocumentCipher.Encrypt(RandomNumberGenerator.GetBytes(30), header, key);
        var sealedSize = 10 + DocumentCipher.TagSize;

        var truncated = encrypted[..^sealedSize];
        Assert.Contains("truncated", Assert.Throws<DocumentIntegrityException>(() => DocumentCipher.Decrypt(truncated, key)).Message, StringComparison.Ordinal);
        var appended = DocumentCipher.Encrypt(RandomNumberGenerator.GetBytes(10), header, key)[header.Size..];
        Assert.Contains("appended", Assert.Throws<DocumentIntegrityException>(() => DocumentCipher.Decrypt([.. encrypted, .. appended], key)).Message, StringComparison.Ordinal);
        var swapped = encrypted.ToArray();
        encrypted.AsSpan(header.Size, sealedSize).CopyTo(swapped.AsSpan(header.Size + sealedSize));
        encrypted.AsSpan(header.Size + sealedSize, sealedSize).CopyTo(swapped.AsSpan(header.Size));
        Assert.Contains("Chunk 0 failed", Assert.Throws<DocumentIntegrityException>(() => DocumentCipher.Decrypt(swapped, key)).Message, StringComparison.Ordinal);
        Assert.Contains("ends after its header", Assert.Throws<DocumentIntegrityException>(() => DocumentCipher.Decrypt(encrypted.AsSpan(0, header.Size), key)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BytesThatAreNotADocument_AreRefusedWithAReason()
    {
        using var key = NewKey();
        Assert.Contains("RCRYPT", Assert.Throws<DocumentIntegrityException>(() => DocumentCipher.Decrypt("hello, world"u8, key)).Message, StringComparison.Ordinal);
        var encrypted = DocumentCipher.Encrypt([], DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId), key);
        Assert.Contains("truncated", Assert.Throws<DocumentIntegrityException>(() => DocumentHeader.Read(encrypted.AsSpan(0, 20))).Message, StringComparison.Ordinal);
        encrypted[6] = 2;
        Assert.Contains("format version 2", Assert.Throws<DocumentIntegrityException>(() => DocumentHeader.Read(encrypted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderFields_AreChecked()
    {
        using var key = NewKey();
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId, chunkSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId, DocumentCipher.MaxChunkSize + 1));
        Assert.Throws<ArgumentException>(() => DocumentHeader.Create(key, "", DocumentId, OwnerId));
        Assert.Throws<ArgumentException>(() => DocumentHeader.Create(key, ServiceUrl, "has space", OwnerId));
        Assert.Throws<ArgumentException>(() => DocumentHeader.Create(key, ServiceUrl, DocumentId, new string('a', DocumentHeader.MaxIdLength + 1)));
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId));
    }

    [Fact]
    public void TheHeader_DescribesItselfWithoutASecret()
    {
        using var key = NewKey();
        var header = DocumentHeader.Create(key, ServiceUrl, DocumentId, OwnerId, chunkSize: 4096);
        Assert.Equal($"DocumentHeader (document {DocumentId} of owner {OwnerId} at {ServiceUrl}, 4096-byte chunks)", header.ToString());
    }

    /// <summary>The symmetric key of the committed files: derived from a fixed plaintext, as the CLI derives it from a fresh one.</summary>
    private static SymmetricKey CommittedKey()
    {
        var bytes = new byte[Plaintext.Size];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 31) + 7);
        }
        using var plaintext = Plaintext.Import(bytes);
        var key = Shared.Instance.DeriveSymmetricKey(plaintext);
        Assert.Equal("86f79d6b1cd8512a432f652fe4032effa2eca48a492e2fb3fd346b5b325d7c86", Convert.ToHexStringLower(key.Export()));
        return key;
    }

    private static byte[] CommittedPlaintext(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 7) + 3);
        }
        return data;
    }

    private static byte[] CommittedFile(string name) =>
        File.ReadAllBytes(Path.Combine(RepositoryFiles.Root, "tests", "Recrypt.Tests", "Documents", "v1", name + ".rcrypt"));

    private static SymmetricKey NewKey()
    {
        using var plaintext = Shared.Instance.GeneratePlaintext();
        return Shared.Instance.DeriveSymmetricKey(plaintext);
    }
}
