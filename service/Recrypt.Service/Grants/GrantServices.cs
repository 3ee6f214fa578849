using Recrypt.Service.Identities;

namespace Recrypt.Service.Grants;

/// <summary>What the grant handlers depend on, injected as one parameter.</summary>
internal sealed class GrantServices(IdentityStore identities, GrantStore grants, TimeProvider time, ILogger<GrantServices> logger)
{
    public IdentityStore Identities { get; } = identities;

    public GrantStore Grants { get; } = grants;

    public TimeProvider Time { get; } = time;

    public ILogger<GrantServices> Logger { get; } = logger;
}
