using Recrypt.Service.Audit;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Documents;

/// <summary>What the document handlers that store, list and delete depend on, injected as one parameter (fetches go through <see cref="DocumentFetcher"/>).</summary>
internal sealed class DocumentServices(
    IIdentityStore identities,
    IDocumentStore documents,
    AuditRecorder audit,
    Scheme.SchemeCurve curve,
    TimeProvider time,
    ILogger<DocumentServices> logger)
{
    public IIdentityStore Identities { get; } = identities;

    public IDocumentStore Documents { get; } = documents;

    public AuditRecorder Audit { get; } = audit;

    /// <summary>The deployment's curve: checks the keys and values sent.</summary>
    public Scheme.SchemeCurve Curve { get; } = curve;

    public TimeProvider Time { get; } = time;

    public ILogger<DocumentServices> Logger { get; } = logger;
}
