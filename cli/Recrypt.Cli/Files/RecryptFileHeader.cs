using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Recrypt.Cli.Files;

/// <summary>
/// The header of an encrypted file (format version 1, see docs/file-format.md): which service holds the
/// document key and under which id, whose key it is, how the file is cut into chunks, the per-file nonce
/// base, and a commitment (HMAC-SHA256 under the file's key) to the key and the whole header. Every chunk
/// also authenticates the header's exact bytes as associated data.
/// </summary>
internal sealed class RecryptFileHeader
{
    /// <summary>The format version this code writes and reads.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The size of the AES-256-GCM key in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>The size of the per-file random nonce base in bytes (a GCM nonce).</summary>
    public const int NonceBaseSize = 12;

    /// <summary>The size of the key commitment in bytes (HMAC-SHA256).</summary>
    public const int CommitmentSize = 32;

    /// <summary>The chunk size <c>recrypt encrypt</c> uses unless told otherwise (64 KiB).</summary>
    public const int DefaultChunkSize = 64 * 1024;

    /// <summary>The smallest chunk size the format allows.</summary>
    public const int MinChunkSize = 1;

    /// <summary>The largest chunk size the format allows (16 MiB), which bounds a reader's memory.</summary>
    public const int MaxChunkSize = 16 * 1024 * 1024;

    /// <summary>The most UTF-8 bytes of the service URL.</summary>
    public const int MaxServiceUrlBytes = 2048;

    /// <summary>The most bytes of the document key id and of the owner id.</summary>
    public const int MaxIdBytes = 128;

    // magic(6) version(1) flags(1) header length(2) chunk size(4) nonce base(12) commitment(32)
    private const int CommitmentOffset = 6 + 1 + 1 + 2 + 4 + NonceBaseSize;
    private const int FixedPartSize = CommitmentOffset + CommitmentSize;

    /// <summary>The largest header a reader accepts.</summary>
    public const int MaxHeaderSize = FixedPartSize + 2 + MaxServiceUrlBytes + 1 + MaxIdBytes + 1 + MaxIdBytes;

    private static ReadOnlySpan<byte> CommitmentLabel => "recrypt-file-v1 key commitment"u8;

    private readonly byte[] _encoded;
    private readonly byte[] _nonceBase;
    private readonly byte[] _commitment;

    private RecryptFileHeader(byte[] encoded, int chunkSize, byte[] nonceBase, byte[] commitment, string serviceUrl, string documentId, string ownerId)
    {
        _encoded = encoded;
        ChunkSize = chunkSize;
        _nonceBase = nonceBase;
        _commitment = commitment;
        ServiceUrl = serviceUrl;
        DocumentId = documentId;
        OwnerId = ownerId;
    }

    /// <summary>The magic bytes every encrypted file starts with: ASCII <c>RCRYPT</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "RCRYPT"u8;

    /// <summary>Plaintext bytes per chunk (every chunk but the final one holds exactly this many).</summary>
    public int ChunkSize { get; }

    /// <summary>The URL of the service that holds the document key.</summary>
    public string ServiceUrl { get; }

    /// <summary>The id of the document key at the service.</summary>
    public string DocumentId { get; }

    /// <summary>The id of the identity that encrypted the file and owns the document key.</summary>
    public string OwnerId { get; }

    /// <summary>The random per-file nonce base from which each chunk's nonce is derived.</summary>
    public ReadOnlySpan<byte> NonceBase => _nonceBase;

    /// <summary>The header's exact bytes, as written and authenticated.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>Makes a header for a new file, with a fresh random nonce base and the commitment to <paramref name="key"/>.</summary>
    public static RecryptFileHeader Create(int chunkSize, string serviceUrl, string documentId, string ownerId, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentNullException.ThrowIfNull(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, MinChunkSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, MaxChunkSize);
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The key must be {KeySize} bytes.", nameof(key));
        }

        var url = Encoding.UTF8.GetBytes(serviceUrl);
        var document = Encoding.ASCII.GetBytes(documentId);
        var owner = Encoding.ASCII.GetBytes(ownerId);
        if (url.Length is 0 or > MaxServiceUrlBytes)
        {
            throw new ArgumentException($"The service URL must be 1 to {MaxServiceUrlBytes} bytes of UTF-8.", nameof(serviceUrl));
        }
        if (document.Length is 0 or > MaxIdBytes || !IsPrintableAscii(documentId))
        {
            throw new ArgumentException($"The document id must be 1 to {MaxIdBytes} printable ASCII characters.", nameof(documentId));
        }
        if (owner.Length is 0 or > MaxIdBytes || !IsPrintableAscii(ownerId))
        {
            throw new ArgumentException($"The owner id must be 1 to {MaxIdBytes} printable ASCII characters.", nameof(ownerId));
        }

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
        var commitment = ComputeCommitment(key, encoded);
        commitment.CopyTo(span[CommitmentOffset..]);

