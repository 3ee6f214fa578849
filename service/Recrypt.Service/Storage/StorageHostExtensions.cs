using System.Reflection;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Storage;

internal static class StorageHostExtensions
{
    /// <summary>
    /// Reads the storage options (<c>Storage:Provider</c>, LiteDB unless configured) and registers the
    /// provider's database and stores (<see cref="StorageProviders"/>), then what every provider shares: the
    /// service's signing key, kept in the provider's <see cref="IServiceKeyStore"/>.
    /// </summary>
    public static StorageOptions AddStorage(this WebApplicationBuilder builder)
    {
        var options = ResolveOptions(builder.Configuration, builder.Environment.ContentRootPath);
        KeepThreadsForBlockingStorage();
        builder.Services.AddSingleton(options);
        StorageProviders.Register(builder.Services, builder.Configuration, options);
        builder.Services.AddSingleton<ServiceSigningKey>();
        return options;
    }

    /// <summary>The thread-pool threads kept ready (<see cref="KeepThreadsForBlockingStorage"/>).</summary>
    public const int MinimumWorkerThreads = 64;

    /// <summary>
    /// Every store is synchronous (LiteDB has no asynchronous API; the PostgreSQL stores share its interfaces), so a
    /// request waiting for storage holds its thread-pool thread. Past its minimum the pool adds about one thread per
    /// half second: on a two-core machine under load, requests then queued for seconds behind threads blocked on
    /// PostgreSQL (the load test's p99 at 16 and 32 clients was 1.5 and 2.9 s). Keep enough threads ready.
    /// </summary>
    private static void KeepThreadsForBlockingStorage()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < MinimumWorkerThreads)
        {
            ThreadPool.SetMinThreads(MinimumWorkerThreads, completionPorts);
        }
    }

    /// <summary>
    /// Opens the database and makes it ready (<see cref="IStorageProvider.Initialize"/>), then opens every
    /// store and loads or creates the service's signing key, so that a broken or damaged database stops the
    /// service at start with one clear message.
    /// </summary>
    public static void InitializeStorage(this WebApplication app)
    {
        try
        {
            var provider = app.Services.GetRequiredService<IStorageProvider>();
            provider.Initialize(app.Services);
            var configured = app.Services.GetRequiredService<Scheme.SchemeCurve>().Curve;
            DatabaseCurve.Check(provider.RecordCurve(app.Services, configured), configured);
            _ = app.Services.GetRequiredService<KeyEncryptionKeys>();
            foreach (var store in StorageProviders.Stores)
            {
                if (!StorageProviders.IsOptional(store, app.Services))
                {
                    _ = app.Services.GetRequiredService(store);
                }
            }
            _ = app.Services.GetRequiredService<ServiceSigningKey>();
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

        var section = configuration.GetSection(StorageOptions.SectionName);
        var provider = StorageProvider.LiteDB;
        if (section["Provider"] is { Length: > 0 } name && !Enum.TryParse(name, ignoreCase: true, out provider))
        {
            throw new StorageException(
                $"Storage:Provider '{name}' is not a storage provider: use {string.Join(" or ", Enum.GetNames<StorageProvider>())}.");
        }
        var configured = section["DatabasePath"];
        var path = Path.GetFullPath(
            string.IsNullOrWhiteSpace(configured) ? StorageOptions.DefaultDatabasePath : configured, contentRoot);
        if (Path.GetDirectoryName(path) is null)
        {
            throw new StorageException($"Storage:DatabasePath '{path}' has no directory.");
        }
        var connectionString = section["ConnectionString"];
        if (provider == StorageProvider.PostgreSQL && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StorageException(
                "Storage:Provider is PostgreSQL but Storage:ConnectionString is not set (for example Host=db;Database=recrypt;Username=recrypt).");
        }
        return new StorageOptions { Provider = provider, DatabasePath = path, ConnectionString = connectionString };
    }

    private static bool IsOpenApiDocumentGeneration() =>
        Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";
}
