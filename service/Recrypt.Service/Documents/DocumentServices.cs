using Recrypt.Service.Grants;
using Recrypt.Service.Identities;
using Recrypt.Service.ServiceInfo;

namespace Recrypt.Service.Documents;

/// <summary>What the document handlers depend on, injected as one parameter.</summary>
internal sealed class DocumentServices(
    IdentityStore identities,
    GrantStore grants,
    DocumentStore documents,
    TransformEncryption recrypt,
    ServiceSigningKey serviceKey,
    TimeProvider time,
    ILogger<DocumentServices> logger)
{
    public IdentityStore Identities { get; } = identities;

    public GrantStore Grants { get; } = grants;

    public DocumentStore Documents { get; } = documents;

    public TransformEncryption Recrypt { get; } = recrypt;

    public ServiceSigningKey ServiceKey { get; } = serviceKey;

    public TimeProvider Time { get; } = time;

    public ILogger<DocumentServices> Logger { get; } = logger;
}
