using System.Security.Cryptography;
using LiteDB;
using Npgsql;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Storage.Migration;

/// <summary>
/// One run of <c>migrate</c>, as a copier sees it: the LiteDB database read (opened by no service), the
/// PostgreSQL transaction every row is written in (committed only when every store is copied), and the two
/// key-encryption keys a sealed secret moves between.
/// </summary>
internal sealed class StoreCopy(
    ILiteDatabase source, StorageOptions sourceOptions, KeyEncryptionKeys sourceKeys,
    NpgsqlTransaction target, KeyEncryptionKeys targetKeys, TimeProvider time)
{
    public ILiteDatabase Source { get; } = source;

    /// <summary>The source's options: where its files beside the database are (the nonce journal).</summary>
    public StorageOptions SourceOptions { get; } = sourceOptions;

    public TimeProvider Time { get; } = time;

    /// <summary>The one transaction every row is written in.</summary>
    public NpgsqlTransaction Target { get; } = target;

    /// <summary>Runs <paramref name="sql"/> (a store's insert statement) in the target transaction.</summary>
    public int Insert(string sql, object?[] values) => Sql.Execute(Target, sql, values);

    /// <summary>
    /// A secret sealed in the source, opened with the source's key-encryption key and sealed with the
    /// target's, bound to the same record (<paramref name="collection"/>, <paramref name="recordId"/>); a value
    /// that does not open stops the migration (nothing is committed).
    /// </summary>
    public byte[] Reseal(byte[] sealedValue, string collection, string recordId)
    {
        var clear = sourceKeys.Open(sealedValue, collection, recordId);
        try
        {
            return targetKeys.Seal(clear, collection, recordId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }
}
