using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Recrypt;

/// <summary>
/// The header of an encrypted document (format version 1, the format <c>recrypt encrypt</c> writes): which
/// service holds the document key and under which id, whose key it is, how the document is cut into
/// chunks, the per-document nonce base, and a commitment (HMAC-SHA256 under the document's key) to the
/// key and the whole header. Every chunk also authenticates the header's exact bytes. The header carries
/// no secret.
/// </summary>
/// <remarks>
/// Make one with <see cref="Create"/> for a new document, or read one with <see cref="Read"/> or
/// <see cref="ReadAsync"/> to learn which document key to fetch before decrypting. The service URL and ids
/// are not authenticated until the key is in hand (<see cref="IsCommittedTo(SymmetricKey)"/>, which
/// <see cref="DocumentCipher"/> checks before it opens any chunk).
/// </remarks>
public sealed class DocumentHeader
{
    /// <summary>The format version this library writes and reads (1).</summary>
    public const byte FormatVersion = 1;

    /// <summary>The size of the per-document random nonce base in bytes (12, a GCM nonce).</summary>
    public const int NonceBaseSize = 12;

    /// <summary>The most UTF-8 bytes of the service URL (2048).</summary>
    public const int MaxServiceUrlBytes = 2048;

    /// <summary>The most characters of the document key id and of the owner id (128).</summary>
    public const int MaxIdLength = 128;

    private const int CommitmentSize = 32;

    // magic(6) version(1) flags(1) header length(2) chunk size(4) nonce base(12) commitment(32)
    private const int CommitmentOffset = 6 + 1 + 1 + 2 + 4 + NonceBaseSize;
    private const int FixedPartSize = CommitmentOffset + CommitmentSize;
    private const int StartSize = 10;
    private const int MinSize = FixedPartSize + 2 + 1 + 1 + 1 + 1 + 1;

    /// <summary>The largest header a reader accepts, in bytes.</summary>
    public const int MaxSize = FixedPartSize + 2 + MaxServiceUrlBytes + 1 + MaxIdLength + 1 + MaxIdLength;

    private static ReadOnlySpan<byte> CommitmentLabel => "recrypt-file-v1 key commitment"u8;

    private readonly byte[] _encoded;
    private readonly byte[] _nonceBase;
    private readonly byte[] _commitment;

    private DocumentHeader(byte[] encoded, int chunkSize, byte[] nonceBase, byte[] commitment, string serviceUrl, string documentId, string ownerId)
    {
        _encoded = encoded;
        ChunkSize = chunkSize;
        _nonceBase = nonceBase;
        _commitment = commitment;
        ServiceUrl = serviceUrl;
        DocumentId = documentId;
        OwnerId = ownerId;
    }

    /// <summary>The magic bytes every encrypted document starts with: ASCII <c>RCRYPT</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "RCRYPT"u8;

    /// <summary>Plaintext bytes per chunk: every chunk but the final one holds exactly this many.</summary>
    public int ChunkSize { get; }

    /// <summary>The URL of the service that holds the document key.</summary>
    public string ServiceUrl { get; }

    /// <summary>The id of the document key at the service.</summary>
    public string DocumentId { get; }

    /// <summary>The id of the identity that encrypted the document and owns the document key.</summary>
    public string OwnerId { get; }

    /// <summary>The random per-document nonce base from which each chunk's nonce is derived.</summary>
    public ReadOnlySpan<byte> NonceBase => _nonceBase;

    /// <summary>The header's exact bytes, as written and authenticated; the encrypted chunks follow them.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>
    /// Makes the header of a new document, with a fresh random nonce base and the commitment to
    /// <paramref name="key"/>.
    /// </summary>
    /// <param name="key">The document's symmetric key: the key the chunks are encrypted with.</param>
    /// <param name="serviceUrl">The URL of the service that holds the document key (1 to 2048 bytes of UTF-8).</param>
    /// <param name="documentId">The document key's id at that service (1 to 128 printable ASCII characters).</param>
    /// <param name="ownerId">The id of the identity that owns the document key (1 to 128 printable ASCII characters).</param>
    /// <param name="chunkSize">Plaintext bytes per chunk, <see cref="DocumentCipher.MinChunkSize"/> to <see cref="DocumentCipher.MaxChunkSize"/>.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ArgumentException">A text field is empty, too long or has characters it may not have.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static DocumentHeader Create(
        SymmetricKey key, string serviceUrl, string documentId, string ownerId, int chunkSize = DocumentCipher.DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentNullException.ThrowIfNull(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, DocumentCipher.MinChunkSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, DocumentCipher.MaxChunkSize);

