using Microsoft.Extensions.Logging.Abstractions;
using Recrypt.Service.Auth;
using Recrypt.Service.Storage.LiteDb;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>
/// The spent nonces not yet expired, from the LiteDB provider's <see cref="NonceJournal"/>: a request accepted
/// by the LiteDB service within the replay window is refused as a replay by the PostgreSQL instances too.
/// </summary>
internal sealed class NonceCopier : IStoreCopier
{
    public Type Store => typeof(INonceStore);

    public IReadOnlyList<string> Tables { get; } = ["nonces"];

    public string What => "spent nonces";

    public long Copy(StoreCopy copy)
    {
        if (copy.SourceOptions.NonceDirectory is not { } directory || !Directory.Exists(directory))
        {
            return 0;
        }
        List<(UInt128 Key, long ExpiresAt)> live;
        using (NonceJournal.Open(directory, copy.Time, NullLogger.Instance, out live))
        {
            // Read only: the journal is closed at once.
        }
        long count = 0;
        foreach (var (key, expiresAt) in live)
        {
            count += copy.Insert(PostgreSqlNonceStore.InsertSql + " ON CONFLICT (key) DO NOTHING",
                [PostgreSqlNonceStore.KeyBytes(key), new DateTime(expiresAt, DateTimeKind.Utc)]);
        }
        return count;
    }
}
