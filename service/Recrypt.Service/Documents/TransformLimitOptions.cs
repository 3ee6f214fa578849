namespace Recrypt.Service.Documents;

/// <summary>
/// The <c>Transforms</c> section. Every transform adds a block to a value, and each block costs its reader
/// a decryption step (milliseconds each), so the service bounds how many hops a value it hands out may
/// have: a fetch that would exceed <see cref="MaxHops"/> is refused (422, <c>transform-hop-limit</c>).
/// </summary>
public sealed class TransformLimitOptions
{
    public const string SectionName = "Transforms";

    /// <summary>
    /// The most transform hops a fetched value may have, the service's own included. The service stores
    /// untransformed values and transforms once, so 1 suffices today; 2 leaves room for one more level of
    /// delegation.
    /// </summary>
    public int MaxHops { get; set; } = 2;

    /// <summary>
    /// How many transform keys an instance keeps decoded and checked for its next fetches
    /// (<see cref="Scheme.PreparedKeyCache"/>, about 2 KB each); 0 checks every key on every fetch.
    /// </summary>
    public int PreparedKeyCacheSize { get; set; } = 10_000;
}
