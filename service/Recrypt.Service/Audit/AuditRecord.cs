using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Recrypt.Service.Audit;

/// <summary>
/// What a feature records: one security-relevant event, handed to a store's write (or to
/// <see cref="IAuditStore.Append"/>) and chained there, in the same transaction, as the next
/// <see cref="AuditRecord"/>. Ids, types and outcomes only: never a key, a value or a request body.
/// </summary>
/// <param name="At">When (UTC, to the millisecond).</param>
/// <param name="Type">One of <see cref="Protocol.AuditEventTypes"/>.</param>
/// <param name="Actor">The identity that signed the request, if any.</param>
/// <param name="Subjects">What it is about, the main one first (ids).</param>
/// <param name="Concerns">The identities and groups whose audit trail shows it (owners of the keys and documents involved, the group a change or fetch went through, and the actor).</param>
/// <param name="Outcome"><c>ok</c>, or <c>refused: &lt;reason&gt;</c>.</param>
/// <param name="RequestId">The request's id.</param>
internal sealed record AuditEvent(
    DateTime At, string Type, string? Actor, string[] Subjects, string[] Concerns, string Outcome, string RequestId);

/// <summary>The last record of the chain: its sequence and hash (<see cref="Genesis"/> before the first).</summary>
internal sealed record AuditHead(long Sequence, byte[] Hash)
{
    public static AuditHead Genesis { get; } = new(0, new byte[AuditRecord.HashSize]);
}

/// <summary>
/// One record of the audit trail as stored, by every provider: an <see cref="AuditEvent"/> with its place in
/// the one chain (<see cref="Id"/>, from 1), the hash of the record before it, and its own hash. The one
/// definition of the record's canonical form (<see cref="CanonicalJson"/>) and of the chain (<see cref="Chain"/>).
/// </summary>
internal sealed class AuditRecord
{
    public const int HashSize = 32;

    /// <summary>The sequence number: 1 for the first record, each next one more.</summary>
    public long Id { get; set; }

    public DateTime At { get; set; }

    public string Type { get; set; } = "";

    public string? Actor { get; set; }

    public string[] Subjects { get; set; } = [];

    public string[] Concerns { get; set; } = [];

    public string Outcome { get; set; } = "";

    public string RequestId { get; set; } = "";

    /// <summary>The hash of record <see cref="Id"/> − 1 (32 zero bytes for the first).</summary>
    public byte[] PreviousHash { get; set; } = [];

    /// <summary>SHA-256 of <see cref="CanonicalJson"/>.</summary>
    public byte[] Hash { get; set; } = [];

    public string HashHex => Convert.ToHexStringLower(Hash);

    /// <summary>The record that follows <paramref name="head"/> for <paramref name="audit"/>, hashed.</summary>
    public static AuditRecord Chain(AuditHead head, AuditEvent audit)
    {
        var record = Unchained(audit);
        record.Id = head.Sequence + 1;
        record.PreviousHash = head.Hash;
        record.Hash = record.ComputeHash();
        return record;
    }

    /// <summary>The record of <paramref name="audit"/> before the chain gives it its place (<see cref="Id"/> 0, no hashes).</summary>
    public static AuditRecord Unchained(AuditEvent audit) => new()
    {
        At = audit.At,
        Type = audit.Type,
        Actor = audit.Actor,
        Subjects = audit.Subjects,
        Concerns = audit.Concerns,
        Outcome = audit.Outcome,
        RequestId = audit.RequestId,
    };

    /// <summary>SHA-256 of the canonical form: what <see cref="Hash"/> must be.</summary>
    public byte[] ComputeHash() => ComputeHash(CanonicalBody());

    /// <summary>The same, from this record's <see cref="CanonicalBody"/> when the caller has made it already.</summary>
    public byte[] ComputeHash(byte[] body) => SHA256.HashData(Frame(body, close: true));

    /// <summary>
    /// The canonical form, UTF-8 JSON with no whitespace, fields in this order: <c>seq</c>, <c>at</c>
    /// (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>), <c>type</c>, <c>actor</c> (or null), <c>subjects</c>, <c>concerns</c>,
    /// <c>outcome</c>, <c>requestId</c>, <c>previousHash</c> (hex). <c>audit export</c> writes each record as
    /// this object with <c>"hash"</c> appended, so <c>jq -cj 'del(.hash)' | sha256sum</c> recomputes it.
    /// It is <c>{"seq":</c><see cref="Id"/><c>,</c><see cref="CanonicalBody"/><c>,"previousHash":"</c>hex<c>"}</c>, the framing
    /// PostgreSQL's <c>audit_append</c> adds when it chains a record.
    /// </summary>
    public byte[] CanonicalJson() => Frame(CanonicalBody(), close: true);

    /// <summary>The line <c>audit export</c> writes: the canonical form with <c>"hash"</c> appended.</summary>
    public byte[] ExportLine()
    {
        var line = new ArrayBufferWriter<byte>(512);
        line.Write(Frame(CanonicalBody(), close: false));
        line.Write(",\"hash\":\""u8);
        line.Write(Encoding.ASCII.GetBytes(HashHex));
        line.Write("\"}"u8);
        return line.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The canonical form's fields that the chain does not decide, <c>at</c> to <c>requestId</c>, as they stand in it
    /// (without the braces): what the service sends PostgreSQL's <c>audit_append</c> to frame and hash.
    /// </summary>
    public byte[] CanonicalBody()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", FormatTime(At));
            json.WriteString("type", Type);
            if (Actor is null)
            {
                json.WriteNull("actor");
            }
            else
            {
                json.WriteString("actor", Actor);
            }
            WriteArray(json, "subjects", Subjects);
            WriteArray(json, "concerns", Concerns);
            json.WriteString("outcome", Outcome);
            json.WriteString("requestId", RequestId);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan[1..^1].ToArray();
    }

    public static string FormatTime(DateTime at) =>
        DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // {"seq":N,<body>,"previousHash":"<hex>"  and the closing brace when asked.
    private byte[] Frame(byte[] body, bool close)
    {
        var json = new ArrayBufferWriter<byte>(512);
        json.Write("{\"seq\":"u8);
        json.Write(Encoding.ASCII.GetBytes(Id.ToString(CultureInfo.InvariantCulture)));
        json.Write(","u8);
        json.Write(body);
        json.Write(",\"previousHash\":\""u8);
        json.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(PreviousHash)));
        json.Write(close ? "\"}"u8 : "\""u8);
        return json.WrittenSpan.ToArray();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, string[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    public Protocol.AuditEventResponse ToResponse() =>
        new(Id, new DateTimeOffset(DateTime.SpecifyKind(At, DateTimeKind.Utc)), Type, Actor, Subjects, Outcome, RequestId, HashHex);
}
