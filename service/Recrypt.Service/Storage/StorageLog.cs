namespace Recrypt.Service.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Database path: {DatabasePath}")]
    public static partial void DatabasePath(ILogger logger, string databasePath);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}")]
    public static partial void Unusable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup of the database written to {Path} ({Bytes} bytes)")]
    public static partial void BackedUp(ILogger logger, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A storage command failed: {Reason}")]
    public static partial void CommandFailed(ILogger logger, string reason);
}
