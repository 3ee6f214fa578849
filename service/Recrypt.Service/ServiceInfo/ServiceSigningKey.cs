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
/// at the first start and kept, sealed, in the <see cref="IServiceKeyStore"/>, so that it survives restarts and
/// every instance over one database signs with the same key; clients learn its public half from <c>GET /service</c>.
/// </summary>
internal sealed partial class ServiceSigningKey : IDisposable
{
    public ServiceSigningKey(IServiceKeyStore store, KeyEncryptionKeys keys, TransformEncryption recrypt, TimeProvider time, ILogger<ServiceSigningKey> logger)
    {
        var (record, created) = store.GetOrCreate(() =>
        {
            using var generated = recrypt.GenerateSigningKeyPair();
            var exported = generated.Export();
            try
            {
                return new ServiceKeyRecord
                {
                    SigningKeyPair = keys.Seal(exported, SealedValues.ServiceCollection, ServiceKeyRecord.SigningKeyId),
                    CreatedAt = StoredTime.Now(time),
                };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(exported);
            }
        });
        if (created)
        {
            Generated(logger);
        }
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
