using System.Globalization;
using LiteDB;
using LiteDB.Engine;
using Recrypt.Service.Audit;
using Recrypt.Service.Auth;
using Recrypt.Service.Compatibility;
using Recrypt.Service.Documents;
using Recrypt.Service.Grants;
using Recrypt.Service.Groups;
using Recrypt.Service.Identities;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary>
/// The LiteDB provider, the default: one embedded database file (<c>Storage:DatabasePath</c>, relative to
/// the content root) held by one service process (<see cref="StorageLock"/>), every write run by its
/// <see cref="DatabaseWriter"/>, spent nonces in a <see cref="NonceJournal"/> beside it, and the control
/// socket of the storage commands.
/// </summary>
internal sealed class LiteDbStorage : IStorageProvider
{
    /// <summary>
    /// Registers the one <see cref="ILiteDatabase"/> of the process (its folder made 0700 when first used;
    /// disposed, hence checkpointed, on shutdown), its writer, the <see cref="KeyEncryptionKeys"/>, and the
    /// LiteDB implementation of every store.
    /// </summary>
    public static void Register(IServiceCollection services, IConfiguration configuration, StorageOptions options)
    {
        services.AddSingleton<IStorageProvider, LiteDbStorage>();
        services.AddSingleton(_ =>
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
        services.AddSingleton<ILiteDatabase>(provider =>
        {
            _ = provider.GetRequiredService<StorageLock>();
            return OpenDatabase(options);
        });
        services.AddSingleton<DatabaseWriter>();
        services.AddSingleton(provider =>
        {
            // Secrets written before sealing existed are sealed before any store reads or writes one.
            var database = provider.GetRequiredService<ILiteDatabase>();
            var keys = KeyEncryptionKeys.Load(configuration, options, () => SealedValues.HoldsSealedValues(database));
            provider.GetRequiredService<DatabaseWriter>().Write(database => SealedValues.SealLegacy(database, keys));
            return keys;
        });
        services.AddSingleton<IIdentityStore, LiteDbIdentityStore>();
        services.AddSingleton<IGrantStore, LiteDbGrantStore>();
        services.AddSingleton<IGroupStore, LiteDbGroupStore>();
        services.AddSingleton<IDocumentStore, LiteDbDocumentStore>();
        services.AddSingleton<INonceStore, JournalNonceStore>();
        services.AddSingleton<IServiceKeyStore, LiteDbServiceKeyStore>();
        services.AddSingleton<ISeedStore, LiteDbSeedStore>();
        services.AddSingleton<IAuditStore, LiteDbAuditStore>();
        services.AddHostedService<ControlSocket>();
    }

    /// <summary>
    /// Opens the database and checks it (<see cref="DatabaseCheck"/>), and drops what older versions left
    /// that is no longer kept in it.
    /// </summary>
    public void Initialize(IServiceProvider services)
    {
        var options = services.GetRequiredService<StorageOptions>();
        var logger = services.GetRequiredService<ILogger<LiteDbStorage>>();
        StorageLog.DatabasePath(logger, options.DatabasePath);
        var database = services.GetRequiredService<ILiteDatabase>();
        var check = DatabaseCheck.Run(database);
        if (!check.Ok)
        {
            throw new StorageException(
                $"{check.Summary}. The service refuses to serve from it. Restore the latest backup (see docs/service.md, \"Backup and restore\").");
        }
        _ = services.GetRequiredService<DatabaseWriter>().Write(DropLegacyNonces);
    }

    /// <summary>Reads or records the curve in the <c>scheme</c> collection (one document, id <c>curve</c>).</summary>
    public RecryptCurve RecordCurve(IServiceProvider services, RecryptCurve configured) => services.GetRequiredService<DatabaseWriter>().Write(database =>
    {
        if (RecordedCurve(database) is { } recorded)
        {
            return recorded;
        }
        var holdsIdentities = database.CollectionExists(LiteDbIdentityStore.CollectionName)
            && database.GetCollection(LiteDbIdentityStore.CollectionName).Count() > 0;
        var curve = DatabaseCurve.ForUnrecorded(holdsIdentities, configured);
        database.GetCollection(DatabaseCurve.RecordName).Insert(new BsonDocument { ["_id"] = CurveId, ["curve"] = curve.ToString() });
        return curve;
    });

    /// <summary>The curve recorded in <paramref name="database"/>, or <see langword="null"/> when it has no record.</summary>
    public static RecryptCurve? RecordedCurve(ILiteDatabase database) =>
        database.CollectionExists(DatabaseCurve.RecordName) && database.GetCollection(DatabaseCurve.RecordName).FindById(CurveId) is { } record
            ? Enum.Parse<RecryptCurve>(record["curve"].AsString)
            : null;

    private const string CurveId = "curve";

    /// <summary>
    /// The mapper the stores expect. Our own: BsonMapper.Global is a mutable static, and its defaults trim strings
    /// and turn empty strings into null.
    /// </summary>
    public static BsonMapper CreateMapper() => new()
    {
        TrimWhitespace = false,
        EmptyStringToNull = false,
        EnumAsInteger = true,
    };

    /// <summary>Opens the database file, with the mapper the stores expect, and makes its files 0600.</summary>
    public static LiteDatabase OpenDatabase(StorageOptions options)
    {
        var mapper = CreateMapper();
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

    /// <summary>LiteDB's log file of <paramref name="databasePath"/>: <c>name-log.ext</c>.</summary>
    public static string LogPathOf(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(databasePath)!,
            Path.GetFileNameWithoutExtension(databasePath) + "-log" + Path.GetExtension(databasePath));

    /// <summary>
    /// Strings (ids, nonces) compare byte for byte: ordinal collation. LiteDB's default, the current
    /// culture ignoring case, made an uppercase id, or one with a zero-width or soft-hyphen character
    /// appended, find the record of the canonical id.
    /// </summary>
    private static readonly Collation s_ordinal = new(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);

    // Nonces used to be a collection of the database (one insert per signed request): they now live in
    // the nonce journal. A left-over collection is dropped; a replay of a request accepted by that
    // version of the service within the last 300 s would not be caught, so upgrade with 300 s downtime.
    private static bool DropLegacyNonces(ILiteDatabase database) =>
        database.CollectionExists("nonces") && database.DropCollection("nonces");
}
