namespace Recrypt.Service.Storage;

/// <summary>Times as the database keeps them: UTC, to the millisecond (LiteDB's precision).</summary>
internal static class StoredTime
{
    /// <summary>Now, truncated to the millisecond, so that a record reads back as it was written.</summary>
    public static DateTime Now(TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
