namespace Recrypt.Service.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Database path: {DatabasePath}")]
    public static partial void DatabasePath(ILogger logger, string databasePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database: PostgreSQL {Host}:{Port}, database {Database}, schema version {SchemaVersion}")]
    public static partial void PostgreSqlDatabase(ILogger logger, string? host, int port, string? database, int schemaVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied PostgreSQL schema migration {Version}: {Name}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}")]
    public static partial void Unusable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup of the database written to {Path} ({Bytes} bytes)")]
    public static partial void BackedUp(ILogger logger, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A storage command failed: {Reason}")]
    public static partial void CommandFailed(ILogger logger, string reason);
}
