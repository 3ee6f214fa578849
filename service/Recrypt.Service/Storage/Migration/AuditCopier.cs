using Recrypt.Service.Audit;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>
/// The audit trail, verbatim: every record with its sequence, time, previous hash and hash as the source has
/// them (nothing is re-chained, so <c>audit verify</c> on the target checks the same chain, and receipts
/// issued before the migration still name their records), then the chain's head.
/// </summary>
internal sealed class AuditCopier : IStoreCopier
{
    public Type Store => typeof(IAuditStore);

    // audit_head is not listed: it always holds its one row, which the copy sets to the source's head.
    public IReadOnlyList<string> Tables { get; } = ["audit_log"];

    public string What => "audit records";

    public long Copy(StoreCopy copy)
    {
        long count = 0;
        foreach (var record in LiteDbAuditStore.ReadAll(copy.Source))
        {
            count += copy.Insert(PostgreSqlAuditStore.InsertSql, PostgreSqlAuditStore.Values(record));
        }
        var head = LiteDbAuditStore.ReadHead(copy.Source);
        copy.Insert(PostgreSqlAuditStore.SetHeadSql, [head.Sequence, head.Hash]);
        return count;
    }
}
