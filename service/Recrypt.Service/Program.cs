using Recrypt;
using Recrypt.Service.Auth;
using Recrypt.Service.Compatibility;
using Recrypt.Service.Documents;
using Recrypt.Service.Errors;
using Recrypt.Service.Grants;
using Recrypt.Service.Health;
using Recrypt.Service.Identities;
using Recrypt.Service.Landing;
using Recrypt.Service.OpenApi;
using Recrypt.Service.ServiceInfo;
using Recrypt.Service.Storage;

var builder = WebApplication.CreateBuilder(args);

// Cryptography: one thread-safe TransformEncryption for the process.
builder.Services.AddSingleton<TransformEncryption>();

// Storage: one LiteDB database (Storage:DatabasePath, relative to the content root) and its stores.
builder.AddStorage();

// Errors: ProblemDetails with urn:recrypt:problem:* types for every failure; request bodies capped at 1 MiB.
builder.Services.AddRecryptProblemDetails();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyMiddleware.MaxSize);

// JSON: a missing or null required field is malformed input, not a null in a handler.
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.RespectNullableAnnotations = true;
    json.SerializerOptions.RespectRequiredConstructorParameters = true;
});

// Request signing: the Recrypt-Ed25519 scheme (Ed25519 signatures, timestamps, one-time nonces).
builder.Services.AddRequestSigning();

// OpenAPI document (/openapi/v1.json, also committed as openapi.json).
builder.Services.AddRecryptOpenApi();

// The 2020 prototype's routes, off unless SeedCompatibility:Enabled=true.
builder.AddSeedCompatibility();

var app = builder.Build();

app.InitializeStorage();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyMiddleware>();
app.UseAuthentication();
app.UseAuthorization();

// API description, the interactive page at /scalar, and the landing page at /.
app.MapOpenApi();
app.MapApiReferencePage();
app.MapLandingPage();

// Endpoints.
app.MapHealth();
app.MapServiceInfo();
app.MapIdentities();
app.MapGrants();
app.MapDocuments();
app.MapSeedCompatibility();

app.Run();
