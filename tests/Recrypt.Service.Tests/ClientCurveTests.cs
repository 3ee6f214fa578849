using System.Net;
using Recrypt.Client;
using Recrypt.Protocol;

namespace Recrypt.Service.Tests;

/// <summary>
/// The client library follows the deployment's curve: <see cref="RecryptServiceClient480"/> does on an Api480 service
/// what <see cref="RecryptServiceClient"/> does on an Api256 one, and a client of one curve refuses a service of the
/// other with a <see cref="CurveMismatchException"/> before it sends a key or a value.
/// </summary>
public sealed class ClientCurveTests
{
    private static readonly TransformEncryption480 s_recrypt480 = new();

    [Fact]
    public async Task TheApi480ClientRunsTheStoryOnAnApi480Service()
    {
        using var factory = new RecryptServiceFactory { Curve = RecryptCurve.Api480 };
        using var alice = s_recrypt480.GenerateKeyPair();
        using var bob = s_recrypt480.GenerateKeyPair();
        using var aliceSigning = s_recrypt480.GenerateSigningKeyPair();
        using var bobSigning = s_recrypt480.GenerateSigningKeyPair();
        var aliceClient = new RecryptServiceClient480(factory.CreateSignedHttpClient(aliceSigning), s_recrypt480);
        var bobClient = new RecryptServiceClient480(factory.CreateSignedHttpClient(bobSigning), s_recrypt480);
        Assert.Equal(RecryptCurve.Api480, aliceClient.Curve);
        Assert.Equal(RecryptCurve.Api480, (await aliceClient.GetServiceInfoAsync()).Curve);

        var aliceInfo = await aliceClient.RegisterIdentityAsync(alice.PublicKey, aliceSigning, "alice");
        var bobInfo = await bobClient.RegisterIdentityAsync(bob.PublicKey, bobSigning, "bob");
        IdentityInfo<PublicKey480> fetched = await aliceClient.GetIdentityAsync(bobInfo.Id);
        Assert.Equal(bob.PublicKey, fetched.PublicKey);
        Assert.Single(await aliceClient.ListKeyVersionsAsync(aliceInfo.Id));

        // Grant, encrypt once, Bob decrypts the transformed value (single and batch); revoke, and Bob is refused.
        await aliceClient.PutGrantAsync(aliceInfo.Id, bobInfo.Id, s_recrypt480.GenerateTransformKey(alice.PrivateKey, fetched.PublicKey, aliceSigning));
        using var plaintext = s_recrypt480.GeneratePlaintext();
        var stored = await aliceClient.CreateDocumentKeyAsync(s_recrypt480.Encrypt(plaintext, alice.PublicKey, aliceSigning));
        DocumentKey<EncryptedValue480> forBob = await bobClient.GetDocumentKeyAsync(stored.Id);
        using (var decrypted = s_recrypt480.Decrypt(forBob.EncryptedValue, bob.PrivateKey))
        {
            Assert.Equal(plaintext.Export(), decrypted.Export());
        }
        var batch = Assert.Single(await bobClient.GetDocumentKeysAsync([stored.Id]));
        Assert.Equal(200, batch.StatusCode);
        await aliceClient.RevokeGrantAsync(aliceInfo.Id, bobInfo.Id);
        var refused = await Assert.ThrowsAsync<RecryptServiceException>(() => bobClient.GetDocumentKeyAsync(stored.Id));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // Groups: Alice's group with Bob in it, granted; Bob reads through it.
        var group = await aliceClient.CreateGroupAsync("team", alice.PublicKey, aliceSigning);
        await aliceClient.AddGroupMemberAsync(group.Id, bobInfo.Id, alice.PrivateKey, aliceSigning);
        await aliceClient.PutGrantAsync(aliceInfo.Id, group.Id, s_recrypt480.GenerateTransformKey(alice.PrivateKey, group.PublicKey, aliceSigning));
        using (var throughGroup = s_recrypt480.Decrypt((await bobClient.GetDocumentKeyAsync(stored.Id)).EncryptedValue, bob.PrivateKey))
        {
            Assert.Equal(plaintext.Export(), throughGroup.Export());
        }
        Assert.Equal(2, (await aliceClient.RotateGroupKeyAsync(group.Id, alice.PrivateKey, aliceSigning)).KeyVersion);

        // Rotation: a new Api480 key; Alice's document key follows it.
        using var next = s_recrypt480.GenerateKeyPair();
        var rotated = await KeyRotation.RotateAsync(
            aliceClient, new KeyRotationKeys480(aliceSigning, alice.PrivateKey, 1, next.PrivateKey, next.PublicKey));
        Assert.Equal(2, rotated.KeyVersion);
        Assert.Equal(1, rotated.DocumentKeysReencrypted);
        using var again = s_recrypt480.Decrypt((await aliceClient.GetDocumentKeyAsync(stored.Id)).EncryptedValue, next.PrivateKey);
        Assert.Equal(plaintext.Export(), again.Export());
    }

