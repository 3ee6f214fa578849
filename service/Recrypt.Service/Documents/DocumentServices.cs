using Recrypt.Service.Audit;
using Recrypt.Service.Grants;
using Recrypt.Service.Identities;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Documents;

/// <summary>What the document handlers depend on, injected as one parameter.</summary>
internal sealed class DocumentServices(
    IIdentityStore identities,
    IGrantStore grants,
    IDocumentStore documents,
    AuditRecorder audit,
    TransformEncryption recrypt,
    ServiceSigningKey serviceKey,
    TimeProvider time,
    ILogger<DocumentServices> logger)
{
    public IIdentityStore Identities { get; } = identities;

    public IGrantStore Grants { get; } = grants;

    public IDocumentStore Documents { get; } = documents;

    public AuditRecorder Audit { get; } = audit;

    public TransformEncryption Recrypt { get; } = recrypt;

    public ServiceSigningKey ServiceKey { get; } = serviceKey;

    public TimeProvider Time { get; } = time;

    public ILogger<DocumentServices> Logger { get; } = logger;
}
