using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Recrypt.Client;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// Groups on both providers, through the client library: a member fetches an owner's document key transformed
/// owner → group → member and decrypts it; removal, revocation and rotation take effect at once; only admins
/// change a group; a batch answers each item; and a removed member is never served after the removal was
/// acknowledged, while fetches race the membership changes.
/// </summary>
public sealed class GroupsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AMemberFetchesThroughTheGroupUntilRemovedOrRevoked(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("alice");
        using var bob = new TestIdentity("bob");
        using var charlie = new TestIdentity("charlie");
        using var dana = new TestIdentity("dana");
        using var eve = new TestIdentity("eve");
        var (aliceClient, bobClient, charlieClient, danaClient, eveClient) = (
            await factory.RegisterAsync(alice), await factory.RegisterAsync(bob), await factory.RegisterAsync(charlie),
            await factory.RegisterAsync(dana), await factory.RegisterAsync(eve));

        var group = await aliceClient.CreateGroupAsync("care team", alice.PublicKey, alice.SigningKeyPair);
        await aliceClient.AddGroupMemberAsync(group.Id, bob.Id, alice.PrivateKey, alice.SigningKeyPair);
        var verified = await danaClient.GetGroupAsync(group.Id);
        Assert.Equal(group.PublicKey, verified.PublicKey);
        Assert.Null(verified.Admins); // Dana is neither admin nor member
        await danaClient.PutGrantAsync(dana.Id, group.Id, TestIdentity.Recrypt.GenerateTransformKey(dana.PrivateKey, verified.PublicKey, dana.SigningKeyPair));
        Assert.Equal("group", Assert.Single(await danaClient.ListGrantsAsync(dana.Id)).GranteeKind);
        var (plaintext, value) = dana.NewDocumentKey();
        using (plaintext)
        {
            var document = await danaClient.CreateDocumentKeyAsync(value);

            // Bob, a member: two transform blocks, signed by the service, decrypting to Dana's plaintext.
            var fetched = await bobClient.GetDocumentKeyAsync(document.Id);
            Assert.Equal(2, fetched.EncryptedValue.TransformBlocks.Count);
            using (var decrypted = TestIdentity.Recrypt.Decrypt(fetched.EncryptedValue, bob.PrivateKey))
            {
                Assert.True(decrypted == plaintext);
            }

            // Charlie is no member; Bob, no admin, cannot add him.
            await AssertStatusAsync(HttpStatusCode.Forbidden, () => charlieClient.GetDocumentKeyAsync(document.Id));
            using (var bobHttp = factory.CreateSignedHttpClient(bob))
            {
                var transformKey = TestIdentity.Recrypt.GenerateTransformKey(bob.PrivateKey, charlie.PublicKey, bob.SigningKeyPair);
                using var refused = await bobHttp.PutAsJsonAsync($"/groups/{group.Id}/members/{charlie.Id}", new { transformKey = transformKey.Export(), groupKeyVersion = 1 });
                await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden");
            }

            // Bob is removed: refused at once. Eve, added later, fetches the key stored before she joined.
            await aliceClient.RemoveGroupMemberAsync(group.Id, bob.Id);
            await AssertStatusAsync(HttpStatusCode.Forbidden, () => bobClient.GetDocumentKeyAsync(document.Id));
            await aliceClient.AddGroupMemberAsync(group.Id, eve.Id, alice.PrivateKey, alice.SigningKeyPair);
            using (var decrypted = TestIdentity.Recrypt.Decrypt((await eveClient.GetDocumentKeyAsync(document.Id)).EncryptedValue, eve.PrivateKey))
            {
                Assert.True(decrypted == plaintext);
            }
            Assert.Equal([eve.Id], (await aliceClient.GetGroupAsync(group.Id)).Members!.Select(member => member.IdentityId));
            Assert.True(Assert.Single(await eveClient.ListGroupsAsync()).IsMember);

            // Dana revokes the group: Eve is refused.
            await danaClient.RevokeGrantAsync(dana.Id, group.Id);
            await AssertStatusAsync(HttpStatusCode.Forbidden, () => eveClient.GetDocumentKeyAsync(document.Id));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RotationRekeysMembersAndOwnersGrantTheGroupAgain(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("alice");
        using var bob = new TestIdentity("bob");
        using var dana = new TestIdentity("dana");
        var (aliceClient, bobClient, danaClient) = (await factory.RegisterAsync(alice), await factory.RegisterAsync(bob), await factory.RegisterAsync(dana));
        var group = await aliceClient.CreateGroupAsync("project", alice.PublicKey, alice.SigningKeyPair);
        await aliceClient.AddGroupMemberAsync(group.Id, bob.Id, alice.PrivateKey, alice.SigningKeyPair);
        var oldKey = group.PublicKey;
        await danaClient.PutGrantAsync(dana.Id, group.Id, TestIdentity.Recrypt.GenerateTransformKey(dana.PrivateKey, oldKey, dana.SigningKeyPair));
        var (plaintext, value) = dana.NewDocumentKey();
        plaintext.Dispose();
        var document = await danaClient.CreateDocumentKeyAsync(value);
        await bobClient.GetDocumentKeyAsync(document.Id);

        var rotated = await aliceClient.RotateGroupKeyAsync(group.Id, alice.PrivateKey, alice.SigningKeyPair);

        // The new key, certified by the rotating admin; Bob's membership carried over; Alice still recovers the key.
        Assert.Equal(2, rotated.KeyVersion);
        Assert.NotEqual(oldKey, rotated.PublicKey);
        using (var recovered = aliceClient.RecoverGroupKey(await aliceClient.GetGroupAsync(group.Id), alice.PrivateKey))
        {
            Assert.Equal(rotated.PublicKey, TestIdentity.Recrypt.ComputePublicKey(recovered));
        }
        // Dana's grant targets the superseded key: it serves no one until she grants the group again, and the old key is refused.
        await AssertStatusAsync(HttpStatusCode.Forbidden, () => bobClient.GetDocumentKeyAsync(document.Id));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, () => danaClient.PutGrantAsync(
            dana.Id, group.Id, TestIdentity.Recrypt.GenerateTransformKey(dana.PrivateKey, oldKey, dana.SigningKeyPair)));
        var again = await danaClient.GetGroupAsync(group.Id);
        await danaClient.PutGrantAsync(dana.Id, group.Id, TestIdentity.Recrypt.GenerateTransformKey(dana.PrivateKey, again.PublicKey, dana.SigningKeyPair));
        Assert.Equal(2, (await bobClient.GetDocumentKeyAsync(document.Id)).EncryptedValue.TransformBlocks.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ABatchOfAHundredAnswersEachItem(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("alice");
        using var bob = new TestIdentity("bob");
        using var dana = new TestIdentity("dana");
        using var frank = new TestIdentity("frank");
        var (aliceClient, bobClient, danaClient, frankClient) = (
            await factory.RegisterAsync(alice), await factory.RegisterAsync(bob), await factory.RegisterAsync(dana), await factory.RegisterAsync(frank));
        var group = await aliceClient.CreateGroupAsync("readers", alice.PublicKey, alice.SigningKeyPair);
        await aliceClient.AddGroupMemberAsync(group.Id, bob.Id, alice.PrivateKey, alice.SigningKeyPair);
        await danaClient.PutGrantAsync(dana.Id, group.Id, TestIdentity.Recrypt.GenerateTransformKey(dana.PrivateKey, group.PublicKey, dana.SigningKeyPair));
        await frankClient.PutGrantAsync(frank.Id, bob.Id, frank.TransformKeyTo(bob));

        // 40 of Dana's (through the group), 20 of Frank's (a direct grant), 20 of Alice's (no grant: 403),
        // 10 unknown ids (404), 5 of Bob's own, 5 malformed ids (400), shuffled.
        var expected = new List<(string Id, HttpStatusCode Status, Plaintext? Plaintext, int Blocks)>();
        async Task StoreAsync(TestIdentity owner, RecryptServiceClient client, int count, HttpStatusCode status, int blocks)
        {
            for (var i = 0; i < count; i++)
            {
                var (plaintext, value) = owner.NewDocumentKey();
                expected.Add(((await client.CreateDocumentKeyAsync(value)).Id, status, plaintext, blocks));
            }
        }
        await StoreAsync(dana, danaClient, 40, HttpStatusCode.OK, 2);
        await StoreAsync(frank, frankClient, 20, HttpStatusCode.OK, 1);
        await StoreAsync(alice, aliceClient, 20, HttpStatusCode.Forbidden, 0);
        await StoreAsync(bob, bobClient, 5, HttpStatusCode.OK, 0);
        expected.AddRange(Enumerable.Range(0, 10).Select(_ => (Guid.NewGuid().ToString("N"), HttpStatusCode.NotFound, (Plaintext?)null, 0)));
        expected.AddRange(Enumerable.Range(0, 5).Select(i => ($"NOT-AN-ID-{i}", HttpStatusCode.BadRequest, (Plaintext?)null, 0)));
        expected = [.. expected.OrderBy(_ => Random.Shared.Next())];
        Assert.Equal(100, expected.Count);

        var results = await bobClient.GetDocumentKeysAsync(expected.Select(item => item.Id));

        Assert.Equal(expected.Select(item => item.Id), results.Select(result => result.Id));
        foreach (var (item, result) in expected.Zip(results))
        {
            Assert.Equal((int)item.Status, result.StatusCode);
            if (item.Status != HttpStatusCode.OK)
            {
                Assert.Null(result.DocumentKey);
                Assert.StartsWith("urn:recrypt:problem:", result.ProblemType, StringComparison.Ordinal);
                continue;
            }
            Assert.Equal(item.Blocks, result.DocumentKey!.EncryptedValue.TransformBlocks.Count);
            using var decrypted = TestIdentity.Recrypt.Decrypt(result.DocumentKey.EncryptedValue, bob.PrivateKey);
            Assert.True(decrypted == item.Plaintext);
        }
        foreach (var item in expected)
        {
            item.Plaintext?.Dispose();
        }

        // More than the batch size is refused whole.
        await AssertStatusAsync(HttpStatusCode.BadRequest, () => bobClient.GetDocumentKeysAsync(Enumerable.Range(0, 101).Select(_ => Guid.NewGuid().ToString("N"))));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARemovedMemberIsNeverServedAfterTheRemovalIsAcknowledged(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("alice");
        using var bob = new TestIdentity("bob");
        using var dana = new TestIdentity("dana");
        var (aliceClient, bobClient, danaClient) = (await factory.RegisterAsync(alice), await factory.RegisterAsync(bob), await factory.RegisterAsync(dana));
        var group = await aliceClient.CreateGroupAsync("racing", alice.PublicKey, alice.SigningKeyPair);
        await danaClient.PutGrantAsync(dana.Id, group.Id, TestIdentity.Recrypt.GenerateTransformKey(dana.PrivateKey, group.PublicKey, dana.SigningKeyPair));
        var (plaintext, value) = dana.NewDocumentKey();
        plaintext.Dispose();
        var document = await danaClient.CreateDocumentKeyAsync(value);

        var served = 0;
        for (var round = 0; round < 3; round++)
        {
            await aliceClient.AddGroupMemberAsync(group.Id, bob.Id, alice.PrivateKey, alice.SigningKeyPair);
            long acknowledged = long.MaxValue;
            using var stop = new CancellationTokenSource();
            // Two fetchers race the removal; each fetch notes when it started and whether it was served.
            var fetchers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                var outcomes = new List<(long Started, bool Served)>();
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await bobClient.GetDocumentKeyAsync(document.Id);
                        outcomes.Add((started, true));
                    }
                    catch (RecryptServiceException e) when (e.StatusCode == HttpStatusCode.Forbidden)
                    {
                        outcomes.Add((started, false));
                    }
                    await Task.Delay(10); // stays well inside the per-identity rate limit of fetches
                }
                return outcomes;
            })).ToList();
            await Task.Delay(150);
            await aliceClient.RemoveGroupMemberAsync(group.Id, bob.Id);
            Interlocked.Exchange(ref acknowledged, Stopwatch.GetTimestamp());
            await Task.Delay(150);
            await stop.CancelAsync();

            var outcomes = (await Task.WhenAll(fetchers)).SelectMany(list => list).ToList();
            Assert.DoesNotContain(outcomes, outcome => outcome.Started > acknowledged && outcome.Served);
            Assert.Contains(outcomes, outcome => outcome.Started > acknowledged);
            served += outcomes.Count(outcome => outcome.Served);
        }
        Assert.True(served > 0, "No fetch was served before a removal: the race was not run.");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryGroupChangeIsCheckedAndARefusedOneChangesNothing(string provider)
    {
        using var factory = new RecryptServiceFactory(provider);
        using var alice = new TestIdentity("alice");
        using var bob = new TestIdentity("bob");
        var aliceClient = await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        var group = await aliceClient.CreateGroupAsync("checked", alice.PublicKey, alice.SigningKeyPair);
        await aliceClient.AddGroupMemberAsync(group.Id, bob.Id, alice.PrivateKey, alice.SigningKeyPair);
        using var http = factory.CreateSignedHttpClient(alice);
        using var groupKey = aliceClient.RecoverGroupKey(await aliceClient.GetGroupAsync(group.Id), alice.PrivateKey);
        var before = DatabaseSnapshot.Take(factory);

        // A transform key to someone else's key; one for a stale group key version; the last admin; a rotation that forgets Bob.
        var toAlice = TestIdentity.Recrypt.GenerateTransformKey(groupKey, alice.PublicKey, alice.SigningKeyPair).Export();
        var toBob = TestIdentity.Recrypt.GenerateTransformKey(groupKey, bob.PublicKey, alice.SigningKeyPair).Export();
        using (var wrongTarget = await http.PutAsJsonAsync($"/groups/{group.Id}/members/{bob.Id}", new { transformKey = toAlice, groupKeyVersion = 1 }))
        {
            await ProblemAssert.IsProblemAsync(wrongTarget, HttpStatusCode.UnprocessableEntity, "cryptographic-check-failed");
        }
        using (var stale = await http.PutAsJsonAsync($"/groups/{group.Id}/members/{bob.Id}", new { transformKey = toBob, groupKeyVersion = 2 }))
        {
            await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.Conflict, "conflict");
        }
        using (var lastAdmin = await http.DeleteAsync(new Uri($"/groups/{group.Id}/admins/{alice.Id}", UriKind.Relative)))
        {
            await ProblemAssert.IsProblemAsync(lastAdmin, HttpStatusCode.Conflict, "conflict");
        }
        using var plaintext = TestIdentity.Recrypt.GeneratePlaintext();
        using var newKey = TestIdentity.Recrypt.DerivePrivateKey(plaintext);
        var newPublicKey = TestIdentity.Recrypt.ComputePublicKey(newKey);
        using (var forgetful = await http.PostAsJsonAsync($"/groups/{group.Id}/keys", new
        {
            keyVersion = 2,
            publicKey = newPublicKey.Export(),
            keyCertificate = Protocol.GroupKeyCertificate.Sign(TestIdentity.Recrypt, alice.SigningKeyPair, group.Id, 2, newPublicKey),
            admins = new[] { new { identityId = alice.Id, encryptedPlaintext = TestIdentity.Recrypt.Encrypt(plaintext, alice.PublicKey, alice.SigningKeyPair).Export() } },
            members = Array.Empty<object>(),
        }))
        {
            await ProblemAssert.IsProblemAsync(forgetful, HttpStatusCode.Conflict, "conflict");
        }
        using (var unknown = await http.DeleteAsync(new Uri($"/groups/{bob.Id}/members/{bob.Id}", UriKind.Relative)))
        {
            await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        }

        Assert.Equal(before, DatabaseSnapshot.Take(factory));
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RecryptServiceException>(call);
        Assert.Equal(expected, e.StatusCode);
    }
}
