using System.Net;
using Recrypt.Client;

namespace Recrypt.LoadTest;

/// <summary>
/// One simulated person: a recrypt key pair and an Ed25519 signing key made here, and a
/// <see cref="RecryptServiceClient"/> whose every request is signed by a <see cref="RecryptRequestSigner"/>,
/// exactly as an application built on Recrypt.Client does.
/// </summary>
public sealed class LoadClient : IDisposable
{
    private readonly HttpClient _http;

    private LoadClient(TransformEncryption recrypt, HttpMessageHandler transport, Uri service, string name)
    {
        Recrypt = recrypt;
        Name = name;
        (PrivateKey, PublicKey) = recrypt.GenerateKeyPair();
        SigningKeyPair = recrypt.GenerateSigningKeyPair();
        var signer = new RecryptRequestSigner(recrypt, SigningKeyPair, service) { InnerHandler = transport };
        _http = new HttpClient(signer, disposeHandler: false) { BaseAddress = service, Timeout = TimeSpan.FromSeconds(60) };
        Service = new RecryptServiceClient(_http, recrypt);
        Id = signer.IdentityId;
    }

    public TransformEncryption Recrypt { get; }

    public string Name { get; }

    public string Id { get; }

    public PrivateKey PrivateKey { get; }

    public PublicKey PublicKey { get; }

    public SigningKeyPair SigningKeyPair { get; }

    public RecryptServiceClient Service { get; }

    /// <summary>One connection pool for every simulated client of a run: loopback connections are cheap, sockets are not.</summary>
    public static SocketsHttpHandler CreateTransport() => new()
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    };

    /// <summary>Makes a client; <see cref="RegisterAsync"/> registers it.</summary>
    public static LoadClient Create(TransformEncryption recrypt, HttpMessageHandler transport, Uri service, string name) =>
        new(recrypt, transport, service, name);

    public async Task RegisterAsync(CancellationToken cancellationToken = default) =>
        await Service.RegisterIdentityAsync(PublicKey, SigningKeyPair, Name, cancellationToken).ConfigureAwait(false);

    /// <summary>A new document key for this client: a plaintext encrypted (and signed) to itself.</summary>
    public EncryptedValue NewDocumentValue() => NewDocumentKey().Value;

    /// <summary>A new document key for this client, with its plaintext (to check what the service answers).</summary>
    public (byte[] Plaintext, EncryptedValue Value) NewDocumentKey()
    {
        using var plaintext = Recrypt.GeneratePlaintext();
        return (plaintext.Export(), Recrypt.Encrypt(plaintext, PublicKey, SigningKeyPair));
    }

    public void Dispose()
    {
        _http.Dispose();
        PrivateKey.Dispose();
        SigningKeyPair.Dispose();
    }
}
