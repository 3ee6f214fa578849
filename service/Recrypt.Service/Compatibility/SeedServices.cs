using Recrypt.Service.Audit;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Compatibility;

/// <summary>What the seed compatibility handlers depend on, injected as one parameter.</summary>
internal sealed class SeedServices(
    ISeedStore store, TransformEncryption recrypt, ServiceSigningKey serviceKey, AuditRecorder audit, TimeProvider time, ILogger<SeedServices> logger)
{
    public ISeedStore Store { get; } = store;

    public TransformEncryption Recrypt { get; } = recrypt;

    public ServiceSigningKey ServiceKey { get; } = serviceKey;

    public AuditRecorder Audit { get; } = audit;

    public TimeProvider Time { get; } = time;

    public ILogger<SeedServices> Logger { get; } = logger;
}
