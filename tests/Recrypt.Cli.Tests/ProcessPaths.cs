using System.Reflection;

namespace Recrypt.Cli.Tests;

/// <summary>Where the build put the assemblies the end-to-end tests run as processes (see the .csproj).</summary>
public static class ProcessPaths
{
    /// <summary>
    /// The built <c>Recrypt.Cli.dll</c>, the <c>recrypt</c> tool; <c>RECRYPT_TEST_CLI_ASSEMBLY</c> names another
    /// build to run the process tests against (for example main's, to see a regression test fail there).
    /// </summary>
    public static string CliAssembly { get; } =
        Environment.GetEnvironmentVariable("RECRYPT_TEST_CLI_ASSEMBLY") is { Length: > 0 } other ? other : Metadata("RecryptCliAssembly");

    private static string Metadata(string key) =>
        typeof(ProcessPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly does not record {key}.");
}
