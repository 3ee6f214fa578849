using Recrypt;
using Recrypt.Service.Audit;
using Recrypt.Service.Auth;
using Recrypt.Service.Compatibility;
using Recrypt.Service.Documents;
using Recrypt.Service.Errors;
using Recrypt.Service.Grants;
using Recrypt.Service.Groups;
using Recrypt.Service.Health;
using Recrypt.Service.Identities;
using Recrypt.Service.Landing;
using Recrypt.Service.Observability;
using Recrypt.Service.OpenApi;
using Recrypt.Service.RateLimiting;
using Recrypt.Service.Routing;
using Recrypt.Service.Scheme;
using Recrypt.Service.ServiceInfo;
using Recrypt.Service.Storage;

// `Recrypt.Service check|backup <path>|kek rotate`: storage commands instead of the server.
if (StorageCommands.TryRun(args))
{
    return Environment.ExitCode;
}

var builder = WebApplication.CreateBuilder(args);

// Cryptography: one thread-safe TransformEncryption for the process.
builder.Services.AddSingleton<TransformEncryption>();

// The deployment's curve (Scheme:Curve: Api256, the default, or Api480): the scheme operations on the keys and
// values it is sent, announced by GET /service and recorded in the database.
RecryptCurve curve;
try
{
    curve = builder.AddScheme();
    // The 2020 prototype's routes, off unless SeedCompatibility:Enabled=true (Api256 only).
    builder.AddSeedCompatibility(curve);
}
catch (SchemeSettingException exception)
{
    return StartupFailure(exception.Message);
}

// Storage: the provider's database and its stores (Storage:Provider: LiteDB, the default, a file at
// Storage:DatabasePath relative to the content root; or PostgreSQL at Storage:ConnectionString).
try
{
    builder.AddStorage();
}
catch (StorageException exception)
{
    return StartupFailure(exception.Message);
}

// Observability: OpenTelemetry metrics for Prometheus at /metrics; the request id in every log line.
builder.AddObservability();

// Errors: ProblemDetails with urn:recrypt:problem:* types for every failure; request bodies capped at 1 MiB.
builder.Services.AddRecryptProblemDetails();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyMiddleware.MaxSize);

// A start-up failure is reported once, in one line, by StartupFailure at the end, not also as the host's stack trace.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

// JSON: a missing or null required field is malformed input, not a null in a handler.
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.RespectNullableAnnotations = true;
    json.SerializerOptions.RespectRequiredConstructorParameters = true;
});

// Audit trail: every security-relevant event, hash-chained, written with the change it records.
builder.Services.AddAuditTrail();

// Request signing: the Recrypt-Ed25519 scheme (Ed25519 signatures, timestamps, one-time nonces).
builder.Services.AddRequestSigning();

// Limits on work: rate limits per identity and per client address (RateLimits:*), transform hops (Transforms:MaxHops).
builder.Services.AddRecryptRateLimits(builder.Configuration);
builder.Services.AddSingleton(
    builder.Configuration.GetSection(TransformLimitOptions.SectionName).Get<TransformLimitOptions>() ?? new TransformLimitOptions());

// Fetching document keys: the access rule (owner, direct grantee, or member of a granted group) in one place,
// the fetch that applies it, and the batch size (Documents:MaxBatchSize).
builder.Services.AddSingleton<DocumentAccess>();
builder.Services.AddSingleton<DocumentFetcher>();
builder.Services.AddSingleton(
    builder.Configuration.GetSection(DocumentBatchOptions.SectionName).Get<DocumentBatchOptions>() ?? new DocumentBatchOptions());

// OpenAPI document (/openapi/v1.json, also committed as openapi.json).
builder.Services.AddRecryptOpenApi();

var app = builder.Build();

// The database is opened once the addresses are bound (so that a busy port creates nothing); a request
// that arrives in between waits for it.
var storageReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
app.Use(async (context, next) =>
{
    await storageReady.Task;
    await next(context);
});

app.UseRequestIds();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyMiddleware>();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

// Endpoints, all on one group that makes each signed (and each signed write rate-limited) unless it is declared
// public: the request checks are decided in one place (Routing/RequestChecks.cs).
var endpoints = app.MapRecryptEndpoints();
var publicEndpoints = endpoints.MapGroup("").Public();

// API description, the interactive page at /scalar, and the landing page at /.
publicEndpoints.MapOpenApi();
publicEndpoints.MapApiReferencePage();
publicEndpoints.MapLandingPage();
publicEndpoints.MapHealth();
publicEndpoints.MapMetrics();
publicEndpoints.MapServiceInfo();
publicEndpoints.MapSeedCompatibility();

endpoints.MapIdentities();
endpoints.MapGrants();
endpoints.MapGroups();
endpoints.MapDocuments();
endpoints.MapAudit();

try
{
    await app.StartAsync();
}
catch (IOException exception)
{
    return StartupFailure($"cannot listen: {exception.Message}");
}

try
{
    app.InitializeStorage();
    storageReady.SetResult();
}
catch (StorageException exception)
{
    // A damaged database, or one whose key-encryption key is missing: the message says what to do.
    storageReady.SetException(exception);
    await app.StopAsync();
    return StartupFailure(exception.Message, StorageCommands.ExitDamaged);
}
catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or LiteDB.LiteException or Npgsql.NpgsqlException or InvalidOperationException)
{
    storageReady.SetException(exception);
    await app.StopAsync();
    return StartupFailure($"cannot open the database: {exception.Message}");
}

await app.WaitForShutdownAsync();
return 0;

// The service could not start: one line on standard error (no stack trace), and exit code 1.
static int StartupFailure(string reason, int exitCode = 1)
{
    Console.Error.WriteLine($"recrypt-service: {reason}");
    return exitCode;
}
