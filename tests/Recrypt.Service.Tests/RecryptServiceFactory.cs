using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// The service in memory, with its database under a temporary directory of its own that is
/// deleted when the factory is disposed. Create one per test.
/// </summary>
public sealed class RecryptServiceFactory : WebApplicationFactory<Program>
{
    public RecryptServiceFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "recrypt-tests", Guid.NewGuid().ToString("N"));
        DatabasePath = Path.Combine(DataDirectory, "recrypt.db");
    }

    public string DataDirectory { get; }

    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("Storage:DatabasePath", DatabasePath);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