        var url = Encoding.UTF8.GetBytes(serviceUrl);
        if (url.Length is 0 or > MaxServiceUrlBytes)
        {
            throw new ArgumentException($"The service URL must be 1 to {MaxServiceUrlBytes} bytes of UTF-8.", nameof(serviceUrl));
        }
        if (!IsId(documentId))
        {
            throw new ArgumentException($"The document id must be 1 to {MaxIdLength} printable ASCII characters.", nameof(documentId));
        }
        if (!IsId(ownerId))
        {
            throw new ArgumentException($"The owner id must be 1 to {MaxIdLength} printable ASCII characters.", nameof(ownerId));
        }
        var document = Encoding.ASCII.GetBytes(documentId);
        var owner = Encoding.ASCII.GetBytes(ownerId);
        var nonceBase = RandomNumberGenerator.GetBytes(NonceBaseSize);

        var length = FixedPartSize + 2 + url.Length + 1 + document.Length + 1 + owner.Length;
        var encoded = new byte[length];
        var span = encoded.AsSpan();
        Magic.CopyTo(span);
        span[6] = FormatVersion;
        span[7] = 0; // flags, reserved
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], checked((ushort)length));
        BinaryPrimitives.WriteInt32BigEndian(span[10..], chunkSize);
        nonceBase.CopyTo(span[14..]);
        var at = FixedPartSize;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)url.Length);
        at += 2;
        url.CopyTo(span[at..]);
        at += url.Length;
        span[at++] = (byte)document.Length;
        document.CopyTo(span[at..]);
        at += document.Length;
        span[at++] = (byte)owner.Length;
        owner.CopyTo(span[at..]);
        var commitment = ComputeCommitment(key.Secret.Span, encoded);
        commitment.CopyTo(span[CommitmentOffset..]);

        return new DocumentHeader(encoded, chunkSize, nonceBase, commitment, serviceUrl, documentId, ownerId);
    }

    /// <summary>Reads and checks the header at the start of an encrypted document.</summary>
    /// <param name="encrypted">The encrypted document, or at least its first <see cref="Size"/> bytes.</param>
    /// <returns>The header; the document's chunks start <see cref="Size"/> bytes into <paramref name="encrypted"/>.</returns>
    /// <exception cref="DocumentIntegrityException">The bytes do not start with a header this version can read.</exception>
    public static DocumentHeader Read(ReadOnlySpan<byte> encrypted)
    {
        var length = ReadLength(encrypted[..Math.Min(StartSize, encrypted.Length)]);
        if (encrypted.Length < length)
        {
            throw new DocumentIntegrityException("The document's header is truncated.");
        }
        return Parse(encrypted[..length].ToArray());
    }

    /// <summary>Reads and checks the header at the start of <paramref name="input"/>, leaving the stream at the first chunk.</summary>
    /// <param name="input">The encrypted document, positioned at its start. It need not be seekable.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The header.</returns>
    /// <exception cref="DocumentIntegrityException">The stream does not start with a header this version can read.</exception>
    public static async Task<DocumentHeader> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var start = new byte[StartSize];
        var read = await input.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var length = ReadLength(start.AsSpan(0, read));

        var encoded = new byte[length];
        start.CopyTo(encoded, 0);
        read = await input.ReadAtLeastAsync(encoded.AsMemory(start.Length), length - start.Length, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        if (read < length - start.Length)
        {
            throw new DocumentIntegrityException("The document's header is truncated.");
        }
        return Parse(encoded);
    }

    /// <summary>The size of the header in bytes.</summary>
    public int Size => _encoded.Length;

    /// <summary>
    /// Whether <paramref name="key"/> is the key this header was made for and the header is unaltered
    /// (checked in constant time).
    /// </summary>
    /// <param name="key">A symmetric key.</param>
    /// <returns><see langword="true"/> when the header's commitment matches the key.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public bool IsCommittedTo(SymmetricKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return IsCommittedTo(key.Secret.Span);
    }

    /// <summary>The document key's id, the owner, the service and the chunk size; the header holds no secret.</summary>
    /// <returns>For example <c>DocumentHeader (document 73ae… of owner 13a4… at http://127.0.0.1:5080/, 65536-byte chunks)</c>.</returns>
    public override string ToString() =>
        $"{nameof(DocumentHeader)} (document {DocumentId} of owner {OwnerId} at {ServiceUrl}, {ChunkSize}-byte chunks)";

    internal bool IsCommittedTo(ReadOnlySpan<byte> key)
    {
        if (key.Length != SymmetricKey.Size)
        {
            return false;
        }
        var unsealed = _encoded.ToArray();
        unsealed.AsSpan(CommitmentOffset, CommitmentSize).Clear();
        return CryptographicOperations.FixedTimeEquals(ComputeCommitment(key, unsealed), _commitment);
    }

    /// <summary>The nonce of chunk <paramref name="index"/>: the nonce base with its last 8 bytes XORed with the big-endian index.</summary>
    internal void ChunkNonce(ulong index, Span<byte> nonce)
    {
        _nonceBase.CopyTo(nonce);
        var counter = nonce[4..];
        BinaryPrimitives.WriteUInt64BigEndian(counter, BinaryPrimitives.ReadUInt64BigEndian(counter) ^ index);
    }

    /// <summary>Checks the fixed start of a header (magic, version, flags) and returns the header's length.</summary>
    private static int ReadLength(ReadOnlySpan<byte> start)
    {
        if (start.Length < Magic.Length || !start[..Magic.Length].SequenceEqual(Magic))
        {
            throw new DocumentIntegrityException("This is not a Recrypt encrypted document (it does not start with \"RCRYPT\").");
        }
        if (start.Length < StartSize)
        {
            throw new DocumentIntegrityException("The document's header is truncated.");
        }
        if (start[6] != FormatVersion)
        {
            throw new DocumentIntegrityException($"The document is in format version {start[6]}; this library reads version {FormatVersion}.");
        }
        if (start[7] != 0)
        {
            throw new DocumentIntegrityException("The document's header has unknown flags set.");
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(start[8..]);
        if (length is < MinSize or > MaxSize)
        {
            throw new DocumentIntegrityException("The document's header has an impossible length.");
        }
        return length;
    }

    private static DocumentHeader Parse(byte[] encoded)
    {
        var span = encoded.AsSpan();
        var chunkSize = BinaryPrimitives.ReadInt32BigEndian(span[10..]);
        if (chunkSize is < DocumentCipher.MinChunkSize or > DocumentCipher.MaxChunkSize)
        {
            throw new DocumentIntegrityException(
                $"The document's chunk size ({chunkSize}) is outside {DocumentCipher.MinChunkSize}..{DocumentCipher.MaxChunkSize}.");
        }
        var nonceBase = span.Slice(14, NonceBaseSize).ToArray();
        var commitment = span.Slice(CommitmentOffset, CommitmentSize).ToArray();

        var at = FixedPartSize;
        int urlLength = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
        at += 2;
        if (urlLength is 0 or > MaxServiceUrlBytes || at + urlLength + 1 > span.Length)
        {
            throw new DocumentIntegrityException("The document's header has a malformed service URL.");
        }
        string url;
        try
        {
            url = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span.Slice(at, urlLength));
        }
        catch (DecoderFallbackException)
        {
            throw new DocumentIntegrityException("The document's header has a service URL that is not UTF-8.");
        }
        at += urlLength;
        var documentId = ReadId(span, ref at, "document key id");
        var ownerId = ReadId(span, ref at, "owner id");
        if (at != span.Length)
        {
            throw new DocumentIntegrityException("The document's header length does not match its fields.");
        }
        return new DocumentHeader(encoded, chunkSize, nonceBase, commitment, url, documentId, ownerId);
    }

    private static string ReadId(ReadOnlySpan<byte> span, ref int at, string what)
    {
        if (at >= span.Length)
        {
            throw new DocumentIntegrityException($"The document's header has no {what}.");
        }
        int length = span[at++];
        if (length == 0 || at + length > span.Length || span.Slice(at, length).ContainsAnyExceptInRange((byte)'!', (byte)'~'))
        {
            throw new DocumentIntegrityException($"The document's header has a malformed {what}.");
        }
        var id = Encoding.ASCII.GetString(span.Slice(at, length));
        at += length;
        return id;
    }

    /// <summary>HMAC-SHA256(key, label ‖ header), the header's commitment field being zeros.</summary>
    private static byte[] ComputeCommitment(ReadOnlySpan<byte> key, ReadOnlySpan<byte> headerWithoutCommitment)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(CommitmentLabel);
        hmac.AppendData(headerWithoutCommitment);
        return hmac.GetHashAndReset();
    }

    private static bool IsId([NotNullWhen(true)] string? value) =>
        value is { Length: > 0 and <= MaxIdLength } && !value.AsSpan().ContainsAnyExceptInRange('!', '~');
}
