// Alice, Bob and Charlie against a Recrypt service, through the Recrypt.Client package: each makes keys
// locally and registers the public halves; Alice grants Bob and encrypts a report once; Bob fetches the
// document key (transformed to him by the service) and decrypts; Charlie is refused; Alice revokes Bob;
// Bob is refused. Usage: dotnet run [service URL] (default $RECRYPT_SERVER, else http://127.0.0.1:5080/).
using System.Net;
using System.Text;
using Recrypt;
using Recrypt.Client;

var service = new Uri(args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("RECRYPT_SERVER") ?? "http://127.0.0.1:5080/");
using var recrypt = new TransformEncryption();

// Identities: keys made here, public halves registered.
using var alice = await Person.RegisterAsync(recrypt, service, "alice");
using var bob = await Person.RegisterAsync(recrypt, service, "bob");
using var charlie = await Person.RegisterAsync(recrypt, service, "charlie");
Console.WriteLine($"Registered alice ({alice.Id}), bob ({bob.Id}) and charlie ({charlie.Id}) with {service}");

// Alice grants Bob: the transform key is made on her side, to Bob's public key as verified by the client.
var bobAsAliceSeesHim = await alice.Client.GetIdentityAsync(bob.Id);
await alice.Client.PutGrantAsync(alice.Id, bob.Id, recrypt.GenerateTransformKey(alice.Keys.PrivateKey, bobAsAliceSeesHim.PublicKey, alice.Signing));
Console.WriteLine("Alice granted Bob access to her documents");

// Alice encrypts once. The document key goes to the service encrypted to herself; the report stays with her.
var report = Encoding.UTF8.GetBytes("Q3 report: revenue up 12%, costs flat. Not for Charlie.");
byte[] encrypted;
using (var plaintext = recrypt.GeneratePlaintext())
using (var key = recrypt.DeriveSymmetricKey(plaintext))
{
    var stored = await alice.Client.CreateDocumentKeyAsync(recrypt.Encrypt(plaintext, alice.Keys.PublicKey, alice.Signing));
    encrypted = DocumentCipher.Encrypt(report, DocumentHeader.Create(key, service.AbsoluteUri, stored.Id, alice.Id), key);
    Console.WriteLine($"Alice encrypted the report ({report.Length} bytes) with document key {stored.Id}");
}

var bobsCopy = await ReadAsync(bob, encrypted);
var ok = bobsCopy is not null && bobsCopy.AsSpan().SequenceEqual(report);
Console.WriteLine(ok ? "Bob decrypted the report: identical" : "Bob could not read the report");
ok &= await ReadAsync(charlie, encrypted) is null;

await alice.Client.RevokeGrantAsync(alice.Id, bob.Id);
Console.WriteLine("Alice revoked Bob");
ok &= await ReadAsync(bob, encrypted) is null;

Console.WriteLine(ok ? "OK: Bob read the report while granted; Charlie never did; Bob cannot after the revoke." : "FAILED");
return ok ? 0 : 1;

// A reader: the header names the document key; the service transforms it to the reader, or refuses (403).
async Task<byte[]?> ReadAsync(Person reader, byte[] document)
{
    var header = DocumentHeader.Read(document);
    DocumentKey<EncryptedValue> documentKey;
    try
    {
        documentKey = await reader.Client.GetDocumentKeyAsync(header.DocumentId);
    }
    catch (RecryptServiceException e) when (e.StatusCode == HttpStatusCode.Forbidden)
    {
        Console.WriteLine($"{reader.Name} is refused: {e.Message}");
        return null;
    }
    using var plaintext = recrypt.Decrypt(documentKey.EncryptedValue, reader.Keys.PrivateKey);
    using var key = recrypt.DeriveSymmetricKey(plaintext);
    return DocumentCipher.Decrypt(document, key);
}

/// <summary>One person: a key pair and a signing key made locally, and a client that signs as them.</summary>
internal sealed class Person : IDisposable
{
    private readonly HttpClient _http;

    private Person(string name, KeyPair keys, SigningKeyPair signing, HttpClient http, RecryptServiceClient client)
    {
        (Name, Keys, Signing, _http, Client) = (name, keys, signing, http, client);
    }

    public string Name { get; }

    public string Id { get; private set; } = "";

    public KeyPair Keys { get; }

    public SigningKeyPair Signing { get; }

    public RecryptServiceClient Client { get; }

    public static async Task<Person> RegisterAsync(TransformEncryption recrypt, Uri service, string name)
    {
        var keys = recrypt.GenerateKeyPair();
        var signing = recrypt.GenerateSigningKeyPair();
        var http = new HttpClient(new RecryptRequestSigner(recrypt, signing, service) { InnerHandler = new HttpClientHandler() }) { BaseAddress = service };
        var person = new Person(name, keys, signing, http, new RecryptServiceClient(http, recrypt));
        person.Id = (await person.Client.RegisterIdentityAsync(keys.PublicKey, signing, name)).Id;
        return person;
    }

    public void Dispose()
    {
        _http.Dispose();
        Keys.Dispose();
        Signing.Dispose();
    }
}
