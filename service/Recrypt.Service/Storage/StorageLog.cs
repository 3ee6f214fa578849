namespace Recrypt.Service.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Database path: {DatabasePath}")]
    public static partial void DatabasePath(ILogger logger, string databasePath);
}
