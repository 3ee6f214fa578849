namespace Recrypt.Service.Storage;

internal static class StorageHostExtensions
{
    /// <summary>
    /// Resolves <c>Storage:DatabasePath</c> against the content root, creates its directory and
    /// registers the resulting <see cref="StorageOptions"/> as a singleton.
    /// </summary>
    public static StorageOptions AddStorage(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{StorageOptions.SectionName}:DatabasePath"];
        var path = Path.GetFullPath(
            string.IsNullOrWhiteSpace(configured) ? StorageOptions.DefaultDatabasePath : configured,
            builder.Environment.ContentRootPath);

        var directory = Path.GetDirectoryName(path)
            ?? throw new InvalidOperationException($"Storage:DatabasePath '{path}' has no directory.");
        Directory.CreateDirectory(directory);

        var options = new StorageOptions { DatabasePath = path };
        builder.Services.AddSingleton(options);
        return options;
    }
}
