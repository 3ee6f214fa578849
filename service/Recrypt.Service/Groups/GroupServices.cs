using Recrypt.Service.Audit;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Groups;

/// <summary>What the group handlers depend on, injected as one parameter.</summary>
internal sealed class GroupServices(IIdentityStore identities, IGroupStore groups, AuditRecorder audit, TransformEncryption recrypt, Scheme.SchemeCurve curve, TimeProvider time, ILogger<GroupServices> logger)
{
    public IIdentityStore Identities { get; } = identities;

    public IGroupStore Groups { get; } = groups;

    /// <summary>Makes the audit event each change of a group is written with.</summary>
    public AuditRecorder Audit { get; } = audit;

    public TransformEncryption Recrypt { get; } = recrypt;

    /// <summary>The deployment's curve: checks the keys and values sent.</summary>
    public Scheme.SchemeCurve Curve { get; } = curve;

    public TimeProvider Time { get; } = time;

    public ILogger<GroupServices> Logger { get; } = logger;
}
