using Recrypt.Service.Audit;
using Recrypt.Service.Groups;
using Recrypt.Service.Identities;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Grants;

/// <summary>What the grant handlers depend on, injected as one parameter.</summary>
internal sealed class GrantServices(
    IIdentityStore identities,
    IGrantStore grants,
    IGroupStore groups,
    AuditRecorder audit,
    TransformEncryption recrypt,
    Scheme.SchemeCurve curve,
    ServiceSigningKey serviceKey,
    TimeProvider time,
    ILogger<GrantServices> logger)
{
    /// <summary>Groups, which are granted as identities are.</summary>
    public IGroupStore Groups { get; } = groups;

    public IIdentityStore Identities { get; } = identities;

    public IGrantStore Grants { get; } = grants;

    public AuditRecorder Audit { get; } = audit;

    public TransformEncryption Recrypt { get; } = recrypt;

    /// <summary>The deployment's curve: checks the keys and values sent.</summary>
    public Scheme.SchemeCurve Curve { get; } = curve;

    /// <summary>Signs the receipts of grants and revokes.</summary>
    public ServiceSigningKey ServiceKey { get; } = serviceKey;

    public TimeProvider Time { get; } = time;

    public ILogger<GrantServices> Logger { get; } = logger;
}
