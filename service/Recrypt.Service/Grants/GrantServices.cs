using Recrypt.Service.Identities;

namespace Recrypt.Service.Grants;

/// <summary>What the grant handlers depend on, injected as one parameter.</summary>
internal sealed class GrantServices(IIdentityStore identities, IGrantStore grants, TimeProvider time, ILogger<GrantServices> logger)
{
    public IIdentityStore Identities { get; } = identities;

    public IGrantStore Grants { get; } = grants;

    public TimeProvider Time { get; } = time;

    public ILogger<GrantServices> Logger { get; } = logger;
}
