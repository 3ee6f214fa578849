using System.Reflection;

namespace Recrypt.Cli.Tests;

/// <summary>Where the build put the assemblies the end-to-end tests run as processes (see the .csproj).</summary>
public static class ProcessPaths
{
    /// <summary>The built <c>Recrypt.Cli.dll</c>, the <c>recrypt</c> tool.</summary>
    public static string CliAssembly { get; } = Metadata("RecryptCliAssembly");

    private static string Metadata(string key) =>
        typeof(ProcessPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly does not record {key}.");
}
