using System.Security.Cryptography;

namespace Recrypt.Testing;

/// <summary>
/// The storage settings of a service under test: LiteDB (the default: the service's own file) or a fresh
/// database of its own on the test process's <see cref="PostgresCluster"/>, with a key-encryption key that
/// every instance over that database is given.
/// </summary>
public sealed class TestDatabase
{
    public const string LiteDB = "LiteDB";
    public const string PostgreSQL = "PostgreSQL";

    private TestDatabase(string provider, string? connectionString, string? keyEncryptionKey)
    {
        Provider = provider;
        ConnectionString = connectionString;
        KeyEncryptionKey = keyEncryptionKey;
    }

    /// <summary>Both providers, for theories that run a test on each.</summary>
    public static TheoryData<string> Providers => new() { LiteDB, PostgreSQL };

    public string Provider { get; }

    /// <summary>The PostgreSQL database's connection string; <see langword="null"/> with LiteDB.</summary>
    public string? ConnectionString { get; }

    /// <summary>The key-encryption key (base64) all instances share; <see langword="null"/> with LiteDB (its own file).</summary>
    public string? KeyEncryptionKey { get; }

    /// <summary>Storage on <paramref name="provider"/>: with PostgreSQL, a new empty database.</summary>
    public static TestDatabase For(string provider) => provider switch
    {
        LiteDB => new TestDatabase(LiteDB, null, null),
        PostgreSQL => new TestDatabase(PostgreSQL, PostgresCluster.Shared.CreateDatabase(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "LiteDB or PostgreSQL"),
    };

    /// <summary>The same storage with another key-encryption key (base64): a rotation's next key.</summary>
    public TestDatabase WithKeyEncryptionKey(string keyEncryptionKey) => new(Provider, ConnectionString, keyEncryptionKey);

    /// <summary>The service's settings for this storage (beyond <c>Storage:DatabasePath</c>, which LiteDB uses and PostgreSQL ignores).</summary>
    public IReadOnlyDictionary<string, string> Settings => Provider == LiteDB
        ? new Dictionary<string, string>()
        : new Dictionary<string, string>
        {
            ["Storage:Provider"] = PostgreSQL,
            ["Storage:ConnectionString"] = ConnectionString!,
            ["Storage:KeyEncryptionKey"] = KeyEncryptionKey!,
        };

    /// <summary>The settings as command-line arguments of the service.</summary>
    public string[] Arguments => [.. Settings.Select(setting => $"--{setting.Key}={setting.Value}")];

    /// <summary>Runs <paramref name="sql"/> on the PostgreSQL database and returns psql's unaligned output.</summary>
    public string Query(string sql) => PostgresCluster.Shared.Query(ConnectionString!, sql);
}
