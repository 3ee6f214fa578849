using LiteDB;
using Recrypt.Service.Audit;

namespace Recrypt.Service.Storage.LiteDb;

/// <summary>
/// <see cref="IAuditStore"/> on LiteDB: the <c>audit</c> collection (the record's sequence is its id) and the
/// chain's head in <c>audit_head</c>. A store records the event of a change by calling <see cref="Append(ILiteDatabase, AuditEvent)"/>
/// inside its write function: the <see cref="DatabaseWriter"/> runs it in the change's transaction, on its one
/// thread, so appends never interleave and the chain has one order.
/// </summary>
internal sealed class LiteDbAuditStore : IAuditStore
{
    public const string CollectionName = "audit";
    public const string HeadCollectionName = "audit_head";
    private const string HeadId = "head";
    private const string ConcernsIndex = "$.Concerns[*]";

    private readonly DatabaseWriter _writer;
    private readonly ILiteCollection<AuditRecord> _records;

    public LiteDbAuditStore(DatabaseWriter writer)
    {
        _writer = writer;
        _records = writer.Database.GetCollection<AuditRecord>(CollectionName);
        writer.Write(database => database.GetCollection<AuditRecord>(CollectionName).EnsureIndex("concerns", ConcernsIndex));
    }

    /// <summary>Appends <paramref name="audit"/> to the chain; call it inside a <see cref="DatabaseWriter"/> write function, in the change's transaction.</summary>
    public static AuditRecord Append(ILiteDatabase database, AuditEvent audit)
    {
        var heads = database.GetCollection(HeadCollectionName);
        var record = AuditRecord.Chain(ReadHead(database), audit);
        database.GetCollection(CollectionName).Insert(ToDocument(record));
        heads.Upsert(new BsonDocument { ["_id"] = HeadId, ["Sequence"] = record.Id, ["Hash"] = record.Hash });
        return record;
    }

    /// <summary>
    /// The record as the database's mapper would write it (<c>LiteDbAuditDocumentTests</c> compares the two), built
    /// by hand: every fetch appends a record, and the mapper's reflection cost a grantee fetch more than the
    /// rest of its storage work.
    /// </summary>
    public static BsonDocument ToDocument(AuditRecord record)
    {
        var document = new BsonDocument
        {
            ["_id"] = record.Id,
            ["At"] = record.At,
            ["Type"] = record.Type,
        };
        if (record.Actor is { } actor)
        {
            document["Actor"] = actor;
        }
        document["Subjects"] = Strings(record.Subjects);
        document["Concerns"] = Strings(record.Concerns);
        document["Outcome"] = record.Outcome;
        document["RequestId"] = record.RequestId;
        document["PreviousHash"] = record.PreviousHash;
        document["Hash"] = record.Hash;
        document["HashHex"] = record.HashHex;
        return document;
    }

    private static BsonArray Strings(string[] values)
    {
        var array = new BsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }
        return array;
    }

    /// <summary>The head as stored.</summary>
    public static AuditHead ReadHead(ILiteDatabase database) =>
        database.GetCollection(HeadCollectionName).FindById(HeadId) is { } head
            ? new AuditHead(head["Sequence"].AsInt64, head["Hash"].AsBinary)
            : AuditHead.Genesis;

    /// <summary>Every record in sequence order (for <c>audit verify</c> and <c>audit export</c>).</summary>
    public static IEnumerable<AuditRecord> ReadAll(ILiteDatabase database) =>
        database.GetCollection<AuditRecord>(CollectionName).Query().OrderBy(record => record.Id).ToEnumerable();

    public AuditRecord Append(AuditEvent audit) => _writer.WriteAll(database => Append(database, audit));

    public IReadOnlyList<AuditRecord> ListConcerning(string identityId, long after, DateTime? since, string? type, int limit)
    {
        var query = _records.Query()
            .Where(ConcernsIndex + " ANY = @0", identityId)
            .Where(record => record.Id > after);
        if (since is { } from)
        {
            query = query.Where(record => record.At >= from);
        }
        if (type is not null)
        {
            query = query.Where(record => record.Type == type);
        }
        return query.OrderBy(record => record.Id).Limit(limit).ToList();
    }

    public AuditHead Head() => ReadHead(_writer.Database);
}
