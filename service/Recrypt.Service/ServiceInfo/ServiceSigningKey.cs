using System.Security.Cryptography;
using Recrypt.Service.Storage;

namespace Recrypt.Service.ServiceInfo;

/// <summary>The service's own signing key pair, as stored.</summary>
internal sealed class ServiceKeyRecord
{
    public const string SigningKeyId = "signing-key";

    public string Id { get; set; } = SigningKeyId;

    /// <summary>The Ed25519 seed and public key, 64 bytes, sealed with the <see cref="KeyEncryptionKeys"/>.</summary>
    public byte[] SigningKeyPair { get; set; } = [];

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The service's Ed25519 signing key pair, which signs the values it transforms for grantees. Generated
/// at the first start and kept, sealed, in the <c>service</c> collection, so that it survives restarts; clients
/// learn its public half from <c>GET /service</c>.
/// </summary>
internal sealed partial class ServiceSigningKey : IDisposable
{
    public ServiceSigningKey(DatabaseWriter writer, KeyEncryptionKeys keys, TransformEncryption recrypt, TimeProvider time, ILogger<ServiceSigningKey> logger)
    {
        var record = writer.Write(database =>
        {
            // One write: should the file be fresh, the key is generated and stored under the writer, so two
            // starts can never store two keys.
            var records = database.GetCollection<ServiceKeyRecord>(SealedValues.ServiceCollection);
            if (records.FindById(ServiceKeyRecord.SigningKeyId) is { } existing)
            {
                return existing;
            }
            using var generated = recrypt.GenerateSigningKeyPair();
            var exported = generated.Export();
            var created = new ServiceKeyRecord
            {
                SigningKeyPair = keys.Seal(exported, SealedValues.ServiceCollection, ServiceKeyRecord.SigningKeyId),
                CreatedAt = StoredTime.Now(time),
            };
            CryptographicOperations.ZeroMemory(exported);
            records.Insert(created);
            Generated(logger);
            return created;
        });
        var seed = keys.Open(record.SigningKeyPair, SealedValues.ServiceCollection, ServiceKeyRecord.SigningKeyId);
        try
        {
            SigningKeyPair = Recrypt.SigningKeyPair.Import(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public SigningKeyPair SigningKeyPair { get; }

    public PublicSigningKey PublicKey => SigningKeyPair.PublicKey;

    public void Dispose() => SigningKeyPair.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated the service's signing key")]
    private static partial void Generated(ILogger logger);
}
