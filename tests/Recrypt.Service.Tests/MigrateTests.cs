using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Recrypt.Service.Audit;
using Recrypt.Service.Compatibility;
using Recrypt.Service.Documents;
using Recrypt.Service.Grants;
using Recrypt.Service.Groups;
using Recrypt.Service.Identities;
using Recrypt.Service.Storage;
using Recrypt.Service.Storage.Migration;
using Recrypt.Service.Storage.PostgreSql;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 17: <c>Recrypt.Service migrate</c> copies a LiteDB database into PostgreSQL without loss: every store
/// has a copier (the seam), every record reads back the same through the PostgreSQL stores, secrets are
/// sealed with the target's key-encryption key, a request spent on LiteDB is a replay on PostgreSQL, and a
/// non-empty target is refused unless <c>--replace</c> is given, and the audit trail comes verbatim (its chain
/// verifies on PostgreSQL, with the same head). (The CLI's story across a migration is
/// tests/Recrypt.Cli.Tests/PostgreSqlStoryTests.cs.)
/// </summary>
public sealed class MigrateTests
{
    [Fact]
    public void EveryStoreHasOneCopierAndEveryTableOfTheSchemaIsCopied()
    {
        Assert.Empty(StoreCopiers.Uncovered());
        Assert.All(StoreCopiers.All, copier => Assert.Contains(copier.Store, StorageProviders.Stores));
        Assert.Equal(StorageProviders.Stores, StoreCopiers.All.Select(copier => copier.Store));

        // A table a later migration adds is some store's: its copier names it, or migrate would leave it behind
        // (audit_head always holds its one row, which the AuditCopier sets to the source's head).
        var database = TestDatabase.For(TestDatabase.PostgreSQL);
        using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString!))
        {
            PostgreSqlMigrations.Apply(dataSource, NullLogger.Instance);
        }
        var schema = database.Query(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('schema_migrations', 'audit_head')");
        Assert.Equal(schema, string.Join(',', StoreCopiers.All.SelectMany(copier => copier.Tables).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task EveryRecordOfEveryStoreReadsBackTheSameOnPostgreSqlAndTheServiceCarriesOn()
    {
        using var alice = new TestIdentity("Alice");
        using var bob = new TestIdentity("Bob");
        using var carol = new TestIdentity("Carol \u00e9");
        var liteDb = new RecryptServiceFactory(seedCompatibility: true);
        string audience, documentId, groupDocumentId;
        byte[] plaintext, groupPlaintext;
        HttpRequestMessage spent;
        string expected;
        AuditHead auditHead;
        try
        {
            // On LiteDB: three identities (Alice with two key versions), grants, document keys, seed-mode records.
            var aliceClient = await liteDb.RegisterAsync(alice);
            await liteDb.RegisterAsync(bob);
            await liteDb.RegisterAsync(carol);
            await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
            await aliceClient.PutGrantAsync(alice.Id, carol.Id, alice.TransformKeyTo(carol));
            var (key, value) = alice.NewDocumentKey();
            plaintext = key.Export();
            key.Dispose();
            documentId = (await aliceClient.CreateDocumentKeyAsync(value)).Id;
            await aliceClient.CreateDocumentKeyAsync(alice.NewDocumentKey().Value);

            // A group Alice administers, Bob its member, granted by Carol, who shares a document key with it.
            var group = await aliceClient.CreateGroupAsync("team", alice.PublicKey, alice.SigningKeyPair);
            await aliceClient.AddGroupMemberAsync(group.Id, bob.Id, alice.PrivateKey, alice.SigningKeyPair);
            var carolClient = liteDb.CreateClient(carol);
            await carolClient.PutGrantAsync(carol.Id, group.Id, TestIdentity.Recrypt.GenerateTransformKey(carol.PrivateKey, group.PublicKey, carol.SigningKeyPair));
            var (groupKey, groupValue) = carol.NewDocumentKey();
            groupPlaintext = groupKey.Export();
            groupKey.Dispose();
            groupDocumentId = (await carolClient.CreateDocumentKeyAsync(groupValue)).Id;
            var (_, next) = TestIdentity.Recrypt.GenerateKeyPair();
            audience = await liteDb.AudienceAsync();
            using (var http = liteDb.CreateClient())
            {
                using var rotate = SignedRequests.Create(audience, alice, HttpMethod.Post, $"/identities/{alice.Id}/keys", SignedRequests.JsonBody(new
                {
                    keyVersion = 2,
                    publicKey = next.Export(),
                    keyCertificate = Protocol.KeyCertificate.Sign(TestIdentity.Recrypt, alice.SigningKeyPair, 2, next),
                }));
                Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(rotate)).StatusCode);

                // A request accepted here: its copy must be a replay on PostgreSQL too.
                using var original = SignedRequests.Create(audience, bob, HttpMethod.Get, $"/identities/{bob.Id}/grants");
                spent = await SignedRequests.CloneAsync(original);
                Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(original)).StatusCode);
            }
            var seed = liteDb.Services.GetRequiredService<ISeedStore>();
            var seedEvent = new AuditEvent(DateTime.UtcNow, Protocol.AuditEventTypes.IdentityRegistered, "seed-alice", ["seed-alice"], ["seed-alice"], "ok", "seed");
            seed.AddIdentity(new SeedIdentityRecord { Id = "seed-alice", PublicKey = [1, 2, 3], CreatedAt = DateTime.UtcNow }, seedEvent);
            seed.PutGrant(new SeedGrantRecord { Id = SeedGrantRecord.IdOf("seed-alice", "seed-bob"), TransformKey = [9, 8, 7], SignatureHex = "abcd", CreatedAt = DateTime.UtcNow }, seedEvent);
            seed.AddKey(new SeedKeyRecord { Id = "seed-key", OwnerId = "seed-alice", EncryptedValue = [4, 5], CreatedAt = DateTime.UtcNow }, seedEvent);
            expected = Snapshot(liteDb.Services, [alice.Id, bob.Id, carol.Id]);
            auditHead = liteDb.Services.GetRequiredService<IAuditStore>().Head();
        }
        finally
        {
            // Stopped, the files kept for the copy (the restarted factory owns and deletes them, never started).
            liteDb = liteDb.Restart();
        }

        using (liteDb)
        {
            var database = TestDatabase.For(TestDatabase.PostgreSQL);
            var message = Migrate(liteDb.DatabasePath, database, replace: false);
            Assert.Contains("3 identities, 2 grants, 5 group records, 3 document keys", message, StringComparison.Ordinal);
            Assert.Contains("1 service signing keys, 3 seed-mode records", message, StringComparison.Ordinal);

            // Again: refused, saying why; with --replace, the same copy.
            var refused = Assert.Throws<StorageException>(() => Migrate(liteDb.DatabasePath, database, replace: false));
            Assert.Contains("is not empty (identities 3, key_versions 4, scheme 1, grants 2, groups 1, group_key_versions 1, group_admins 1, group_members 1, group_grants 1, documents 3", refused.Message, StringComparison.Ordinal);
            Assert.Contains("--replace", refused.Message, StringComparison.Ordinal);
            Assert.Contains("replacing what it held", Migrate(liteDb.DatabasePath, database, replace: true), StringComparison.Ordinal);
            // The curve the identities' keys are on goes with them.
            Assert.Equal("Api256", database.Query("SELECT curve FROM scheme"));

            // The audit trail, copied verbatim: the same records and head, and `audit verify` passes on PostgreSQL.
            Assert.Contains($"{auditHead.Sequence} audit records", message, StringComparison.Ordinal);
            Assert.Equal(auditHead.Sequence, VerifyAudit(database).Records);

            // The PostgreSQL service has only its own key-encryption key: every secret it opens was sealed again.
            using var postgres = RecryptServiceFactory.On(database);
            Assert.Equal(expected, Snapshot(postgres.Services, [alice.Id, bob.Id, carol.Id]));
            Assert.Equal(audience, await postgres.AudienceAsync());

            // Bob is served Alice's document key transformed to him; the request spent on LiteDB is a replay.
            var fetched = await postgres.CreateClient(bob).GetDocumentKeyAsync(documentId);
            using (var decrypted = TestIdentity.Recrypt.Decrypt(fetched.EncryptedValue, bob.PrivateKey))
            {
                Assert.Equal(plaintext, decrypted.Export());
            }
            // And Carol's, through the group (two transforms, with the group's keys sealed again).
            var throughGroup = await postgres.CreateClient(bob).GetDocumentKeyAsync(groupDocumentId);
            using (var decrypted = TestIdentity.Recrypt.Decrypt(throughGroup.EncryptedValue, bob.PrivateKey))
            {
                Assert.Equal(groupPlaintext, decrypted.Export());
            }
            using var http = postgres.CreateClient();
            using (spent)
            {
                var detail = await ProblemAssert.IsUnauthorizedAsync(await http.SendAsync(spent));
                Assert.Contains("replay", detail, StringComparison.Ordinal);
            }

            // The chain goes on from the copied head: the fetches above were appended after it.
            Assert.Equal(auditHead.Hash, postgres.Services.GetRequiredService<IAuditStore>().ListConcerning(bob.Id, auditHead.Sequence, null, null, 1)[0].PreviousHash);
            Assert.True(VerifyAudit(database).Records > auditHead.Sequence);
        }
    }

    [Fact]
    public void MigrateRefusesATargetThatIsNotPostgreSqlAndADatabaseThatIsNotThere()
    {
        var configuration = new ConfigurationBuilder().Build();
        var notPostgres = Assert.Throws<StorageException>(() => MigrateCommand.Run(
            "/nonexistent/recrypt.db", replace: false, new StorageOptions { DatabasePath = "/tmp/x.db" }, configuration, TimeProvider.System));
        Assert.Contains("--Storage:Provider=PostgreSQL", notPostgres.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<StorageException>(() => MigrateCommand.Run(
            "/nonexistent/recrypt.db", replace: false,
            new StorageOptions { Provider = StorageProvider.PostgreSQL, DatabasePath = "/tmp/x.db", ConnectionString = "Host=127.0.0.1" },
            configuration, TimeProvider.System));
        Assert.Equal("There is no database at /nonexistent/recrypt.db.", missing.Message);
    }

    /// <summary>What <c>Recrypt.Service audit verify</c> checks on <paramref name="database"/>, asserted to pass.</summary>
    private static AuditVerifier.Result VerifyAudit(TestDatabase database)
    {
        using var dataSource = NpgsqlDataSource.Create(database.ConnectionString!);
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var result = AuditVerifier.Verify(PostgreSqlAuditStore.ReadAll(transaction), PostgreSqlAuditStore.ReadHead(transaction));
        Assert.True(result.Ok, result.Message);
        return result;
    }

    private static string Migrate(string source, TestDatabase target, bool replace)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(target.Settings.ToDictionary(pair => pair.Key, pair => (string?)pair.Value)).Build();
        var options = new StorageOptions
        {
            Provider = StorageProvider.PostgreSQL,
            ConnectionString = target.ConnectionString,
            DatabasePath = Path.Combine(Path.GetTempPath(), "recrypt-never-used.db"),
        };
        return MigrateCommand.Run(source, replace, options, configuration, TimeProvider.System);
    }

    // Every record of every store these identities own, read through the store interfaces (secrets opened), as JSON.
    private static string Snapshot(IServiceProvider services, IReadOnlyList<string> identities)
    {
        var identityStore = services.GetRequiredService<IIdentityStore>();
        var grants = services.GetRequiredService<IGrantStore>();
        var documents = services.GetRequiredService<IDocumentStore>();
        var seed = services.GetRequiredService<ISeedStore>();
        var groups = services.GetRequiredService<IGroupStore>();
        var groupIds = identities.SelectMany(groups.ListGroupIdsOf).Distinct().Order(StringComparer.Ordinal).ToList();
        return JsonSerializer.Serialize(new
        {
            identities = identities.Select(identityStore.Find),
            grants = identities.Select(grants.ListByOwner),
            groups = groupIds.Select(id => new { group = groups.Find(id), admins = groups.ListAdmins(id), members = groups.ListMembers(id) }),
            groupGrants = identities.Select(groups.ListGrantsByOwner),
            documents = identities.Select(documents.ListByOwner),
            seed = new object?[] { seed.FindIdentity("seed-alice"), seed.FindGrant("seed-alice", "seed-bob"), seed.FindKey("seed-key") },
        });
    }
}
