using System.Net;
using System.Net.Http.Json;
using Recrypt.Client;
using Recrypt.LoadTest;
using Recrypt.Testing;
using Xunit.Abstractions;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 17: several service processes over one PostgreSQL database behave as one service. They are started
/// at the same moment on an empty database (so they race to migrate it and to create the service's key), then
/// a request replayed to another instance is refused, a revoke through one instance is effective through every
/// other at once, and concurrent writes through all of them keep the invariants a single service keeps. The
/// tests share one group of instances (each works with identities of its own).
/// </summary>
[Collection(StorageLoadTests.Name)]
public sealed class MultiInstanceTests(MultiInstanceTests.InstanceGroup cluster, ITestOutputHelper output) : IClassFixture<MultiInstanceTests.InstanceGroup>
{
    private const int Instances = InstanceGroup.Count;

    [Fact]
    public async Task InstancesStartedTogetherShareOneSchemaAndOneServiceKey()
    {
        var keys = new HashSet<string>();
        foreach (var instance in cluster.Services)
        {
            using var http = new HttpClient { BaseAddress = instance.BaseAddress };
            keys.Add(await SignedRequests.AudienceAsync(http));
        }

        Assert.Single(keys);
        Assert.Equal("1", cluster.Database.Query("SELECT count(*) FROM service_keys"));
        Assert.Equal(StorageProviderTests.AllMigrations, cluster.Database.Query("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"));
    }

    [Fact]
    public async Task ARequestReplayedToAnotherInstanceIsRefused()
    {
        using var alice = new TestIdentity();
        using var first = cluster.Http(0);
        using var second = cluster.Http(1);
        await cluster.Client(0, alice).RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair);

