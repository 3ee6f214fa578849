using System.Net;
using System.Net.Http.Json;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Recrypt.Client;
using Recrypt.Protocol;
using Recrypt.Service.Audit;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 15: the audit trail. Owners read the events that concern them and nobody else's; every record is
/// chained in one sequence, written in the transaction of the change it records (so a record that cannot be
/// written fails the request and changes nothing); receipts verify and altered ones do not; and
/// <c>Recrypt.Service audit verify</c> reports an edited, deleted or reordered record at its place, on both providers.
/// </summary>
public sealed class AuditTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BobsFetchOfAlicesDocumentIsInAlicesAuditNotInCharliesAndCharlieCannotReadAlices(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("Alice");
        using var bob = new TestIdentity("Bob");
        using var charlie = new TestIdentity("Charlie");
        var aliceClient = await factory.RegisterAsync(alice);
        var bobClient = await factory.RegisterAsync(bob);
        var charlieClient = await factory.RegisterAsync(charlie);
        var grant = await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        var (plaintext, value) = alice.NewDocumentKey();
        plaintext.Dispose();
        var document = await aliceClient.CreateDocumentKeyAsync(value);
        _ = await bobClient.GetDocumentKeyAsync(document.Id);
        await Assert.ThrowsAsync<RecryptServiceException>(() => charlieClient.GetDocumentKeyAsync(document.Id));

        var alices = await aliceClient.GetAuditEventsAsync(alice.Id);
        var fetch = Assert.Single(alices, e => e.Type == AuditEventTypes.DocumentFetched);
        Assert.Equal((bob.Id, document.Id, "ok"), (fetch.Actor, fetch.Subjects[0], fetch.Outcome));
        var refusal = Assert.Single(alices, e => e.Type == AuditEventTypes.DocumentRefused);
        Assert.Equal((charlie.Id, "refused: no grant from the owner"), (refusal.Actor, refusal.Outcome));
        Assert.Equal(
            new[] { AuditEventTypes.IdentityRegistered, AuditEventTypes.GrantMade, AuditEventTypes.DocumentStored, AuditEventTypes.DocumentFetched, AuditEventTypes.DocumentRefused },
            alices.Select(e => e.Type));
        Assert.All(alices, e => Assert.False(string.IsNullOrEmpty(e.RequestId)));

        var charlies = await charlieClient.GetAuditEventsAsync(charlie.Id);
        Assert.DoesNotContain(charlies, e => e.Actor == bob.Id || e.Type == AuditEventTypes.DocumentFetched);
        Assert.Contains(charlies, e => e.Type == AuditEventTypes.DocumentRefused && e.Actor == charlie.Id);

        // Charlie asks for Alice's events: refused (and that is recorded in Alice's trail).
        var forbidden = await Assert.ThrowsAsync<RecryptServiceException>(() => charlieClient.GetAuditEventsAsync(alice.Id));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains(await aliceClient.GetAuditEventsAsync(alice.Id), e => e.Type == AuditEventTypes.AuditRefused && e.Actor == charlie.Id);

        // Paged one by one, filtered by type and by time.
        using var http = factory.CreateSignedHttpClient(alice);
        var paged = new List<AuditEventResponse>();
        long? after = 0;
        while (after is not null)
        {
            var page = await http.GetFromJsonAsync<AuditPageResponse>($"/identities/{alice.Id}/audit?limit=1&after={after}", SignedRequests.Json);
            paged.AddRange(page!.Events);
            after = page.Next;
        }
        Assert.Equal((await aliceClient.GetAuditEventsAsync(alice.Id)).Select(e => e.Sequence), paged.Select(e => e.Sequence));
        Assert.Equal([fetch.Sequence], (await aliceClient.GetAuditEventsAsync(alice.Id, type: AuditEventTypes.DocumentFetched)).Select(e => e.Sequence));
        Assert.Empty(await aliceClient.GetAuditEventsAsync(alice.Id, since: DateTimeOffset.UtcNow.AddMinutes(1)));
        using var badTime = await http.GetAsync(new Uri($"/identities/{alice.Id}/audit?since=yesterday", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(badTime, HttpStatusCode.BadRequest, "malformed-input");

        // The grant's receipt names its audit record and verifies under the service's key; altered, it does not.
        var serviceKey = (await aliceClient.GetServiceInfoAsync()).SigningPublicKey;
        var receipt = grant.Receipt!;
        var made = Assert.Single(alices, e => e.Type == AuditEventTypes.GrantMade);
        Assert.Equal((made.Sequence, made.Hash), (receipt.AuditSequence, receipt.AuditHash));
        Assert.True(Receipts.Verify(TestIdentity.Recrypt, receipt, serviceKey));
        Assert.False(Receipts.Verify(TestIdentity.Recrypt, receipt with { GranteeId = charlie.Id }, serviceKey));
        Assert.False(Receipts.Verify(TestIdentity.Recrypt, receipt with { Action = Receipts.Revoke }, serviceKey));
        Assert.False(Receipts.Verify(TestIdentity.Recrypt, receipt with { AuditSequence = receipt.AuditSequence + 1 }, serviceKey));
        using var forger = TestIdentity.Recrypt.GenerateSigningKeyPair();
        var forged = Receipts.Sign(TestIdentity.Recrypt, forger, Receipts.Revoke, alice.Id, bob.Id, receipt.At, receipt.AuditSequence, receipt.AuditHash);
        Assert.False(Receipts.Verify(TestIdentity.Recrypt, forged, serviceKey));

        // The chain as stored is intact.
        var store = factory.Services.GetRequiredService<IAuditStore>();
        Assert.True(store.Head().Sequence >= alices.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GroupChangesAndFetchesThroughAGroupAreRecordedAndARefusedChangeIsNot(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("Alice");
        using var bob = new TestIdentity("Bob");
        using var carol = new TestIdentity("Carol");
        var aliceClient = await factory.RegisterAsync(alice);
        var bobClient = await factory.RegisterAsync(bob);
        var carolClient = await factory.RegisterAsync(carol);

        // Alice's group, Bob its member; Carol grants the group and Bob fetches her document key through it.
        var group = await aliceClient.CreateGroupAsync("team", alice.PublicKey, alice.SigningKeyPair);
        await aliceClient.AddGroupMemberAsync(group.Id, bob.Id, alice.PrivateKey, alice.SigningKeyPair);
        var grant = await carolClient.PutGrantAsync(carol.Id, group.Id, TestIdentity.Recrypt.GenerateTransformKey(carol.PrivateKey, group.PublicKey, carol.SigningKeyPair));
        var (plaintext, value) = carol.NewDocumentKey();
        plaintext.Dispose();
        var document = await carolClient.CreateDocumentKeyAsync(value);
        _ = await bobClient.GetDocumentKeyAsync(document.Id);
        // Carol is no admin: her removal of Bob is refused, and records nothing.
        await Assert.ThrowsAsync<RecryptServiceException>(() => carolClient.RemoveGroupMemberAsync(group.Id, bob.Id));
        var revoke = await carolClient.RevokeGrantAsync(carol.Id, group.Id);
        await aliceClient.RemoveGroupMemberAsync(group.Id, bob.Id);
        await aliceClient.RotateGroupKeyAsync(group.Id, alice.PrivateKey, alice.SigningKeyPair);

        Assert.Equal(
            new[] { AuditEventTypes.IdentityRegistered, AuditEventTypes.GroupCreated, AuditEventTypes.GroupMemberAdded, AuditEventTypes.GroupMemberRemoved, AuditEventTypes.GroupRotated },
            (await aliceClient.GetAuditEventsAsync(alice.Id)).Select(e => e.Type));
        var bobs = await bobClient.GetAuditEventsAsync(bob.Id);
        Assert.Equal(
            [(AuditEventTypes.GroupMemberAdded, alice.Id), (AuditEventTypes.DocumentFetched, bob.Id), (AuditEventTypes.GroupMemberRemoved, alice.Id)],
            bobs.Where(e => e.Type != AuditEventTypes.IdentityRegistered).Select(e => (e.Type, e.Actor)));
        Assert.Equal([group.Id, bob.Id], bobs.First(e => e.Type == AuditEventTypes.GroupMemberAdded).Subjects);

        var carols = await carolClient.GetAuditEventsAsync(carol.Id);
        Assert.Equal(
            new[] { AuditEventTypes.IdentityRegistered, AuditEventTypes.GroupGrantMade, AuditEventTypes.DocumentStored, AuditEventTypes.DocumentFetched, AuditEventTypes.GroupGrantRevoked },
            carols.Select(e => e.Type));
        var fetch = Assert.Single(carols, e => e.Type == AuditEventTypes.DocumentFetched);
        Assert.Equal((bob.Id, "ok"), (fetch.Actor, fetch.Outcome));
        Assert.Equal([document.Id, carol.Id, group.Id], fetch.Subjects);

        // The grant to the group and its revoke have receipts naming their records, like an identity's.
        var serviceKey = (await carolClient.GetServiceInfoAsync()).SigningPublicKey;
        Assert.Equal(carols.Single(e => e.Type == AuditEventTypes.GroupGrantMade).Sequence, grant.Receipt!.AuditSequence);
        Assert.Equal(carols.Single(e => e.Type == AuditEventTypes.GroupGrantRevoked).Sequence, revoke.AuditSequence);
        Assert.True(Receipts.Verify(TestIdentity.Recrypt, grant.Receipt, serviceKey));
        Assert.True(Receipts.Verify(TestIdentity.Recrypt, revoke, serviceKey));
        Assert.DoesNotContain(
            (await aliceClient.GetAuditEventsAsync(alice.Id)).Concat(bobs).Concat(carols),
            e => e.Type == AuditEventTypes.GroupMemberRemoved && e.Actor == carol.Id);

        // The group's admin reads the group's trail: its changes, the grant to it, and the fetch through it.
        var groups = await aliceClient.GetGroupAuditEventsAsync(group.Id);
        Assert.Equal(
            [
                (AuditEventTypes.GroupCreated, alice.Id), (AuditEventTypes.GroupMemberAdded, alice.Id), (AuditEventTypes.GroupGrantMade, carol.Id),
                (AuditEventTypes.DocumentFetched, bob.Id), (AuditEventTypes.GroupGrantRevoked, carol.Id), (AuditEventTypes.GroupMemberRemoved, alice.Id),
                (AuditEventTypes.GroupRotated, alice.Id),
            ],
            groups.Select(e => (e.Type, e.Actor)));
        Assert.Equal([document.Id, carol.Id, group.Id], groups.Single(e => e.Type == AuditEventTypes.DocumentFetched).Subjects);
        Assert.Equal([fetch.Sequence], (await aliceClient.GetGroupAuditEventsAsync(group.Id, type: AuditEventTypes.DocumentFetched)).Select(e => e.Sequence));

        // Its member and the owner who granted it are no admins: refused, and the refusals are in the group's trail.
        foreach (var outsider in new[] { bobClient, carolClient })
        {
            var refused = await Assert.ThrowsAsync<RecryptServiceException>(() => outsider.GetGroupAuditEventsAsync(group.Id));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        Assert.Equal(
            [(AuditEventTypes.AuditRefused, bob.Id), (AuditEventTypes.AuditRefused, carol.Id)],
            (await aliceClient.GetGroupAuditEventsAsync(group.Id)).Skip(groups.Count).Select(e => (e.Type, e.Actor)));
        var missing = await Assert.ThrowsAsync<RecryptServiceException>(() => aliceClient.GetGroupAuditEventsAsync(new string('0', 32)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NoKeyMaterialIsInAnyAuditRecordAsStored(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("Alice");
        using var bob = new TestIdentity("Bob");
        var keyMaterial = new Canaries();
        var aliceClient = await factory.RegisterAsync(alice);
        var bobClient = await factory.RegisterAsync(bob);
        foreach (var identity in new[] { alice, bob })
        {
            keyMaterial.Add($"{identity.Name}'s private key", identity.PrivateKey.Export());
            keyMaterial.Add($"{identity.Name}'s public key", identity.PublicKey.Export());
            keyMaterial.Add($"{identity.Name}'s signing public key", identity.SigningPublicKey.Export());
        }
        var transformKey = alice.TransformKeyTo(bob);
        keyMaterial.Add("the transform key", transformKey.Export());
        keyMaterial.Add("the transform key's signature", transformKey.Signature);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, transformKey);
        var (plaintext, value) = alice.NewDocumentKey();
        keyMaterial.Add("the document key's plaintext", plaintext.Export());
        plaintext.Dispose();
        keyMaterial.Add("the encrypted document key", value.Export());
        var document = await aliceClient.CreateDocumentKeyAsync(value);
        keyMaterial.Add("the transformed document key", (await bobClient.GetDocumentKeyAsync(document.Id)).EncryptedValue.Export());
        _ = await bobClient.GetDocumentKeysAsync([document.Id]);
        var group = await aliceClient.CreateGroupAsync("team", alice.PublicKey, alice.SigningKeyPair);
        keyMaterial.Add("the group's public key", group.PublicKey.Export());
        await aliceClient.AddGroupMemberAsync(group.Id, bob.Id, alice.PrivateKey, alice.SigningKeyPair);
        await aliceClient.RevokeGrantAsync(alice.Id, bob.Id);

        // Every record, in its canonical form, and (on PostgreSQL) every row as the database holds it.
        var store = factory.Services.GetRequiredService<IAuditStore>();
        var records = new[] { alice.Id, bob.Id, group.Id }.SelectMany(id => store.ListConcerning(id, 0, null, null, AuditApi.MaxPageSize))
            .DistinctBy(record => record.Id).OrderBy(record => record.Id).ToList();
        Assert.Equal(store.Head().Sequence, records.Count);
        var exported = string.Join('\n', records.Select(record => System.Text.Encoding.UTF8.GetString(record.ExportLine())));
        keyMaterial.AssertAbsentFromText("the audit trail", exported);
        if (provider == TestDatabase.PostgreSQL)
        {
            var rows = factory.Database.Query("SELECT string_agg(to_jsonb(a)::text, E'\\n') FROM audit_log a");
            Assert.Contains(document.Id, rows, StringComparison.Ordinal);
            keyMaterial.AssertAbsentFromText("the audit_log table", rows);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConcurrentWritersOnOneOrTwoInstancesMakeOneUnbrokenChain(string provider)
    {
        using var first = new RecryptServiceFactory(provider);
        // On PostgreSQL a second instance over the same database appends at the same time.
        using var second = provider == TestDatabase.PostgreSQL ? RecryptServiceFactory.On(first.Database) : null;
        RecryptServiceFactory[] instances = second is null ? [first] : [first, second];
        const int Writers = 6, Each = 8;
        var owners = Enumerable.Range(0, Writers).Select(i => new TestIdentity($"writer{i}")).ToList();
        try
        {
            // Each owner stores document keys (a record in the change's transaction) and fetches each back (a record
            // appended on its own, in batches after the head the instance last wrote), on both instances at once.
            var writes = owners.Select(async (owner, i) =>
            {
                var client = instances[i % instances.Length].CreateClient(owner);
                await client.RegisterIdentityAsync(owner.PublicKey, owner.SigningKeyPair);
                var (plaintext, value) = owner.NewDocumentKey();
                plaintext.Dispose();
                for (var n = 0; n < Each; n++)
                {
                    var stored = await client.CreateDocumentKeyAsync(value);
                    _ = await instances[(i + n) % instances.Length].CreateClient(owner).GetDocumentKeyAsync(stored.Id);
                }
            });
            await Task.WhenAll(writes);

            var store = first.Services.GetRequiredService<IAuditStore>();
            var head = store.Head();
            const int Records = Writers * (1 + (2 * Each));
            Assert.Equal(Records, head.Sequence);
            var all = owners.SelectMany(owner => store.ListConcerning(owner.Id, 0, null, null, 1000)).OrderBy(record => record.Id).ToList();
            Assert.Equal(Enumerable.Range(1, Records).Select(i => (long)i), all.Select(record => record.Id));
            Assert.Equal(Writers * Each, all.Count(record => record.Type == AuditEventTypes.DocumentFetched));
            var result = AuditVerifier.Verify(all, head);
            Assert.True(result.Ok, result.Message);
        }
        finally
        {
            owners.ForEach(owner => owner.Dispose());
        }
    }

    /// <summary>
    /// On PostgreSQL each instance appends events that change nothing else after the head as the database holds it, which
    /// another instance (or a change's transaction) may just have moved: every record follows the real head, one unbroken chain.
    /// </summary>
    [Fact]
    public async Task OnPostgreSqlAppendsAfterAnotherInstancesFindTheRealHead()
    {
        using var factory = new RecryptServiceFactory(TestDatabase.PostgreSQL);
        // The service's own store (once it answers, its schema is in place), and a second instance's over the same database.
        using (var ready = await factory.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        var first = factory.Services.GetRequiredService<IAuditStore>();
        using var dataSource = Recrypt.Service.Storage.PostgreSql.PostgreSqlStorage.CreateDataSource(factory.Database.ConnectionString!);
        var second = new Recrypt.Service.Storage.PostgreSql.PostgreSqlAuditStore(dataSource);
        var start = first.Head().Sequence;
        static AuditEvent Fetch(int n) => new(DateTime.UtcNow, AuditEventTypes.DocumentFetched, "reader", [$"document{n}"], ["owner"], AuditRecorder.Ok, $"request{n}");

        // first ×3, second, first (after second's record), a change's own transaction, second ×3, first ×3.
        var appended = new List<AuditRecord>();
        void Append(IAuditStore store, int times)
        {
            for (var i = 0; i < times; i++)
            {
                appended.Add(store.Append(Fetch(appended.Count + 1)));
            }
        }
        Append(first, 3);
        Append(second, 1);
        Append(first, 1);
        using (var connection = dataSource.OpenConnection())
        using (var transaction = connection.BeginTransaction())
        {
            appended.Add(Recrypt.Service.Storage.PostgreSql.PostgreSqlAuditStore.Append(transaction, Fetch(appended.Count + 1)));
            transaction.Commit();
        }
        Append(second, 3);
        Append(first, 3);

        Assert.Equal(Enumerable.Range(1, 12).Select(n => start + n), appended.Select(record => record.Id));
        Assert.Equal(start + 12, first.Head().Sequence);
        Assert.Equal(appended.Select(record => record.HashHex), first.ListConcerning("owner", 0, null, null, 100).Select(record => record.HashHex));
        using var reading = dataSource.OpenConnection();
        using var snapshot = reading.BeginTransaction();
        var verified = AuditVerifier.Verify(
            Recrypt.Service.Storage.PostgreSql.PostgreSqlAuditStore.ReadAll(snapshot).ToList(), Recrypt.Service.Storage.PostgreSql.PostgreSqlAuditStore.ReadHead(snapshot));
        Assert.True(verified.Ok, verified.Message);
    }

    /// <summary>
    /// Two instances appending at once, from several threads each, race for the head all the time: every event is
    /// recorded exactly once, the sequence has no gap, and the chain verifies.
    /// </summary>
    [Fact]
    public async Task OnPostgreSqlTwoInstancesAppendingAtOnceLeaveOneChain()
    {
        using var factory = new RecryptServiceFactory(TestDatabase.PostgreSQL);
        using (var ready = await factory.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        using var firstSource = Recrypt.Service.Storage.PostgreSql.PostgreSqlStorage.CreateDataSource(factory.Database.ConnectionString!);
        using var secondSource = Recrypt.Service.Storage.PostgreSql.PostgreSqlStorage.CreateDataSource(factory.Database.ConnectionString!);
        IAuditStore[] instances = [new Recrypt.Service.Storage.PostgreSql.PostgreSqlAuditStore(firstSource), new Recrypt.Service.Storage.PostgreSql.PostgreSqlAuditStore(secondSource)];
        var start = instances[0].Head().Sequence;
        const int Threads = 4, Each = 40;

        var appended = await Task.WhenAll(Enumerable.Range(0, 2 * Threads).Select(thread => Task.Run(() =>
            Enumerable.Range(0, Each).Select(n => instances[thread % 2].Append(
                new AuditEvent(DateTime.UtcNow, AuditEventTypes.DocumentFetched, "reader", [$"document-{thread}-{n}"], ["racer"], AuditRecorder.Ok, $"request-{thread}-{n}"))).ToList())));

        var records = appended.SelectMany(records => records).ToList();
        Assert.Equal(Enumerable.Range(1, 2 * Threads * Each).Select(n => start + n), records.Select(record => record.Id).Order());
        var stored = instances[1].ListConcerning("racer", 0, null, null, 1000);
        Assert.Equal(records.Select(record => record.RequestId).Order(StringComparer.Ordinal), stored.Select(record => record.RequestId).Order(StringComparer.Ordinal));
        using var reading = firstSource.OpenConnection();
        using var snapshot = reading.BeginTransaction();
        var verified = AuditVerifier.Verify(
            Recrypt.Service.Storage.PostgreSql.PostgreSqlAuditStore.ReadAll(snapshot).ToList(), Recrypt.Service.Storage.PostgreSql.PostgreSqlAuditStore.ReadHead(snapshot));
        Assert.True(verified.Ok, verified.Message);
    }

    [Fact]
    public async Task ARequestWhoseRecordCannotBeWrittenFailsAndChangesNothing()
    {
        using var factory = new RecryptServiceFactory(TestDatabase.PostgreSQL);
        using var alice = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        // The chain's head row is gone: no record can be appended.
        factory.Database.Query("DELETE FROM audit_head");
        var (plaintext, value) = alice.NewDocumentKey();
        plaintext.Dispose();

        var failed = await Assert.ThrowsAsync<RecryptServiceException>(() => client.CreateDocumentKeyAsync(value));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("0", factory.Database.Query("SELECT count(*) FROM documents"));
        using var ready = await factory.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>
    /// The same on LiteDB, where a write that runs alone (no other write to batch it with, the usual case) once ran
    /// each of its inserts as a transaction of its own: the document key was stored without its record.
    /// </summary>
    [Fact]
    public async Task OnLiteDbTooARequestWhoseRecordCannotBeWrittenFailsAndChangesNothing()
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        var writer = factory.Services.GetRequiredService<Recrypt.Service.Storage.DatabaseWriter>();
        // The next record's place is taken (the head's sequence + 1): no record can be appended.
        writer.Write(database => database.GetCollection(Recrypt.Service.Storage.LiteDb.LiteDbAuditStore.CollectionName)
            .Insert(new BsonDocument { ["_id"] = Recrypt.Service.Storage.LiteDb.LiteDbAuditStore.ReadHead(database).Sequence + 1 }));
        var (plaintext, value) = alice.NewDocumentKey();
        plaintext.Dispose();

        var failed = await Assert.ThrowsAsync<RecryptServiceException>(() => client.CreateDocumentKeyAsync(value));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0, writer.Database.GetCollection("documents").Count());
        // Once the obstacle is gone the chain goes on where it was: the failed append left no trace in it.
        writer.Write(database => database.GetCollection(Recrypt.Service.Storage.LiteDb.LiteDbAuditStore.CollectionName)
            .Delete(Recrypt.Service.Storage.LiteDb.LiteDbAuditStore.ReadHead(database).Sequence + 1));
        _ = await client.CreateDocumentKeyAsync(value);
        Assert.Equal(1, writer.Database.GetCollection("documents").Count());
        var verified = Recrypt.Service.Audit.AuditVerifier.Verify(
            Recrypt.Service.Storage.LiteDb.LiteDbAuditStore.ReadAll(writer.Database), Recrypt.Service.Storage.LiteDb.LiteDbAuditStore.ReadHead(writer.Database));
        Assert.True(verified.Ok, verified.Message);
    }

    /// <summary>Each way of tampering with six records, and what <c>audit verify</c> must say.</summary>
    private static readonly (string Tampering, string Expected)[] s_tamperings =
    [
        ("edit", "record 3 was altered"),
        ("delete", "record 3 is missing"),
        ("reorder", "record 3 was altered or moved"),
        ("truncate", "record 6 is missing"),
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AuditVerifyReportsAnEditedDeletedReorderedOrTruncatedRecordAtItsPlace(string provider)
    {
        var factory = new RecryptServiceFactory(provider);
        var databasePath = factory.DatabasePath;
        var database = factory.Database;
        try
        {
            // Six records: three registrations, a grant, a document key, a fetch.
            using var alice = new TestIdentity();
            using var bob = new TestIdentity();
            using var charlie = new TestIdentity();
            var aliceClient = await factory.RegisterAsync(alice);
            var bobClient = await factory.RegisterAsync(bob);
            await factory.RegisterAsync(charlie);
            await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
            var (plaintext, value) = alice.NewDocumentKey();
            plaintext.Dispose();
            var document = await aliceClient.CreateDocumentKeyAsync(value);
            _ = await bobClient.GetDocumentKeyAsync(document.Id);
            // Stopped (the file closed); the factory that took over the folder is never started.
            factory = factory.Restart();

            var (intact, intactOutput) = await StorageFiles.RunCommandAsync(databasePath, ["audit", "verify", .. database.Arguments]);
            Assert.True(intact == 0, intactOutput);
            Assert.Contains("intact: 6 records", intactOutput, StringComparison.Ordinal);
            if (provider == TestDatabase.PostgreSQL)
            {
                database.Query("CREATE TABLE audit_original AS SELECT * FROM audit_log");
            }

            foreach (var (tampering, expected) in s_tamperings)
            {
                var tampered = databasePath;
                if (provider == TestDatabase.LiteDB)
                {
                    // Each tampering on a copy of the intact file.
                    tampered = Path.Combine(factory.DataDirectory, tampering + ".db");
                    File.Copy(databasePath, tampered);
                    TamperLiteDb(tampered, tampering);
                }
                else
                {
                    database.Query("DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_original; " + tampering switch
                    {
                        "edit" => "UPDATE audit_log SET outcome = 'refused: nothing to see' WHERE sequence = 3",
                        "delete" => "DELETE FROM audit_log WHERE sequence = 3",
                        "reorder" => "UPDATE audit_log SET sequence = -3 WHERE sequence = 3; UPDATE audit_log SET sequence = 3 WHERE sequence = 4; UPDATE audit_log SET sequence = 4 WHERE sequence = -3",
                        _ => "DELETE FROM audit_log WHERE sequence = 6",
                    });
                }

                var (broken, output) = await StorageFiles.RunCommandAsync(tampered, ["audit", "verify", .. database.Arguments]);
                Assert.True(broken == 2, $"{tampering}: {output}");
                Assert.Contains(expected, output, StringComparison.Ordinal);
            }
        }
        finally
        {
            factory.Dispose();
        }
    }

    private static void TamperLiteDb(string databasePath, string tampering)
    {
        using var database = new LiteDatabase(new ConnectionString { Filename = databasePath, Connection = ConnectionType.Direct });
        var records = database.GetCollection("audit");
        switch (tampering)
        {
            case "edit":
                var third = records.FindById(3);
                third["Outcome"] = "refused: nothing to see";
                records.Update(third);
                break;
            case "delete":
                records.Delete(3);
                break;
            case "reorder":
                // Records 3 and 4 trade places: each keeps its contents and hash, under the other's sequence.
                var (a, b) = (records.FindById(3), records.FindById(4));
                records.Delete(3);
                records.Delete(4);
                a["_id"] = 4L;
                b["_id"] = 3L;
                records.Insert(a);
                records.Insert(b);
                break;
            case "truncate":
                records.Delete(6);
                break;
        }
    }
}
