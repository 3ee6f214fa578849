namespace Recrypt.Service.Audit;

/// <summary>
/// The audit trail: one append-only hash chain per database, whichever the provider. A feature's store
/// records the event of a change in the same transaction as the change (each provider's <c>Append</c>
/// helper, see docs/service.md, "Audit trail"); <see cref="Append"/> records an event that changes nothing
/// else (a fetch, a refusal). Appends are serialized: one sequence, each record naming the one before.
/// </summary>
internal interface IAuditStore
{
    /// <summary>Appends <paramref name="audit"/> as the next record, in a transaction of its own.</summary>
    AuditRecord Append(AuditEvent audit);

    /// <summary>
    /// The records that concern <paramref name="identityId"/> after sequence <paramref name="after"/>, oldest
    /// first, at most <paramref name="limit"/>; only those at or after <paramref name="since"/> and of
    /// <paramref name="type"/> when given.
    /// </summary>
    IReadOnlyList<AuditRecord> ListConcerning(string identityId, long after, DateTime? since, string? type, int limit);

    /// <summary>The chain's head as stored (<see cref="AuditHead.Genesis"/> when nothing was recorded yet).</summary>
    AuditHead Head();
}
