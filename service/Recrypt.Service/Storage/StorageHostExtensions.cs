using System.Globalization;
using System.Reflection;
using LiteDB;
using LiteDB.Engine;
using Recrypt.Service.Auth;
using Recrypt.Service.Compatibility;
using Recrypt.Service.Documents;
using Recrypt.Service.Grants;
using Recrypt.Service.Identities;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Storage;

internal static class StorageHostExtensions
{
    /// <summary>
    /// Resolves <c>Storage:DatabasePath</c> against the content root, creates its directory, and registers
    /// the one <see cref="ILiteDatabase"/> of the process (disposed, hence checkpointed, on shutdown) and
    /// the stores over its collections.
    /// </summary>
    public static StorageOptions AddStorage(this WebApplicationBuilder builder)
    {
        var options = new StorageOptions { DatabasePath = ResolveDatabasePath(builder) };
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ILiteDatabase>(_ => OpenDatabase(options.DatabasePath));
        builder.Services.AddSingleton<IdentityStore>();
        builder.Services.AddSingleton<GrantStore>();
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddSingleton<NonceStore>();
        builder.Services.AddSingleton<ServiceSigningKey>();
        return options;
    }

    /// <summary>
    /// Opens the database and creates the indexes (each store does so when it is built), and loads or
    /// creates the service's signing key, so that a broken database stops the service at start.
    /// </summary>
    public static void InitializeStorage(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<StorageOptions>();
        StorageLog.DatabasePath(app.Logger, options.DatabasePath);
        _ = app.Services.GetRequiredService<IdentityStore>();
        _ = app.Services.GetRequiredService<GrantStore>();
        _ = app.Services.GetRequiredService<DocumentStore>();
        _ = app.Services.GetRequiredService<NonceStore>().PruneExpired();
        _ = app.Services.GetRequiredService<ServiceSigningKey>();
        _ = app.Services.GetService<SeedStore>();
    }

    private static string ResolveDatabasePath(WebApplicationBuilder builder)
    {
        // The build-time OpenAPI generator runs the app to ask it for its document: give it a database
        // that leaves nothing behind in the source tree.
        if (IsOpenApiDocumentGeneration())
        {
            return ":memory:";
        }

        var configured = builder.Configuration[$"{StorageOptions.SectionName}:DatabasePath"];
        return Path.GetFullPath(
            string.IsNullOrWhiteSpace(configured) ? StorageOptions.DefaultDatabasePath : configured,
            builder.Environment.ContentRootPath);
    }

    private static bool IsOpenApiDocumentGeneration() =>
        Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>
    /// Strings (ids, nonces) compare byte for byte: ordinal collation. LiteDB's default, the current
    /// culture ignoring case, made an uppercase id, or one with a zero-width or soft-hyphen character
    /// appended, find the record of the canonical id.
    /// </summary>
    private static readonly Collation s_ordinal = new(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);

    private static LiteDatabase OpenDatabase(string path)
    {
        // Created here, when the database is opened (after the service has bound its addresses), so that a
        // service that cannot start leaves nothing behind.
        if (path != ":memory:")
        {
            var directory = Path.GetDirectoryName(path)
                ?? throw new InvalidOperationException($"Storage:DatabasePath '{path}' has no directory.");
            Directory.CreateDirectory(directory);
        }

        // A mapper of our own: BsonMapper.Global is a mutable static, and its defaults trim strings and
        // turn empty strings into null.
        var mapper = new BsonMapper
        {
            TrimWhitespace = false,
            EmptyStringToNull = false,
            EnumAsInteger = true,
        };
        // A collation is fixed when the file is created: a new one is created ordinal; an existing one made
        // with another collation is rebuilt once (LiteDB keeps the old file next to it as *-backup).
        var isNew = path == ":memory:" || !File.Exists(path);
        var connection = new ConnectionString
        {
            Filename = path,
            Connection = ConnectionType.Direct,
            Collation = isNew ? s_ordinal : null,
        };
        var database = new LiteDatabase(connection, mapper)
        {
            UtcDate = true,
        };
        if (database.Collation.SortOptions != CompareOptions.Ordinal)
        {
            database.Rebuild(new RebuildOptions { Collation = s_ordinal });
        }
        return database;
    }
}
