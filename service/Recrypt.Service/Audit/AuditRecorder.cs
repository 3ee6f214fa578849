using Recrypt.Service.Auth;
using Recrypt.Service.Observability;
using Recrypt.Service.Storage;

namespace Recrypt.Service.Audit;

/// <summary>
/// Makes the <see cref="AuditEvent"/> of the current request: its time, the identity that signed it (the
/// actor), the request id, and who it concerns (the given owners, and the actor). A feature hands the event
/// to the store write that makes the change (<c>store.Add(record, services.Audit.Event(...))</c>), or records
/// an event that changes nothing else with <see cref="Record"/>.
/// </summary>
internal sealed class AuditRecorder(IHttpContextAccessor http, IAuditStore store, TimeProvider time)
{
    /// <summary>The outcome of an event that happened.</summary>
    public const string Ok = "ok";

    /// <summary>The outcome of a refusal, with its reason.</summary>
    public static string Refused(string reason) => RefusedPrefix + reason;

    private const string RefusedPrefix = "refused: ";

    /// <summary>
    /// The event <paramref name="type"/> of the current request about <paramref name="subjects"/> (the main
    /// one first), concerning <paramref name="concerns"/> and the actor (<paramref name="actor"/>, or the
    /// identity that signed the request).
    /// </summary>
    public AuditEvent Event(string type, string[] subjects, string[] concerns, string outcome = Ok, string? actor = null)
    {
        var context = http.HttpContext;
        actor ??= context?.User.Identity?.IsAuthenticated == true ? context.User.IdentityId() : null;
        if (outcome.StartsWith(RefusedPrefix, StringComparison.Ordinal))
        {
            RecryptMetrics.Refused(type, outcome[RefusedPrefix.Length..]);
        }
        string[] concerned = actor is null ? [.. concerns.Distinct(StringComparer.Ordinal)] : [.. concerns.Append(actor).Distinct(StringComparer.Ordinal)];
        return new AuditEvent(StoredTime.Now(time), type, actor, subjects, concerned, outcome, context?.TraceIdentifier ?? "");
    }

    /// <summary>Records an event that changes nothing else (a fetch, a refusal), in a transaction of its own.</summary>
    public AuditRecord Record(string type, string[] subjects, string[] concerns, string outcome = Ok, string? actor = null) =>
        store.Append(Event(type, subjects, concerns, outcome, actor));
}
