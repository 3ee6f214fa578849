using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Recrypt.Service.Storage;

/// <summary>
/// The key-encryption key (KEK) that seals, at rest, every secret the database holds: the service's
/// signing seed and every stored transform key. It is never in the database: it comes from
/// <c>Storage:KeyEncryptionKey</c> (32 bytes, base64: a secret from configuration) or else from the file
/// <c>Storage:KeyEncryptionKeyPath</c> (default <c>&lt;database&gt;.kek</c>, 32 bytes in base64, 0600),
/// created at the first start. With PostgreSQL every instance must seal with the same key, so one of the two
/// settings is required there (a missing file named by the path is still created, once, by whichever
/// instance starts first). A copy of the database alone therefore holds no readable transform key,
/// not even of grants revoked long ago whose bytes linger in free pages or in LiteDB's log.
/// </summary>
/// <remarks>
/// A sealed value is <c>0x01 ‖ key id (8) ‖ nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)</c>; the key id
/// is the first 8 bytes of SHA-256("recrypt-kek-id-v1" ‖ key), and the associated data names the record
/// (<c>"recrypt-at-rest-v1\n" + collection + "\n" + record id</c>), so a sealed value moved to another
/// record does not open. During a rotation two keys are known: the current one, which seals, and the
/// previous one, which only opens.
/// </remarks>
internal sealed class KeyEncryptionKeys : IDisposable
{
    public const string ConfigurationKey = "Storage:KeyEncryptionKey";
    public const string PreviousConfigurationKey = "Storage:PreviousKeyEncryptionKey";
    public const string PathConfigurationKey = "Storage:KeyEncryptionKeyPath";
    public const int KeySize = 32;

    private const byte Version = 1;
    private const int IdSize = 8;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int Overhead = 1 + IdSize + NonceSize + TagSize;

    // The keys themselves: an AesGcm instance is not safe to use from two threads at once, so each
    // operation makes its own (the key schedule costs far less than the request around it).
    private readonly Dictionary<ulong, byte[]> _byId = [];
    private readonly ulong _currentId;

    private KeyEncryptionKeys(byte[] current, byte[]? previous)
    {
        _currentId = IdOf(current);
        _byId[_currentId] = current;
        if (previous is not null && IdOf(previous) != _currentId)
        {
            _byId[IdOf(previous)] = previous;
        }
    }

    /// <summary>The KEK file for <paramref name="options"/>, unless the key comes from configuration.</summary>
    public static string? FilePath(IConfiguration configuration, StorageOptions options) =>
        options.InMemory || !string.IsNullOrEmpty(configuration[ConfigurationKey]) ? null
        : Path.GetFullPath(configuration[PathConfigurationKey] is { Length: > 0 } path ? path : options.DatabasePath + ".kek",
            Path.GetDirectoryName(options.DatabasePath)!);

