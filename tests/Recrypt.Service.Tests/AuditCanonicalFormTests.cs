using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Recrypt.Service.Audit;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// The audit record's canonical form is a published format (<c>audit export</c>, <c>jq -cj 'del(.hash)' | sha256sum</c>),
/// built by the service and, on PostgreSQL, framed and hashed by the database's <c>audit_append</c>: both must give these
/// exact bytes.
/// </summary>
public sealed class AuditCanonicalFormTests
{
    private static readonly AuditEvent Tricky = new(new DateTime(2026, 12, 3, 7, 5, 9, 87, DateTimeKind.Utc), "document.fetched",
        "actor \"quoted\" é", ["0123456789abcdef0123456789abcdef", "owner"], ["owner", "grantee"], "refused: a\\b", "request-1");

    private const string TrickyBody = """
        "at":"2026-12-03T07:05:09.087Z","type":"document.fetched","actor":"actor \u0022quoted\u0022 \u00E9","subjects":["0123456789abcdef0123456789abcdef","owner"],"concerns":["owner","grantee"],"outcome":"refused: a\\b","requestId":"request-1"
        """;

    [Fact]
    public void TheCanonicalFormAndTheExportLineAreTheseBytes()
    {
        var previous = Enumerable.Range(0, AuditRecord.HashSize).Select(i => (byte)i).ToArray();
        var record = AuditRecord.Chain(new AuditHead(41, previous), Tricky);
        var previousHex = Convert.ToHexStringLower(previous);
        var canonical = $$"""{"seq":42,{{TrickyBody}},"previousHash":"{{previousHex}}"}""";

        Assert.Equal(TrickyBody, Encoding.UTF8.GetString(record.CanonicalBody()));
        Assert.Equal(canonical, Encoding.UTF8.GetString(record.CanonicalJson()));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)), record.Hash);
        Assert.Equal(canonical[..^1] + $$""","hash":"{{Convert.ToHexStringLower(record.Hash)}}"}""", Encoding.UTF8.GetString(record.ExportLine()));
    }

    [Fact]
    public async Task PostgreSqlChainsARecordWithTheServicesHashAndStoresItsFieldsAsSent()
    {
        using var factory = new RecryptServiceFactory(TestDatabase.PostgreSQL);
        await factory.StartedAsync();
        var store = factory.Services.GetRequiredService<IAuditStore>();
        var head = store.Head();

        // The store checks the database's hash against its own: a difference would throw here.
        var appended = store.Append(Tricky);

        Assert.Equal(AuditRecord.Chain(head, Tricky).CanonicalJson(), appended.CanonicalJson());
        Assert.Equal(AuditRecord.Chain(head, Tricky).Hash, appended.Hash);
        var stored = Assert.Single(store.ListConcerning("grantee", head.Sequence, null, null, 10));
        Assert.Equal(appended.CanonicalJson(), stored.CanonicalJson());
        Assert.Equal(appended.Hash, stored.Hash);
        var newHead = store.Head();
        Assert.Equal(appended.Id, newHead.Sequence);
        Assert.Equal(appended.Hash, newHead.Hash);
    }

    [Fact]
    public async Task PostgreSqlRefusesAChainItsFunctionHashesDifferently()
    {
        using var factory = new RecryptServiceFactory(TestDatabase.PostgreSQL);
        await factory.StartedAsync();
        // The function altered to hash without the framing.
        factory.Database.Query("""
            CREATE OR REPLACE FUNCTION audit_append(p_at timestamptz, p_type text, p_actor text, p_subjects text[], p_concerns text[],
                p_outcome text, p_request_id text, p_body bytea,
                OUT appended_sequence bigint, OUT appended_previous_hash bytea, OUT appended_hash bytea)
            LANGUAGE sql AS $$ SELECT sequence + 1, hash, sha256(p_body) FROM audit_head WHERE id = 1 $$
            """);
        var store = factory.Services.GetRequiredService<IAuditStore>();

        var failure = Assert.Throws<Recrypt.Service.Storage.StorageException>(() => store.Append(Tricky));

        Assert.Contains("not its canonical form's", failure.Message, StringComparison.Ordinal);
    }
}