        using var original = SignedRequests.Create(await SignedRequests.AudienceAsync(first), alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
        using var replay = await SignedRequests.CloneAsync(original);
        using var accepted = await first.SendAsync(original);
        using var replayed = await second.SendAsync(replay);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var detail = await ProblemAssert.IsUnauthorizedAsync(replayed);
        Assert.Contains("replay", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameRequestSentToEveryInstanceAtOnceIsAcceptedOnce()
    {
        using var alice = new TestIdentity();
        await cluster.Client(0, alice).RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair);
        var clients = Enumerable.Range(0, Instances).Select(cluster.Http).ToList();
        var audience = await SignedRequests.AudienceAsync(clients[0]);

        for (var round = 0; round < 10; round++)
        {
            using var original = SignedRequests.Create(audience, alice, HttpMethod.Get, $"/identities/{alice.Id}/grants");
            var copies = new List<HttpRequestMessage>();
            foreach (var _ in clients)
            {
                copies.Add(await SignedRequests.CloneAsync(original));
            }
            var answers = await Task.WhenAll(clients.Select((http, i) => http.SendAsync(copies[i])));

            Assert.Equal(1, answers.Count(answer => answer.StatusCode == HttpStatusCode.OK));
            Assert.Equal(Instances - 1, answers.Count(answer => answer.StatusCode == HttpStatusCode.Unauthorized));
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
            foreach (var copy in copies)
            {
                copy.Dispose();
            }
        }
        foreach (var http in clients)
        {
            http.Dispose();
        }
    }

    [Fact]
    public async Task ARevokeThroughOneInstanceIsEffectiveThroughEveryOtherAtOnce()
    {
        using var alice = new TestIdentity("Alice");
        using var bob = new TestIdentity("Bob");
        var aliceOnFirst = cluster.Client(0, alice);
        await aliceOnFirst.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair);
        await cluster.Client(1, bob).RegisterIdentityAsync(bob.PublicKey, bob.SigningKeyPair);
        var (plaintext, value) = alice.NewDocumentKey();
        var document = await aliceOnFirst.CreateDocumentKeyAsync(value);
        await aliceOnFirst.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));

        // Bob reads through every instance; Alice revokes through the last; at once no instance serves Bob.
        for (var i = 0; i < Instances; i++)
        {
            var fetched = await cluster.Client(i, bob).GetDocumentKeyAsync(document.Id);
            using var decrypted = TestIdentity.Recrypt.Decrypt(fetched.EncryptedValue, bob.PrivateKey);
            Assert.Equal(plaintext.Export(), decrypted.Export());
        }
        await cluster.Client(Instances - 1, alice).RevokeGrantAsync(alice.Id, bob.Id);
        for (var i = 0; i < Instances; i++)
        {
            using var http = cluster.Http(i);
            using var request = SignedRequests.Create(await SignedRequests.AudienceAsync(http), bob, HttpMethod.Get, $"/documents/{document.Id}");
            using var refused = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
    }

    [Fact]
    public async Task RacesBetweenInstancesEndInOneWinnerAndA409NeverA5xx()
    {

        // One identity registered through every instance at once: one 201, the others 409.
        using var alice = new TestIdentity();
        var registrations = await Task.WhenAll(Enumerable.Range(0, Instances).Select(async i =>
        {
            using var http = cluster.Http(i);
            using var request = SignedRequests.Create(await SignedRequests.AudienceAsync(http), alice, HttpMethod.Post, "/identities",
                SignedRequests.JsonBody(alice.RegistrationBody));
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }));
        Assert.Equal(1, registrations.Count(status => status == HttpStatusCode.Created));
        Assert.Equal(Instances - 1, registrations.Count(status => status == HttpStatusCode.Conflict));

        // Its key version 2 added through every instance at once: one 201, the others 409.
        var (_, next) = TestIdentity.Recrypt.GenerateKeyPair();
        var certificate = Protocol.KeyCertificate.Sign(TestIdentity.Recrypt, alice.SigningKeyPair, 2, next);
        var rotations = await Task.WhenAll(Enumerable.Range(0, Instances).Select(async i =>
        {
            using var http = cluster.Http(i);
            using var request = SignedRequests.Create(await SignedRequests.AudienceAsync(http), alice, HttpMethod.Post, $"/identities/{alice.Id}/keys",
                SignedRequests.JsonBody(new { keyVersion = 2, publicKey = next.Export(), keyCertificate = certificate }));
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }));
        Assert.Equal(1, rotations.Count(status => status == HttpStatusCode.Created));
        Assert.Equal(Instances - 1, rotations.Count(status => status == HttpStatusCode.Conflict));
        Assert.Equal("1,2", cluster.Database.Query($"SELECT string_agg(version::text, ',' ORDER BY version) FROM key_versions WHERE identity_id = '{alice.Id}'"));
    }

    [Fact]
    public async Task ConcurrentWritesThroughEveryInstanceKeepEveryInvariant()
    {
        using var recrypt = new TransformEncryption();
        using var workload = await Workload.CreateAsync(recrypt, [.. cluster.Services.Select(service => service.BaseAddress)], workers: 9);

        await workload.RunAsync(documents: 240, CancellationToken.None);
        output.WriteLine($"{workload.DocumentsStored} document keys, {workload.Workers.Sum(worker => worker.Acknowledged)} writes acknowledged through {Instances} instances");

        Assert.True(workload.Failures.Count == 0, string.Join("\n", workload.Failures.Take(20)));
        var problems = await workload.VerifyAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        // What the database holds of this workload's owners (the other tests of the class share it).
        var owners = workload.Workers.Select(worker => worker.Client.Id).ToHashSet();
        var stored = Rows("SELECT owner_id, id FROM documents").Where(row => owners.Contains(row[0])).Select(row => row[1]).ToHashSet();
        var expected = workload.ExpectedDocuments().Keys.ToHashSet();
        Assert.True(stored.SetEquals(expected), $"{expected.Except(stored).Count()} acknowledged document keys missing, {stored.Except(expected).Count()} unexpected");
        var grants = Rows("SELECT owner_id, grantee_id FROM grants").Where(row => owners.Contains(row[0])).Select(row => $"{row[0]}:{row[1]}").ToHashSet();
        var expectedGrants = workload.Workers.SelectMany(worker => worker.Grants.Select(grantee => $"{worker.Client.Id}:{grantee}")).ToHashSet();
        Assert.True(grants.SetEquals(expectedGrants), $"{expectedGrants.Except(grants).Count()} grants missing, {grants.Except(expectedGrants).Count()} unexpected");

        // Every instance appended to one audit chain at once: one dense sequence, each record naming the one before.
        var (exitCode, verified) = await StorageFiles.RunCommandAsync(Path.Combine(Path.GetTempPath(), "unused.db"), ["audit", "verify", .. cluster.Database.Arguments]);
        Assert.True(exitCode == 0, verified);
        Assert.Contains("The audit trail is intact", verified, StringComparison.Ordinal);
        // Each document key stored was recorded, with its owner as the actor.
        var recorded = Rows("SELECT subjects[1], actor FROM audit_log WHERE type = 'document.stored'").ToDictionary(row => row[0], row => row[1]);
        Assert.All(stored, id => Assert.True(recorded.ContainsKey(id), $"no audit record of document key {id}"));
    }

    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesSigkillOfAnInstanceAndIsVisibleThroughTheOthers()
    {
        using var recrypt = new TransformEncryption();
        using var workload = await Workload.CreateAsync(recrypt, [.. cluster.Services.Select(service => service.BaseAddress)], workers: 9);

        // Clients write through every instance; one is killed with SIGKILL in the middle of it.
        using var stop = new CancellationTokenSource();
        var running = workload.RunAsync(long.MaxValue / 2, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await cluster.Services[0].KillAsync();
        await running;
        Assert.True(workload.Failures.Count == 0, string.Join("\n", workload.Failures.Take(20)));

        // Every acknowledged write is in the database; the requests in flight to the killed instance happened whole or not at all.
        var owners = workload.Workers.Select(worker => worker.Client.Id).ToHashSet();
        var stored = Rows("SELECT owner_id, id FROM documents").Where(row => owners.Contains(row[0]))
            .GroupBy(row => row[0]).ToDictionary(group => group.Key, group => group.Select(row => row[1]).ToHashSet());
        await cluster.RestartAsync(0);
        await workload.ReconcileAsync(stored);
        Assert.True(workload.Failures.Count == 0, string.Join("\n", workload.Failures.Take(20)));
        var storedIds = stored.Values.SelectMany(ids => ids).ToHashSet();
        var expected = workload.ExpectedDocuments().Keys.ToHashSet();
        Assert.True(storedIds.SetEquals(expected), $"{expected.Except(storedIds).Count()} acknowledged document keys missing, {storedIds.Except(expected).Count()} unexpected");
        var problems = await workload.VerifyAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        output.WriteLine($"{workload.Workers.Sum(worker => worker.Acknowledged)} acknowledged writes checked after the kill");
    }

    [Fact]
    public async Task BehindNginxRoundRobinEveryInstanceServesAndEveryWriteReadsBack()
    {
        await using var nginx = await NginxProxy.StartAsync([.. cluster.Services.Select(service => service.BaseAddress)]);
        var storedBefore = cluster.Services.Select(StoredDocumentLines).ToList();
        using var recrypt = new TransformEncryption();
        using var workload = await Workload.CreateAsync(recrypt, nginx.BaseAddress, workers: 6);

        await workload.RunAsync(documents: 120, CancellationToken.None);

        Assert.True(workload.Failures.Count == 0, string.Join("\n", workload.Failures.Take(20)) + "\n" + nginx.Output);
        var problems = await workload.VerifyAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        var served = cluster.Services.Select((service, i) => StoredDocumentLines(service) - storedBefore[i]).ToList();
        output.WriteLine($"document keys stored through nginx, by instance: {string.Join(", ", served)}");
        Assert.All(served, count => Assert.True(count > 0, $"an instance stored no document key: {string.Join(", ", served)}"));
    }

    // The service logs each document key it stores: how many this instance has.
    private static int StoredDocumentLines(ServiceProcess service) =>
        service.Output.Split('\n').Count(line => line.Contains("Document key", StringComparison.Ordinal) && line.Contains("stored by", StringComparison.Ordinal));

    private IEnumerable<string[]> Rows(string sql) =>
        cluster.Database.Query(sql).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(row => row.Split('|'));

    /// <summary>N service processes over one fresh PostgreSQL database, started at the same moment.</summary>
    public sealed class InstanceGroup : IAsyncLifetime
    {
        public const int Count = 3;

        private readonly string _directory = Path.Combine(Path.GetTempPath(), "recrypt-instances", Guid.NewGuid().ToString("N"));

        public TestDatabase Database { get; } = TestDatabase.For(TestDatabase.PostgreSQL);

        public List<ServiceProcess> Services { get; } = [];

        public async Task InitializeAsync()
        {
            var starting = Enumerable.Range(0, Count).Select(i => ServiceProcess.StartAsync(
                Path.Combine(_directory, $"instance-{i}", "recrypt.db"), ServiceProcess.FreePort(), Database.Arguments)).ToList();
            try
            {
                Services.AddRange(await Task.WhenAll(starting));
            }
            catch
            {
                foreach (var started in starting.Where(task => task.IsCompletedSuccessfully))
                {
                    await started.Result.DisposeAsync();
                }
                throw;
            }
        }

        /// <summary>Starts instance <paramref name="instance"/> again (after a kill) on its port and database.</summary>
        public async Task RestartAsync(int instance)
        {
            var old = Services[instance];
            await old.DisposeAsync();
            Services[instance] = await ServiceProcess.StartAsync(
                Path.Combine(_directory, $"instance-{instance}", "recrypt.db"), old.BaseAddress.Port, Database.Arguments);
        }

        public HttpClient Http(int instance) => new() { BaseAddress = Services[instance].BaseAddress };

        /// <summary>A client of instance <paramref name="instance"/> that signs as <paramref name="identity"/>.</summary>
        public RecryptServiceClient Client(int instance, TestIdentity identity) =>
            new(new HttpClient(new RecryptRequestSigner(TestIdentity.Recrypt, identity.SigningKeyPair, Services[instance].BaseAddress)
            {
                InnerHandler = new SocketsHttpHandler(),
            })
            { BaseAddress = Services[instance].BaseAddress }, TestIdentity.Recrypt);

        public async Task DisposeAsync()
        {
            foreach (var service in Services)
            {
                await service.StopAsync();
                await service.DisposeAsync();
            }
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }
}
