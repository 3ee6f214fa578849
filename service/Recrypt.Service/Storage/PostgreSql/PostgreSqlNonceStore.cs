using System.Buffers.Binary;
using Npgsql;
using Recrypt.Service.Auth;
using Recrypt.Service.Identities;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>
/// <see cref="INonceStore"/> on PostgreSQL: <c>nonces</c>, one row per spent (identity, nonce) pair, shared
/// by every instance, so a request replayed to another instance is refused. A nonce is spent by one
/// insert, committed before the request is acted on; two instances spending the same nonce at once meet
/// on the primary key, and only the first is accepted. Expired rows are deleted by
/// <see cref="PostgreSqlNonceCleanup"/>; until then an expired row is taken over as if it were not there.
/// </summary>
internal sealed class PostgreSqlNonceStore(NpgsqlDataSource dataSource, TimeProvider time) : INonceStore
{
    /// <summary>The statement that records a spent nonce: its <see cref="KeyBytes"/> and expiry (also run by <c>migrate</c>).</summary>
    internal const string InsertSql = "INSERT INTO nonces (key, expires_at) VALUES ($1, $2)";

    // An expired row is taken over; a live one makes the insert change nothing (a replay).
    private const string UseSql = $"""
        {InsertSql}
        ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE nonces.expires_at <= $3
        """;

    public bool TryUse(string identityId, string nonce, DateTimeOffset expiresAt) =>
        Sql.Execute(dataSource, UseSql, UseValues(identityId, nonce, expiresAt)) == 1;

    /// <summary>Spends the nonce and reads the identity in one round trip (a batch; the insert commits on its own).</summary>
    public (bool Fresh, IdentityRecord? Identity) TryUseAndFind(string identityId, string nonce, DateTimeOffset expiresAt, IIdentityStore identities)
    {
        using var connection = dataSource.OpenConnection();
        using var batch = new NpgsqlBatch(connection);
        // The query first: the reader stands on its rows from the start (a statement without rows gives no result to
        // step over), and the insert's count is known once the reader has gone through the rest.
        batch.BatchCommands.Add(Sql.BatchCommand(PostgreSqlIdentityStore.FindSql, [identityId]));
        var use = Sql.BatchCommand(UseSql, UseValues(identityId, nonce, expiresAt));
        batch.BatchCommands.Add(use);
        IdentityRecord? identity;
        using (var reader = batch.ExecuteReader())
        {
            identity = PostgreSqlIdentityStore.ReadIdentity(reader, identityId);
            while (reader.NextResult())
            {
            }
        }
        return (use.RecordsAffected == 1, identity);
    }

    private object?[] UseValues(string identityId, string nonce, DateTimeOffset expiresAt) =>
        [KeyBytes(NonceKeys.KeyOf(identityId, nonce)), expiresAt.UtcDateTime, time.GetUtcNow().UtcDateTime];

    /// <summary>A nonce key (<see cref="NonceKeys.KeyOf"/>) as the row stores it: 16 bytes, little-endian.</summary>
    internal static byte[] KeyBytes(UInt128 key)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, key);
        return bytes;
    }

    /// <summary>Deletes the nonces that have expired; returns how many.</summary>
    public int RemoveExpired() =>
        Sql.Execute(dataSource, "DELETE FROM nonces WHERE expires_at <= $1", time.GetUtcNow().UtcDateTime);

    /// <summary>How many spent nonces are kept (expired ones not yet deleted included).</summary>
    public long Count() => Sql.QuerySingle(dataSource, "SELECT count(*) FROM nonces", reader => reader.GetInt64(0));
}

/// <summary>Every minute, deletes the expired nonces (every instance does; whoever comes first finds the rows).</summary>
internal sealed partial class PostgreSqlNonceCleanup(
    PostgreSqlNonceStore nonces, IHostApplicationLifetime lifetime, ILogger<PostgreSqlNonceCleanup> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the service has started (and its schema is migrated).
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    nonces.RemoveExpired();
                }
                catch (NpgsqlException exception)
                {
                    // The database is unreachable for now: requests fail meanwhile too; try again at the next tick.
                    CleanupFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired nonces")]
    private static partial void CleanupFailed(ILogger logger, Exception exception);
}
