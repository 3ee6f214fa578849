namespace Recrypt.Service.Tests;

/// <summary>A clock that always reads <paramref name="now"/> (<see cref="RecryptServiceFactory.Clock"/>), for checks on time boundaries.</summary>
internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
