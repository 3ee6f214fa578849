using Recrypt.Service.Audit;
using Recrypt.Service.Auth;

namespace Recrypt.Service.Identities;

/// <summary>What the identity handlers depend on, injected as one parameter.</summary>
internal sealed class IdentityServices(
    IIdentityStore identities, AuditRecorder audit, RequestSignatureVerifier verifier, TransformEncryption recrypt, Scheme.SchemeCurve curve, TimeProvider time, ILogger<IdentityServices> logger)
{
    public AuditRecorder Audit { get; } = audit;

    public TransformEncryption Recrypt { get; } = recrypt;

    /// <summary>The deployment's curve: checks the keys and values sent.</summary>
    public Scheme.SchemeCurve Curve { get; } = curve;

    public IIdentityStore Identities { get; } = identities;

    public RequestSignatureVerifier Verifier { get; } = verifier;

    public TimeProvider Time { get; } = time;

    public ILogger<IdentityServices> Logger { get; } = logger;
}
