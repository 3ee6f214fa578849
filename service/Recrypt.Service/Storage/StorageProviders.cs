using Recrypt.Service.Audit;
using Recrypt.Service.Auth;
using Recrypt.Service.Compatibility;
using Recrypt.Service.Documents;
using Recrypt.Service.Grants;
using Recrypt.Service.Groups;
using Recrypt.Service.Identities;
using Recrypt.Service.ServiceInfo;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage;

/// <summary>
/// A storage provider: one implementation of every store interface (<see cref="StorageProviders.Stores"/>),
/// registered in one place (its <c>Register</c>), and what it does to its database at start.
/// </summary>
internal interface IStorageProvider
{
    /// <summary>
    /// Opens the database and makes it ready (checks it, or applies its migrations), once the service has
    /// bound its addresses; throws <see cref="StorageException"/>, with what to do, when it cannot be used.
    /// </summary>
    void Initialize(IServiceProvider services);

    /// <summary>
    /// The curve the database is for (<see cref="DatabaseCurve"/>): the recorded one, or, in a database without a
    /// record, the one <see cref="DatabaseCurve.ForUnrecorded"/> decides, recorded now.
    /// </summary>
    RecryptCurve RecordCurve(IServiceProvider services, RecryptCurve configured);
}

/// <summary>
/// The storage providers and the stores each of them implements. A feature that keeps records adds one
/// interface to <see cref="Stores"/> and one implementation to each provider's <c>Register</c>; a test
/// checks that every provider registers every store.
/// </summary>
internal static class StorageProviders
{
    /// <summary>Every store interface; each provider registers exactly one singleton implementation of each.</summary>
    public static readonly IReadOnlyList<Type> Stores =
    [
        typeof(IIdentityStore),
        typeof(IGrantStore),
        typeof(IGroupStore),
        typeof(IDocumentStore),
        typeof(INonceStore),
        typeof(IServiceKeyStore),
        typeof(ISeedStore),
        typeof(IAuditStore),
    ];

    /// <summary>Stores opened only when their feature is on (the others are opened, hence checked, at every start).</summary>
    public static bool IsOptional(Type store, IServiceProvider services) =>
        store == typeof(ISeedStore) && !services.GetRequiredService<SeedCompatibilityOptions>().Enabled;

    /// <summary>Registers the configured provider's database, <see cref="KeyEncryptionKeys"/> and stores.</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration, StorageOptions options)
    {
        switch (options.Provider)
        {
            case StorageProvider.LiteDB:
                LiteDbStorage.Register(services, configuration, options);
                break;
            case StorageProvider.PostgreSQL:
                PostgreSqlStorage.Register(services, configuration, options);
                break;
            default:
                throw new StorageException($"Unknown storage provider {options.Provider}.");
        }
    }
}
