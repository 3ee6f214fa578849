using System.Collections.Concurrent;

namespace Recrypt.Client;

/// <summary>
/// Remembers the highest key version a client has seen certified for each identity, so that a service
/// cannot roll anyone back to a key they have since replaced. <see cref="RecryptServiceClient"/> consults it
/// before it uses a key and records every key it accepts.
/// </summary>
public interface IKeyVersionMemory
{
    /// <summary>The highest key version seen for <paramref name="identityId"/>, or <see langword="null"/> when none.</summary>
    /// <param name="identityId">The identity's id.</param>
    /// <returns>The version, or <see langword="null"/>.</returns>
    int? HighestSeen(string identityId);

    /// <summary>Records that <paramref name="keyVersion"/> of <paramref name="identityId"/> was seen certified (keeps the highest).</summary>
    /// <param name="identityId">The identity's id.</param>
    /// <param name="keyVersion">The key version.</param>
    void Seen(string identityId, int keyVersion);
}

/// <summary>An <see cref="IKeyVersionMemory"/> for the life of the process. Thread-safe.</summary>
public sealed class InMemoryKeyVersionMemory : IKeyVersionMemory
{
    private readonly ConcurrentDictionary<string, int> _highest = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public int? HighestSeen(string identityId) => _highest.TryGetValue(identityId, out var version) ? version : null;

    /// <inheritdoc/>
    public void Seen(string identityId, int keyVersion) =>
        _highest.AddOrUpdate(identityId, keyVersion, (_, known) => Math.Max(known, keyVersion));
}
