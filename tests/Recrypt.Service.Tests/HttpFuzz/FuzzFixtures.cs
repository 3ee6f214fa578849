using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Recrypt.Client;

namespace Recrypt.Service.Tests.HttpFuzz;

/// <summary>
/// The data every fuzzed request is a variation of: an owner who granted a grantee and stored a document
/// key, a stranger nobody knows, and an identity not yet registered (for <c>POST /identities</c>).
/// </summary>
internal sealed class FuzzFixtures : IDisposable
{
    private readonly RecryptServiceClient _ownerClient;
    private readonly byte[] _transformKey;
    private readonly byte[] _encryptedValue;

    private FuzzFixtures(Uri baseAddress)
    {
        _ownerClient = ClientFor(Owner, baseAddress);
        _transformKey = Owner.TransformKeyTo(Grantee).Export();
        var (plaintext, value) = Owner.NewDocumentKey();
        plaintext.Dispose();
        _encryptedValue = value.Export();
    }

    public TestIdentity Owner { get; } = new("owner");

    public TestIdentity Grantee { get; } = new("grantee");

    public TestIdentity Stranger { get; } = new("stranger");

    public TestIdentity Unregistered { get; } = new("unregistered");

    public string DocumentId { get; private set; } = "";

    /// <summary>The audience of requests signed for the service under test (its signing key).</summary>
    public string Audience { get; private set; } = "";

    /// <summary>A nonce the owner has already used.</summary>
    public string SpentNonce { get; } = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static async Task<FuzzFixtures> CreateAsync(Uri baseAddress)
    {
        var fixtures = new FuzzFixtures(baseAddress);
        using (var anonymous = new HttpClient { BaseAddress = baseAddress })
        {
            var info = await anonymous.GetFromJsonAsync<Protocol.ServiceInfoResponse>("/service", SignedRequests.Json);
            fixtures.Audience = Protocol.SignedRequest.Audience(PublicSigningKey.Import(info!.SigningPublicKey));
        }
        await fixtures._ownerClient.RegisterIdentityAsync(fixtures.Owner.PublicKey, fixtures.Owner.SigningKeyPair, fixtures.Owner.Name);
        await ClientFor(fixtures.Grantee, baseAddress).RegisterIdentityAsync(fixtures.Grantee.PublicKey, fixtures.Grantee.SigningKeyPair, fixtures.Grantee.Name);
        await fixtures.RepairAsync();

        using var spend = SignedRequests.Create(fixtures.Audience, fixtures.Owner, HttpMethod.Get, $"/identities/{fixtures.Owner.Id}/grants", nonce: fixtures.SpentNonce);
        using var plain = new HttpClient { BaseAddress = baseAddress };
        using var spent = await plain.SendAsync(spend);
        if (spent.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Could not spend a nonce: {spent.StatusCode}");
        }
        return fixtures;
    }

    private static RecryptServiceClient ClientFor(TestIdentity identity, Uri baseAddress) =>
        new(new HttpClient(new RecryptRequestSigner(TestIdentity.Recrypt, identity.SigningKeyPair, baseAddress) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = baseAddress }, TestIdentity.Recrypt);

    /// <summary>Puts back the grant and a document key, after a valid request deleted them.</summary>
    public async Task RepairAsync()
    {
        await _ownerClient.PutGrantAsync(Owner.Id, Grantee.Id, TransformKey.Import(_transformKey));
        DocumentId = (await _ownerClient.CreateDocumentKeyAsync(EncryptedValue.Import(_encryptedValue))).Id;
    }

    /// <summary>The valid value of a path parameter of <paramref name="template"/>.</summary>
    public string ValidPathValue(string template, string name) => name switch
    {
        "ownerId" => Owner.Id,
        "granteeId" => Grantee.Id,
        "id" when template.StartsWith("/documents", StringComparison.Ordinal) => DocumentId,
        _ => Owner.Id,
    };

    /// <summary>The valid value of a body property; a property this fuzzer does not know gets a plausible value of its type.</summary>
    public JsonNode? ValidBodyValue(Operation operation, BodyProperty property) => property.Name switch
    {
        "name" => "fuzzed",
        "publicKey" => Convert.ToBase64String(Unregistered.PublicKey.Export()),
        "signingPublicKey" => Convert.ToBase64String(Unregistered.SigningPublicKey.Export()),
        "transformKey" => Convert.ToBase64String(_transformKey),
        "encryptedValue" => Convert.ToBase64String(_encryptedValue),
        _ => (property.Type, property.Format) switch
        {
            ("string", "byte") => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ("integer", _) or ("number", _) => 1,
            ("boolean", _) => true,
            ("array", _) => new JsonArray(),
            ("object", _) => new JsonObject(),
            _ => "x",
        },
    };

    public void Dispose()
    {
        Owner.Dispose();
        Grantee.Dispose();
        Stranger.Dispose();
        Unregistered.Dispose();
    }
}
