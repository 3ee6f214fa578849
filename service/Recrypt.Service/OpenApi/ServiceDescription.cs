namespace Recrypt.Service.OpenApi;

/// <summary>
/// What the service says about itself, in one place: the OpenAPI document, the API page and the landing
/// page all take their title and sentences from here.
/// </summary>
internal static class ServiceDescription
{
    public const string Title = "Recrypt service";

    public const string Summary =
        "A key service for privacy-first data sharing with transform encryption (proxy re-encryption). It holds "
        + "public keys, encrypted document keys and transform keys, and re-encrypts a document key from its owner "
        + "to a grantee; it never sees a private key or a plaintext, so it cannot decrypt anything.";

    /// <summary>The deployment's curve (<c>Scheme:Curve</c>), in a sentence.</summary>
    public static string CurveOf(RecryptCurve curve) => curve == RecryptCurve.Api480
        ? "IronCore's recrypt Api480: a 480-bit Barreto–Naehrig pairing-friendly curve, y² = x³ + 3, for keys that must stay safe for decades"
        : "IronCore's recrypt Api256: a 256-bit Barreto–Naehrig pairing-friendly curve, y² = x³ + 3";

    public const string SigningScheme =
        "Every request that acts as an identity is signed with that identity's Ed25519 key (the Recrypt-Ed25519 "
        + "scheme: method, path and query, timestamp, nonce and a SHA-256 of the body), and replayed or expired "
        + "signatures are refused.";

    /// <summary>The service's version: its assembly's informational version, without the source revision.</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var assembly = typeof(ServiceDescription).Assembly;
        var informational = assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), inherit: false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
            .FirstOrDefault()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
