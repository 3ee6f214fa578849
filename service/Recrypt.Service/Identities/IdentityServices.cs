using Recrypt.Service.Audit;
using Recrypt.Service.Auth;

namespace Recrypt.Service.Identities;

/// <summary>What the identity handlers depend on, injected as one parameter.</summary>
internal sealed class IdentityServices(
    IIdentityStore identities, AuditRecorder audit, RequestSignatureVerifier verifier, TransformEncryption recrypt, TimeProvider time, ILogger<IdentityServices> logger)
{
    public AuditRecorder Audit { get; } = audit;

    public TransformEncryption Recrypt { get; } = recrypt;

    public IIdentityStore Identities { get; } = identities;

    public RequestSignatureVerifier Verifier { get; } = verifier;

    public TimeProvider Time { get; } = time;

    public ILogger<IdentityServices> Logger { get; } = logger;
}
