namespace Recrypt.Tests;

/// <summary>One instance for the tests that draw no randomness or do not care which: it is thread-safe.</summary>
internal static class Shared
{
    public static TransformEncryption Instance { get; } = new();
}
