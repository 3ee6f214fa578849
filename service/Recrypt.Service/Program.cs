using Recrypt.Service.Health;
using Recrypt.Service.Storage;

var builder = WebApplication.CreateBuilder(args);

// Storage: where the embedded database lives (Storage:DatabasePath, relative to the content root).
var storage = builder.AddStorage();

var app = builder.Build();

StorageLog.DatabasePath(app.Logger, storage.DatabasePath);

// Endpoints.
app.MapHealth();

app.Run();
