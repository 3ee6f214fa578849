using LiteDB;
using Recrypt.Service.Audit;
using Recrypt.Service.Storage.LiteDb;

namespace Recrypt.Service.Tests;

/// <summary>The LiteDB audit store writes its records by hand; they must be exactly what the mapper writes and reads.</summary>
public sealed class LiteDbAuditDocumentTests
{
    public static TheoryData<string?> Actors => new() { "alice-identity", null };

    [Theory]
    [MemberData(nameof(Actors))]
    public void TheHandWrittenDocumentIsTheMappersAndReadsBackAsTheRecord(string? actor)
    {
        var audit = new AuditEvent(new DateTime(2026, 12, 1, 7, 45, 1, 234, DateTimeKind.Utc), "document.fetched", actor,
            ["0123456789abcdef0123456789abcdef", "owner"], ["owner", "grantee"], "ok", "request-1");
        var record = AuditRecord.Chain(new AuditHead(41, Enumerable.Range(0, AuditRecord.HashSize).Select(i => (byte)i).ToArray()), audit);
        var mapper = LiteDbStorage.CreateMapper();

        var byHand = LiteDbAuditStore.ToDocument(record);

        Assert.Equal(JsonSerializer.Serialize(mapper.ToDocument(record)), JsonSerializer.Serialize(byHand));
        var read = mapper.ToObject<AuditRecord>(byHand);
        Assert.Equal(record.CanonicalJson(), read.CanonicalJson());
        Assert.Equal(record.Hash, read.Hash);
        Assert.Equal(record.ComputeHash(), read.ComputeHash());
    }
}
