using Recrypt.Service.Audit;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Groups;

/// <summary>What the group handlers depend on, injected as one parameter.</summary>
internal sealed class GroupServices(IIdentityStore identities, IGroupStore groups, AuditRecorder audit, TransformEncryption recrypt, TimeProvider time, ILogger<GroupServices> logger)
{
    public IIdentityStore Identities { get; } = identities;

    public IGroupStore Groups { get; } = groups;

    /// <summary>Makes the audit event each change of a group is written with.</summary>
    public AuditRecorder Audit { get; } = audit;

    public TransformEncryption Recrypt { get; } = recrypt;

    public TimeProvider Time { get; } = time;

    public ILogger<GroupServices> Logger { get; } = logger;
}
