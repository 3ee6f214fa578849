using LiteDB;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Recrypt.Service.Tests;

/// <summary>
/// Everything a service has stored, as one string, to assert that a refused request changed nothing.
/// Nonces are left out: a request whose signature verifies spends its nonce whatever its answer.
/// </summary>
public static class DatabaseSnapshot
{
    public static string Take<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        var database = factory.Services.GetRequiredService<ILiteDatabase>();
        var collections = database.GetCollectionNames()
            .Where(name => name != "nonces")
            .Order(StringComparer.Ordinal)
            .Select(name => name + ":\n" + string.Join('\n', database.GetCollection(name).FindAll()
                .Select(document => JsonSerializer.Serialize(document))
                .Order(StringComparer.Ordinal)));
        return string.Join("\n\n", collections);
    }
}
