using System.Text.Json;
using Recrypt.Cli.Files;
using Recrypt.Client;
using Recrypt.Protocol;

namespace Recrypt.Cli.KeyStore;

/// <summary>
/// The highest key version this key store has seen certified for each identity, kept in
/// <see cref="IdentityKeyStore.KnownKeyVersionsFileName"/> beside the identity (user-only, replaced
/// atomically), so that no later run accepts an older key of someone who has rotated: a service cannot roll
/// a grant back to a key its owner has replaced.
/// </summary>
internal sealed class KnownKeyVersions : IKeyVersionMemory
{
    private const int MaxFileSize = 1024 * 1024;

    private readonly string _path;
    private readonly Lock _lock = new();
    private Dictionary<string, int>? _versions;

    public KnownKeyVersions(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    public int? HighestSeen(string identityId)
    {
        lock (_lock)
        {
            return Load().TryGetValue(identityId, out var version) ? version : null;
        }
    }

    public void Seen(string identityId, int keyVersion)
    {
        lock (_lock)
        {
            var versions = Load();
            if (versions.TryGetValue(identityId, out var known) && known >= keyVersion)
            {
                return;
            }
            versions[identityId] = keyVersion;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, int>(versions, StringComparer.Ordinal), s_json);
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            AtomicFile.Write(_path, overwrite: true, stream => stream.Write(bytes));
        }
    }

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    private Dictionary<string, int> Load()
    {
        if (_versions is not null)
        {
            return _versions;
        }
        var info = new FileInfo(_path);
        if (!info.Exists)
        {
            return _versions = new(StringComparer.Ordinal);
        }
        try
        {
            if (info.Length > MaxFileSize)
            {
                throw new JsonException("too large");
            }
            var read = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllBytes(_path)) ?? [];
            if (read.Any(pair => !IdentityId.IsWellFormed(pair.Key) || pair.Value < KeyCertificate.FirstVersion))
            {
                throw new JsonException("an entry is not an id and a key version");
            }
            return _versions = new(read, StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            // Refuse rather than forget: forgetting would let an old key through.
            throw new KeyStoreException(KeyStoreError.Corrupt, $"{_path} (the key versions seen so far) is not usable: {e.Message}. Fix or delete it.", e);
        }
    }
}