    [Fact]
    public async Task AnApi256ClientRefusesAnApi480ServiceBeforeSendingAKey()
    {
        using var factory = new RecryptServiceFactory { Curve = RecryptCurve.Api480 };
        using var alice = new TestIdentity();
        var recording = new RecordingHandler(factory.Server.CreateHandler());
        var signed = factory.CreateSignedHttpClient(alice);
        var client = new RecryptServiceClient(new HttpClient(recording) { BaseAddress = factory.Server.BaseAddress }, TestIdentity.Recrypt);

        var error = await Assert.ThrowsAsync<CurveMismatchException>(() => client.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, "alice"));
        Assert.Equal(RecryptCurve.Api480, error.ServiceCurve);
        Assert.Equal(RecryptCurve.Api256, error.ClientCurve);
        Assert.Contains("uses Api480; this client was made for Api256", error.Message, StringComparison.Ordinal);
        Assert.Contains("use RecryptServiceClient480 with an Api480 identity", error.Message, StringComparison.Ordinal);
        Assert.Contains(factory.Server.BaseAddress.ToString(), error.Message, StringComparison.Ordinal);

        // It asked what the service is, and sent nothing else; the answer is kept: no second question.
        const string AskedForTheService = "GET http://localhost/service\n";
        Assert.Contains(AskedForTheService, recording.Requests, StringComparison.Ordinal);
        Assert.DoesNotContain("POST", recording.Requests, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CurveMismatchException>(() => client.CreateDocumentKeyAsync(EncryptedValueFor(alice)));
        Assert.Single(recording.Requests.Split(AskedForTheService).Skip(1));
        using var lookup = await signed.GetAsync(new Uri($"identities/{alice.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task AnApi480ClientRefusesAnApi256Service()
    {
        using var factory = new RecryptServiceFactory();
        using var keys = s_recrypt480.GenerateKeyPair();
        using var signing = s_recrypt480.GenerateSigningKeyPair();
        var client = new RecryptServiceClient480(factory.CreateSignedHttpClient(signing), s_recrypt480);

        Assert.Equal(RecryptCurve.Api256, (await client.GetServiceInfoAsync()).Curve);
        var error = await Assert.ThrowsAsync<CurveMismatchException>(() => client.RegisterIdentityAsync(keys.PublicKey, signing));
        Assert.Equal(RecryptCurve.Api256, error.ServiceCurve);
        Assert.Equal(RecryptCurve.Api480, error.ClientCurve);
        Assert.Contains("uses Api256; this client was made for Api480: use RecryptServiceClient with an Api256 identity", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CurveMismatchException>(() => client.GetIdentityAsync(IdentityId.FromSigningKey(signing.PublicKey)));

        // A call that carries no key is the service's to answer (here: this identity is not registered), not a mismatch.
        var unregistered = await Assert.ThrowsAsync<RecryptServiceException>(() => client.ListGroupsAsync());
        Assert.IsNotType<CurveMismatchException>(unregistered);
        Assert.Equal(HttpStatusCode.Unauthorized, unregistered.StatusCode);
    }

    private static EncryptedValue EncryptedValueFor(TestIdentity identity)
    {
        using var plaintext = TestIdentity.Recrypt.GeneratePlaintext();
        return TestIdentity.Recrypt.Encrypt(plaintext, identity.PublicKey, identity.SigningKeyPair);
    }
}
