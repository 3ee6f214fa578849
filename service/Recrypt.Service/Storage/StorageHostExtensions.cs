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
    /// Resolves <c>Storage:DatabasePath</c> against the content root, creates its folder (0700), and
    /// registers the one <see cref="ILiteDatabase"/> of the process (disposed, hence checkpointed, on
    /// shutdown), the <see cref="DatabaseWriter"/> that does all its writes, the stores over its
    /// collections, the nonce journal, and the control socket of the storage commands.
    /// </summary>
    public static StorageOptions AddStorage(this WebApplicationBuilder builder)
    {
        var options = ResolveOptions(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ =>
        {
            // The folder is made when storage is first used (after the service has bound its addresses),
            // so that a service that cannot start leaves nothing behind.
            if (!options.InMemory)
            {
                DataFiles.RestrictNewFiles();
                DataFiles.CreatePrivateDirectory(Path.GetDirectoryName(options.DatabasePath)!);
            }
            return new StorageLock(options);
        });
        builder.Services.AddSingleton<ILiteDatabase>(services =>
        {
            _ = services.GetRequiredService<StorageLock>();
            return OpenDatabase(options);
        });
        builder.Services.AddSingleton<DatabaseWriter>();
        builder.Services.AddSingleton(services =>
        {
            // Secrets written before sealing existed are sealed before any store reads or writes one.
            var keys = KeyEncryptionKeys.Load(builder.Configuration, options, services.GetRequiredService<ILiteDatabase>());
            services.GetRequiredService<DatabaseWriter>().Write(database => SealedValues.SealLegacy(database, keys));
            return keys;
        });
        builder.Services.AddSingleton<IdentityStore>();
        builder.Services.AddSingleton<GrantStore>();
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddSingleton<NonceStore>();
        builder.Services.AddSingleton<ServiceSigningKey>();
        builder.Services.AddHostedService<ControlSocket>();
        return options;
    }

    /// <summary>
    /// Opens the database and checks it (<see cref="DatabaseCheck"/>), creates the indexes (each store
    /// does so when it is built), loads the spent nonces, and loads or creates the service's signing key,
    /// so that a broken or damaged database stops the service at start with one clear message.
    /// </summary>
    public static void InitializeStorage(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<StorageOptions>();
        StorageLog.DatabasePath(app.Logger, options.DatabasePath);
        try
        {
            var database = app.Services.GetRequiredService<ILiteDatabase>();
            var check = DatabaseCheck.Run(database);
            if (!check.Ok)
            {
                throw new StorageException(
                    $"{check.Summary}. The service refuses to serve from it. Restore the latest backup (see docs/service.md, \"Backup and restore\").");
            }
            _ = app.Services.GetRequiredService<DatabaseWriter>().Write(DropLegacyNonces);
            _ = app.Services.GetRequiredService<KeyEncryptionKeys>();
            _ = app.Services.GetRequiredService<IdentityStore>();
            _ = app.Services.GetRequiredService<GrantStore>();
            _ = app.Services.GetRequiredService<DocumentStore>();
            _ = app.Services.GetRequiredService<NonceStore>();
            _ = app.Services.GetRequiredService<ServiceSigningKey>();
            _ = app.Services.GetService<SeedStore>();
        }
        catch (StorageException exception)
        {
            // The host decides what happens next (Program.cs: one line and exit code 2); never Environment.Exit
            // here, which would also end a test host that runs the service in process.
            StorageLog.Unusable(app.Logger, exception.Message);
            throw;
        }
    }

    /// <summary>The storage options as configured: the database path resolved against <paramref name="contentRoot"/>.</summary>
    public static StorageOptions ResolveOptions(IConfiguration configuration, string contentRoot)
    {
        // The build-time OpenAPI generator runs the app to ask it for its document: give it a database
        // that leaves nothing behind in the source tree.
        if (IsOpenApiDocumentGeneration())
        {
            return new StorageOptions { DatabasePath = ":memory:" };
        }

        var configured = configuration[$"{StorageOptions.SectionName}:DatabasePath"];
        var path = Path.GetFullPath(
            string.IsNullOrWhiteSpace(configured) ? StorageOptions.DefaultDatabasePath : configured, contentRoot);
        if (Path.GetDirectoryName(path) is null)
        {
            throw new InvalidOperationException($"Storage:DatabasePath '{path}' has no directory.");
        }
        return new StorageOptions { DatabasePath = path };
    }

    /// <summary>Opens the database file, with the mapper the stores expect, and makes its files 0600.</summary>
    public static LiteDatabase OpenDatabase(StorageOptions options)
    {
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
        var isNew = options.InMemory || !File.Exists(options.DatabasePath);
        var connection = new ConnectionString
        {
            Filename = options.DatabasePath,
            Connection = ConnectionType.Direct,
            Collation = isNew ? s_ordinal : null,
        };
        LiteDatabase database;
        try
        {
            database = new LiteDatabase(connection, mapper) { UtcDate = true };
            if (database.Collation.SortOptions != CompareOptions.Ordinal)
            {
                database.Rebuild(new RebuildOptions { Collation = s_ordinal });
            }
        }
        catch (Exception exception) when (DatabaseCheck.IsDamage(exception) && exception is not (IOException or UnauthorizedAccessException))
        {
            throw new StorageException(
                $"The database {options.DatabasePath} is damaged: it cannot be opened ({exception.Message}). Restore the latest backup (see docs/service.md, \"Backup and restore\").",
                exception);
        }
        if (!options.InMemory)
        {
            DataFiles.MakePrivate(options.DatabasePath);
            DataFiles.MakePrivate(LogPathOf(options.DatabasePath));
        }
        return database;
    }

    /// <summary>
    /// Strings (ids, nonces) compare byte for byte: ordinal collation. LiteDB's default, the current
    /// culture ignoring case, made an uppercase id, or one with a zero-width or soft-hyphen character
    /// appended, find the record of the canonical id.
    /// </summary>
    private static readonly Collation s_ordinal = new(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);

    /// <summary>LiteDB's log file of <paramref name="databasePath"/>: <c>name-log.ext</c>.</summary>
    public static string LogPathOf(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(databasePath)!,
            Path.GetFileNameWithoutExtension(databasePath) + "-log" + Path.GetExtension(databasePath));

    // Nonces used to be a collection of the database (one insert per signed request): they now live in
    // the nonce journal. A left-over collection is dropped; a replay of a request accepted by that
    // version of the service within the last 300 s would not be caught, so upgrade with 300 s downtime.
    private static bool DropLegacyNonces(ILiteDatabase database) =>
        database.CollectionExists("nonces") && database.DropCollection("nonces");

    private static bool IsOpenApiDocumentGeneration() =>
        Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";
}