        return new RecryptFileHeader(encoded, chunkSize, nonceBase, commitment, serviceUrl, documentId, ownerId);
    }

    /// <summary>Reads and checks a header from the start of <paramref name="input"/>, leaving it at the first chunk.</summary>
    /// <exception cref="FileIntegrityException">The bytes are not a header this version can read.</exception>
    public static async Task<RecryptFileHeader> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var start = new byte[10];
        var read = await input.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < Magic.Length || !start.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new FileIntegrityException("This is not a Recrypt encrypted file (it does not start with \"RCRYPT\").");
        }
        if (read < start.Length)
        {
            throw new FileIntegrityException("The file's header is truncated.");
        }
        if (start[6] != FormatVersion)
        {
            throw new FileIntegrityException($"The file is in format version {start[6]}; this recrypt reads version {FormatVersion}.");
        }
        if (start[7] != 0)
        {
            throw new FileIntegrityException("The file's header has unknown flags set.");
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(start.AsSpan(8));
        if (length is < FixedPartSize + 2 + 1 + 1 + 1 + 1 + 1 or > MaxHeaderSize)
        {
            throw new FileIntegrityException("The file's header has an impossible length.");
        }

        var encoded = new byte[length];
        start.CopyTo(encoded, 0);
        read = await input.ReadAtLeastAsync(encoded.AsMemory(start.Length), length - start.Length, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        if (read < length - start.Length)
        {
            throw new FileIntegrityException("The file's header is truncated.");
        }
        return Parse(encoded);
    }

    private static RecryptFileHeader Parse(byte[] encoded)
    {
        var span = encoded.AsSpan();
        var chunkSize = BinaryPrimitives.ReadInt32BigEndian(span[10..]);
        if (chunkSize is < MinChunkSize or > MaxChunkSize)
        {
            throw new FileIntegrityException($"The file's chunk size ({chunkSize}) is outside {MinChunkSize}..{MaxChunkSize}.");
        }
        var nonceBase = span.Slice(14, NonceBaseSize).ToArray();
        var commitment = span.Slice(CommitmentOffset, CommitmentSize).ToArray();

        var at = FixedPartSize;
        int urlLength = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
        at += 2;
        if (urlLength is 0 or > MaxServiceUrlBytes || at + urlLength + 1 > span.Length)
        {
            throw new FileIntegrityException("The file's header has a malformed service URL.");
        }
        string url;
        try
        {
            url = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span.Slice(at, urlLength));
        }
        catch (DecoderFallbackException)
        {
            throw new FileIntegrityException("The file's header has a service URL that is not UTF-8.");
        }
        at += urlLength;
        var documentId = ReadId(span, ref at, "document key id");
        var ownerId = ReadId(span, ref at, "owner id");
        if (at != span.Length)
        {
            throw new FileIntegrityException("The file's header length does not match its fields.");
        }
        return new RecryptFileHeader(encoded, chunkSize, nonceBase, commitment, url, documentId, ownerId);
    }

    private static string ReadId(ReadOnlySpan<byte> span, ref int at, string what)
    {
        if (at >= span.Length)
        {
            throw new FileIntegrityException($"The file's header has no {what}.");
        }
        int length = span[at++];
        if (length == 0 || at + length > span.Length)
        {
            throw new FileIntegrityException($"The file's header has a malformed {what}.");
        }
        if (span.Slice(at, length).ContainsAnyExceptInRange((byte)'!', (byte)'~'))
        {
            throw new FileIntegrityException($"The file's header has a malformed {what}.");
        }
        var id = Encoding.ASCII.GetString(span.Slice(at, length));
        at += length;
        return id;
    }

    /// <summary>
    /// Whether <paramref name="key"/> is the key this header was made for and the header is unaltered
    /// (checked in constant time).
    /// </summary>
    public bool IsCommittedTo(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            return false;
        }
        var unsealed = _encoded.ToArray();
        unsealed.AsSpan(CommitmentOffset, CommitmentSize).Clear();
        return CryptographicOperations.FixedTimeEquals(ComputeCommitment(key, unsealed), _commitment);
    }

    /// <summary>The nonce of chunk <paramref name="index"/>: the nonce base with its last 8 bytes XORed with the big-endian index.</summary>
    public void ChunkNonce(ulong index, Span<byte> nonce)
    {
        _nonceBase.CopyTo(nonce);
        var counter = nonce[4..];
        var value = BinaryPrimitives.ReadUInt64BigEndian(counter) ^ index;
        BinaryPrimitives.WriteUInt64BigEndian(counter, value);
    }

    /// <summary>HMAC-SHA256(key, label ‖ header), the header's commitment field being zeros.</summary>
    private static byte[] ComputeCommitment(ReadOnlySpan<byte> key, ReadOnlySpan<byte> headerWithoutCommitment)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(CommitmentLabel);
        hmac.AppendData(headerWithoutCommitment);
        return hmac.GetHashAndReset();
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }
        return true;
    }
}
