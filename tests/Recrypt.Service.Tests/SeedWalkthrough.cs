using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Recrypt.Service.Tests;

/// <summary>
/// The prototype's README walkthrough, sent as curl sends it: <c>curl URL</c> for the GETs and
/// <c>curl -d "[...]" -H 'Content-Type: application/json' -X POST URL</c> for the POSTs (a body with no
/// trailing newline, <c>Accept: */*</c>, curl's User-Agent).
/// </summary>
public sealed class SeedWalkthrough(HttpClient http)
{
    public async Task<(HttpStatusCode Status, string Body)> CurlGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        return await SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, string Body)> CurlPostAsync(string path, string data)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes(data)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        return await SendAsync(request);
    }

    /// <summary>Plays the whole walkthrough, asserting every answer.</summary>
    public async Task PlayAsync()
    {
        // 1. Alice, Bob and Charlie create identities.
        var (aliceId, alicePk) = await CreateIdentityAsync();
        var (bobId, bobPk) = await CreateIdentityAsync();
        var (charlieId, charliePk) = await CreateIdentityAsync();

        // 2. Alice grants Bob access; she keeps the signature to revoke later.
        var (status, body) = await CurlPostAsync($"/grant_access/{aliceId}/{bobId}", alicePk);
        Assert.Equal(HttpStatusCode.OK, status);
        using var transformKey = JsonDocument.Parse(body);
        string[] fields = ["ephemeral_public_key_x", "ephemeral_public_key_y", "to_public_key_x", "to_public_key_y", "encrypted_temp_key", "hashed_temp_key", "public_signing_key", "signature"];
        Assert.Equal(fields, transformKey.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal([32, 32, 32, 32, 384, 128, 32, 64], fields.Select(field => transformKey.RootElement.GetProperty(field).GetArrayLength()));
        var signature = transformKey.RootElement.GetProperty("signature").GetRawText();
        Assert.Matches(@"^\[(\d{1,3},){63}\d{1,3}\]$", signature);

        // 3. Alice creates a symmetric key.
        (status, body) = await CurlGetAsync($"/create_sym_key/{aliceId}");
        Assert.Equal(HttpStatusCode.OK, status);
        using var symmetricKey = JsonDocument.Parse(body);
        Assert.Equal(["uuid", "sk"], symmetricKey.RootElement.EnumerateObject().Select(property => property.Name));
        var keyId = symmetricKey.RootElement.GetProperty("uuid").GetString();
        var sk = symmetricKey.RootElement.GetProperty("sk").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", sk);

        // 4. Bob gets the same symmetric key; so does Alice.
        (status, body) = await CurlPostAsync($"/get_sym_key/{bobId}/{aliceId}/{keyId}", bobPk);
        Assert.Equal((HttpStatusCode.OK, sk), (status, body));
        (status, body) = await CurlPostAsync($"/get_sym_key/{aliceId}/{aliceId}/{keyId}", alicePk);
        Assert.Equal((HttpStatusCode.OK, sk), (status, body));

        // 5. Charlie, never granted, is refused; so is Bob's uuid with Charlie's key.
        (status, _) = await CurlPostAsync($"/get_sym_key/{charlieId}/{aliceId}/{keyId}", charliePk);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, _) = await CurlPostAsync($"/get_sym_key/{bobId}/{aliceId}/{keyId}", charliePk);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        // A revoke with the wrong signature is refused and changes nothing.
        var wrongSignature = "[" + string.Join(',', Enumerable.Repeat(7, 64)) + "]";
        (status, _) = await CurlPostAsync($"/revoke_access/{aliceId}/{bobId}", wrongSignature);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, body) = await CurlPostAsync($"/get_sym_key/{bobId}/{aliceId}/{keyId}", bobPk);
        Assert.Equal((HttpStatusCode.OK, sk), (status, body));

        // 6. Alice revokes Bob with the grant's signature.
        (status, body) = await CurlPostAsync($"/revoke_access/{aliceId}/{bobId}", signature);
        Assert.Equal((HttpStatusCode.OK, ""), (status, body));

        // 7. Bob is refused; a second revoke finds no grant.
        (status, _) = await CurlPostAsync($"/get_sym_key/{bobId}/{aliceId}/{keyId}", bobPk);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, _) = await CurlPostAsync($"/revoke_access/{aliceId}/{bobId}", signature);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    /// <summary><c>curl /create_identity</c>: the uuid and the private key exactly as the JSON array the README pastes into <c>-d</c>.</summary>
    public async Task<(string Uuid, string PrivateKeyArray)> CreateIdentityAsync()
    {
        var (status, body) = await CurlGetAsync("/create_identity");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches(@"^\{""uuid"":""[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"",""pk"":\[(\d{1,3},){31}\d{1,3}\]\}$", body);
        using var identity = JsonDocument.Parse(body);
        return (identity.RootElement.GetProperty("uuid").GetString()!, identity.RootElement.GetProperty("pk").GetRawText());
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        request.Headers.UserAgent.ParseAdd("curl/7.88.1");
        request.Headers.Accept.ParseAdd("*/*");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
