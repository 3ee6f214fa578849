namespace Recrypt.Service.Audit;

/// <summary>
/// Walks the chain in sequence order and reports the first record that breaks it: one missing (a gap in the
/// sequence, or records missing at the end, short of the stored head), one altered (its hash is not the
/// hash of its contents: edited, or moved to another place), or one that does not name the record before it.
/// </summary>
internal static class AuditVerifier
{
    public sealed record Result(bool Ok, long Records, string Message);

    public static Result Verify(IEnumerable<AuditRecord> records, AuditHead head)
    {
        var previous = AuditHead.Genesis;
        long count = 0;
        using var walk = records.GetEnumerator();
        while (true)
        {
            AuditRecord record;
            try
            {
                if (!walk.MoveNext())
                {
                    break;
                }
                record = walk.Current;
            }
            catch (Exception exception) when (exception is InvalidCastException or FormatException or InvalidOperationException or ArgumentException or LiteDB.LiteException)
            {
                // A record whose fields are not of their types (edited by hand) cannot even be read.
                return Broken(count, $"the record after record {previous.Sequence} cannot be read ({exception.GetType().Name}): altered");
            }
            count++;
            if (record.Id != previous.Sequence + 1)
            {
                return Broken(count, record.Id > previous.Sequence + 1
                    ? $"record {previous.Sequence + 1} is missing (record {previous.Sequence} is followed by record {record.Id})"
                    : $"record {record.Id} is out of place (it follows record {previous.Sequence})");
            }
            if (!record.ComputeHash().AsSpan().SequenceEqual(record.Hash))
            {
                return Broken(count, $"record {record.Id} was altered or moved: its hash does not match its contents");
            }
            if (!record.PreviousHash.AsSpan().SequenceEqual(previous.Hash))
            {
                return Broken(count, $"record {record.Id} does not follow record {previous.Sequence}: the previous hash it names is not that record's (altered, reordered or replaced)");
            }
            previous = new AuditHead(record.Id, record.Hash);
        }
        if (head.Sequence != previous.Sequence)
        {
            return head.Sequence > previous.Sequence
                ? Broken(count, $"record {previous.Sequence + 1} is missing: the chain's head is record {head.Sequence}, the last record found is {previous.Sequence}")
                : Broken(count, $"record {head.Sequence + 1} and after are not in the chain's head (record {head.Sequence}): the head was rewound");
        }
        if (!head.Hash.AsSpan().SequenceEqual(previous.Hash))
        {
            return Broken(count, $"record {previous.Sequence} is not the chain's head record: its hash differs from the head's (altered or replaced)");
        }
        return new Result(true, count, previous.Sequence == 0
            ? "The audit trail is empty."
            : $"The audit trail is intact: {count} records, 1 to {previous.Sequence}, head {Convert.ToHexStringLower(previous.Hash)}.");
    }

    private static Result Broken(long count, string what) => new(false, count, $"The audit trail is broken: {what}.");
}
