using LiteDB;
using Recrypt.Service.Storage;

namespace Recrypt.Service.ServiceInfo;

/// <summary>The service's own signing key pair, as stored.</summary>
internal sealed class ServiceKeyRecord
{
    public const string SigningKeyId = "signing-key";

    public string Id { get; set; } = SigningKeyId;

    /// <summary>The Ed25519 seed and public key, 64 bytes.</summary>
    public byte[] SigningKeyPair { get; set; } = [];

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The service's Ed25519 signing key pair, which signs the values it transforms for grantees. Generated
/// at the first start and kept in the <c>service</c> collection, so that it survives restarts; clients
/// learn its public half from <c>GET /service</c>.
/// </summary>
internal sealed partial class ServiceSigningKey : IDisposable
{
    public ServiceSigningKey(ILiteDatabase database, TransformEncryption recrypt, TimeProvider time, ILogger<ServiceSigningKey> logger)
    {
        var keys = database.GetCollection<ServiceKeyRecord>("service");
        var record = keys.FindById(ServiceKeyRecord.SigningKeyId);
        if (record is null)
        {
            using var generated = recrypt.GenerateSigningKeyPair();
            var candidate = new ServiceKeyRecord { SigningKeyPair = generated.Export(), CreatedAt = StoredTime.Now(time) };
            // Insert, not upsert: should two processes race on a fresh file, the second one reads the first's key.
            try
            {
                keys.Insert(candidate);
                record = candidate;
                Generated(logger);
            }
            catch (LiteException exception) when (exception.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
            {
                record = keys.FindById(ServiceKeyRecord.SigningKeyId);
            }
        }
        SigningKeyPair = Recrypt.SigningKeyPair.Import(record.SigningKeyPair);
    }

    public SigningKeyPair SigningKeyPair { get; }

    public PublicSigningKey PublicKey => SigningKeyPair.PublicKey;

    public void Dispose() => SigningKeyPair.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated the service's signing key")]
    private static partial void Generated(ILogger logger);
}
