namespace Recrypt.Service.Storage;

/// <summary>Where the service keeps its embedded database.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The database path used when <c>Storage:DatabasePath</c> is not configured.</summary>
    public const string DefaultDatabasePath = "data/recrypt.db";

    /// <summary>Absolute path of the database file, or <c>:memory:</c>.</summary>
    public required string DatabasePath { get; init; }
}
