namespace Recrypt.Service.RateLimiting;

/// <summary>
/// The <c>RateLimits</c> section: how many requests of each kind one identity, and one client address,
/// may make per <see cref="Window"/>. A limit of 0 turns that limit off.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Whether any limit applies (on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The fixed window the limits count in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>POST /identities</c>: unauthenticated, so counted per client address only.</summary>
    public RateLimit Registration { get; set; } = new() { PerIdentity = 0, PerAddress = 20 };

    /// <summary>Fetches of document keys, each of which may run a transform (<c>GET /documents/{id}</c>).</summary>
    public RateLimit Transforms { get; set; } = new() { PerIdentity = 300, PerAddress = 600 };

    /// <summary>Writes: grants, revocations, new and deleted document keys.</summary>
    public RateLimit Writes { get; set; } = new() { PerIdentity = 120, PerAddress = 300 };

    /// <summary>The limits of <paramref name="kind"/>.</summary>
    public RateLimit For(RateLimitKind kind) => kind switch
    {
        RateLimitKind.Registration => Registration,
        RateLimitKind.Transforms => Transforms,
        RateLimitKind.Writes => Writes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>The requests per window allowed to one identity and to one client address.</summary>
public sealed class RateLimit
{
    public int PerIdentity { get; set; }

    public int PerAddress { get; set; }
}

/// <summary>The kinds of request that are limited, each counted apart.</summary>
public enum RateLimitKind
{
    Registration,
    Transforms,
    Writes,
}
