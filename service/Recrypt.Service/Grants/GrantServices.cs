using Recrypt.Service.Groups;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Grants;

/// <summary>What the grant handlers depend on, injected as one parameter.</summary>
internal sealed class GrantServices(IIdentityStore identities, IGrantStore grants, IGroupStore groups, TimeProvider time, ILogger<GrantServices> logger)
{
    /// <summary>Groups, which are granted as identities are.</summary>
    public IGroupStore Groups { get; } = groups;

    public IIdentityStore Identities { get; } = identities;

    public IGrantStore Grants { get; } = grants;

    public TimeProvider Time { get; } = time;

    public ILogger<GrantServices> Logger { get; } = logger;
}
