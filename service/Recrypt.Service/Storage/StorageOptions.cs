namespace Recrypt.Service.Storage;

/// <summary>Which database the service keeps its records in.</summary>
public enum StorageProvider
{
    /// <summary>An embedded LiteDB file (<c>Storage:DatabasePath</c>): one service process on one machine. The default.</summary>
    LiteDB,

    /// <summary>A PostgreSQL database (<c>Storage:ConnectionString</c>): any number of service processes share it.</summary>
    PostgreSQL,
}

/// <summary>Where the service keeps its database, and the files that go with it.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The database path used when <c>Storage:DatabasePath</c> is not configured.</summary>
    public const string DefaultDatabasePath = "data/recrypt.db";

    /// <summary>The provider (<c>Storage:Provider</c>, LiteDB unless configured).</summary>
    public StorageProvider Provider { get; init; } = StorageProvider.LiteDB;

    /// <summary>The PostgreSQL connection string (<c>Storage:ConnectionString</c>), with the PostgreSQL provider.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Absolute path of the database file, or <c>:memory:</c>; with PostgreSQL, where the KEK file is found by default.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Whether the database lives in memory only (the build-time OpenAPI generator's).</summary>
    public bool InMemory => DatabasePath == ":memory:";

    /// <summary>The folder of spent nonces (<c>&lt;database&gt;.nonces</c>), or <see langword="null"/> in memory.</summary>
    public string? NonceDirectory => InMemory ? null : DatabasePath + ".nonces";

    /// <summary>The lock file a running service holds (<c>&lt;database&gt;.lock</c>).</summary>
    public string? LockPath => InMemory ? null : DatabasePath + ".lock";

    /// <summary>The Unix socket on which a running service takes storage commands (<c>&lt;database&gt;.sock</c>).</summary>
    public string? ControlSocketPath => InMemory ? null : DatabasePath + ".sock";
}