    /// <summary>
    /// Loads the keys as configured, creating the KEK file (0600) when there is none yet and the database
    /// holds no sealed secret (<paramref name="holdsSealedValues"/>).
    /// </summary>
    public static KeyEncryptionKeys Load(IConfiguration configuration, StorageOptions options, Func<bool> holdsSealedValues)
    {
        if (options.InMemory)
        {
            return new KeyEncryptionKeys(RandomNumberGenerator.GetBytes(KeySize), null);
        }
        if (configuration[ConfigurationKey] is { Length: > 0 } configured)
        {
            return new KeyEncryptionKeys(
                Decode(configured, ConfigurationKey),
                configuration[PreviousConfigurationKey] is { Length: > 0 } previous ? Decode(previous, PreviousConfigurationKey) : null);
        }

        if (options.Provider == StorageProvider.PostgreSQL && string.IsNullOrEmpty(configuration[PathConfigurationKey]))
        {
            throw new StorageException(
                $"With PostgreSQL every instance seals secrets with the same key-encryption key: set {ConfigurationKey} (32 bytes in base64) "
                + $"or {PathConfigurationKey} (a file every instance reads; see docs/service.md, \"Running on PostgreSQL\").");
        }
        var path = FilePath(configuration, options)!;
        if (!File.Exists(path))
        {
            if (holdsSealedValues())
            {
                throw new StorageException(
                    $"The key-encryption key file {path} is missing, and the database's secrets are sealed with it. Restore the file (see docs/service.md, \"Data at rest\").");
            }
            // Never over another's: services starting at once over one database all end up reading the one file made first.
            DataFiles.WritePrivateOnce(path, Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize)) + "\n"));
        }
        DataFiles.MakePrivate(path);
        var next = path + ".next";
        return new KeyEncryptionKeys(ReadKeyFile(path), File.Exists(next) ? ReadKeyFile(next) : null);
    }

    /// <summary>Seals <paramref name="secret"/> for the record <paramref name="recordId"/> of <paramref name="collection"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> secret, string collection, string recordId)
    {
        var sealedValue = new byte[Overhead + secret.Length];
        sealedValue[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(sealedValue.AsSpan(1, IdSize), _currentId);
        var nonce = sealedValue.AsSpan(1 + IdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_byId[_currentId], TagSize);
        aes.Encrypt(
            nonce, secret, sealedValue.AsSpan(1 + IdSize + NonceSize, secret.Length), sealedValue.AsSpan(sealedValue.Length - TagSize),
            AssociatedData(collection, recordId));
        return sealedValue;
    }

    /// <summary>Opens a value <see cref="Seal"/> made for the same record.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedValue, string collection, string recordId)
    {
        if (sealedValue.Length < Overhead || sealedValue[0] != Version)
        {
            throw new StorageException($"The sealed value of {collection}/{recordId} is malformed: the database is damaged.");
        }
        var id = BinaryPrimitives.ReadUInt64BigEndian(sealedValue.Slice(1, IdSize));
        if (!_byId.TryGetValue(id, out var key))
        {
            throw new StorageException(
                $"The secret of {collection}/{recordId} is sealed with a key-encryption key the service was not given (key id {id:x16}).");
        }
        var secret = new byte[sealedValue.Length - Overhead];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(
                sealedValue.Slice(1 + IdSize, NonceSize), sealedValue.Slice(1 + IdSize + NonceSize, secret.Length),
                sealedValue[^TagSize..], secret, AssociatedData(collection, recordId));
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new StorageException($"The sealed value of {collection}/{recordId} does not authenticate: the database is damaged.", exception);
        }
        return secret;
    }

    /// <summary>Whether <paramref name="sealedValue"/> is sealed with the current key.</summary>
    public bool IsCurrent(ReadOnlySpan<byte> sealedValue) =>
        sealedValue.Length >= Overhead && sealedValue[0] == Version
        && BinaryPrimitives.ReadUInt64BigEndian(sealedValue.Slice(1, IdSize)) == _currentId;

    public void Dispose()
    {
        foreach (var key in _byId.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// <c>Recrypt.Service kek rotate</c>, whatever the provider: <paramref name="resealAll"/> opens every sealed
    /// value of the database with whichever key it was sealed with and seals it with the current one, in one
    /// transaction (and makes it durable), returning how many it sealed again. With a KEK file: a new key is
    /// written to <c>&lt;kek&gt;.next</c>, every sealed value is sealed again with it, and the new file is
    /// renamed over the old one. A crash at any point leaves both files, both keys are loaded, and running the
    /// command again finishes the rotation. With a configured key: set the new key in
    /// <c>Storage:KeyEncryptionKey</c> and the old one in <c>Storage:PreviousKeyEncryptionKey</c>, run the
    /// command, then remove the previous key.
    /// </summary>
    public static string Rotate(StorageOptions options, IConfiguration configuration, Func<bool> holdsSealedValues, Func<KeyEncryptionKeys, int> resealAll)
    {
        var path = FilePath(configuration, options);
        if (path is null)
        {
            using var configured = Load(configuration, options, holdsSealedValues);
            var count = resealAll(configured);
            return $"Sealed {count} secrets again with the configured Storage:KeyEncryptionKey; remove {PreviousConfigurationKey} now.";
        }

        using (var current = Load(configuration, options, holdsSealedValues))
        {
            // Loaded only to fail early, with the usual message, when the key file is missing or malformed.
        }
        var next = path + ".next";
        if (!File.Exists(next))
        {
            DataFiles.WritePrivateAtomically(next, Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize)) + "\n"));
        }
        int resealed;
        using (var both = new KeyEncryptionKeys(ReadKeyFile(next), ReadKeyFile(path)))
        {
            resealed = resealAll(both);
        }
        File.Move(next, path, overwrite: true);
        return $"Rotated the key-encryption key in {path}: {resealed} secrets sealed again with the new key. Back up the new key file; the old one no longer opens anything in this database.";
    }

    private static byte[] ReadKeyFile(string path)
    {
        var text = File.ReadAllText(path).Trim();
        return Decode(text, path);
    }

    private static byte[] Decode(string base64, string source)
    {
        var key = new byte[KeySize];
        if (!Convert.TryFromBase64String(base64.Trim(), key, out var written) || written != KeySize)
        {
            throw new StorageException($"The key-encryption key in {source} is not {KeySize} bytes in base64.");
        }
        return key;
    }

    private static ulong IdOf(ReadOnlySpan<byte> key)
    {
        Span<byte> input = stackalloc byte[17 + KeySize];
        "recrypt-kek-id-v1"u8.CopyTo(input);
        key.CopyTo(input[17..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        CryptographicOperations.ZeroMemory(input);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    private static byte[] AssociatedData(string collection, string recordId) =>
        Encoding.UTF8.GetBytes($"recrypt-at-rest-v1\n{collection}\n{recordId}");
}
