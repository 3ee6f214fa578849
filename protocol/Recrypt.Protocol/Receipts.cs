using System.Globalization;
using System.Text;

namespace Recrypt.Protocol;

/// <summary>
/// A receipt: the service's signed statement that a grant was made or revoked, naming the audit record
/// that recorded it. The owner keeps it; anyone can later check it with the service's public key.
/// </summary>
/// <param name="Action"><c>grant</c> or <c>revoke</c> (<see cref="Receipts.Grant"/>, <see cref="Receipts.Revoke"/>).</param>
/// <param name="OwnerId">The owner who made or revoked the grant.</param>
/// <param name="GranteeId">The grantee.</param>
/// <param name="At">When the service recorded it (UTC, to the millisecond).</param>
/// <param name="AuditSequence">The audit record's place in the service's hash chain.</param>
/// <param name="AuditHash">The audit record's chain hash, 64 lowercase hex digits.</param>
/// <param name="ServiceKey">The service's Ed25519 public key (<c>GET /service</c>), 32 bytes, base64.</param>
/// <param name="Signature">The service's Ed25519 signature of <see cref="Receipts.Message"/>, 64 bytes, base64.</param>
public sealed record Receipt(
    string Action, string OwnerId, string GranteeId, DateTimeOffset At, long AuditSequence, string AuditHash, byte[] ServiceKey, byte[] Signature);

/// <summary>
/// The receipt format. The signed message is this UTF-8 string, <c>\n</c> between lines, no trailing newline:
/// <code>
/// recrypt-receipt-v1
/// &lt;action: grant or revoke&gt;
/// &lt;owner id&gt;
/// &lt;grantee id&gt;
/// &lt;time, yyyy-MM-ddTHH:mm:ss.fffZ&gt;
/// &lt;audit sequence, decimal&gt;
/// &lt;audit hash, lowercase hex&gt;
/// </code>
/// </summary>
public static class Receipts
{
    /// <summary>The first line of the signed message: the domain separation tag.</summary>
    public const string Tag = "recrypt-receipt-v1";

    /// <summary>The action of a receipt for a grant.</summary>
    public const string Grant = "grant";

    /// <summary>The action of a receipt for a revoke.</summary>
    public const string Revoke = "revoke";

    /// <summary>How a receipt's time is written in its message: UTC, to the millisecond.</summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The message the service signs.</summary>
    /// <param name="action">The action.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="granteeId">The grantee.</param>
    /// <param name="at">When.</param>
    /// <param name="auditSequence">The audit record's sequence.</param>
    /// <param name="auditHash">The audit record's hash, hex.</param>
    /// <returns>The message's bytes.</returns>
    public static byte[] Message(string action, string ownerId, string granteeId, DateTimeOffset at, long auditSequence, string auditHash) =>
        Encoding.UTF8.GetBytes(string.Join('\n',
            Tag, action, ownerId, granteeId, FormatTime(at), auditSequence.ToString(CultureInfo.InvariantCulture), auditHash));

    /// <summary>A receipt signed by <paramref name="serviceKey"/>.</summary>
    /// <param name="recrypt">Makes the signature.</param>
    /// <param name="serviceKey">The service's signing key pair.</param>
    /// <param name="action">The action.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="granteeId">The grantee.</param>
    /// <param name="at">When.</param>
    /// <param name="auditSequence">The audit record's sequence.</param>
    /// <param name="auditHash">The audit record's hash, hex.</param>
    /// <returns>The receipt.</returns>
    public static Receipt Sign(
        TransformEncryption recrypt, SigningKeyPair serviceKey, string action, string ownerId, string granteeId, DateTimeOffset at, long auditSequence, string auditHash)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(serviceKey);
        var signature = recrypt.Ed25519Sign(serviceKey, Message(action, ownerId, granteeId, at, auditSequence, auditHash));
        return new Receipt(action, ownerId, granteeId, at, auditSequence, auditHash, serviceKey.PublicKey.Export(), signature);
    }

    /// <summary>
    /// Whether <paramref name="receipt"/> is signed by its <see cref="Receipt.ServiceKey"/> and, when
    /// <paramref name="expectedServiceKey"/> is given, whether that is the service's key.
    /// </summary>
    /// <param name="recrypt">Verifies the signature.</param>
    /// <param name="receipt">The receipt.</param>
    /// <param name="expectedServiceKey">The service's public key as the caller knows it, if it does.</param>
    /// <returns><see langword="true"/> when everything holds.</returns>
    public static bool Verify(TransformEncryption recrypt, Receipt receipt, PublicSigningKey? expectedServiceKey = null)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.ServiceKey is not { Length: PublicSigningKey.Size } || receipt.Signature is not { Length: TransformEncryption.Ed25519SignatureSize }
            || receipt.Action is null || receipt.OwnerId is null || receipt.GranteeId is null || receipt.AuditHash is null)
        {
            return false;
        }
        var key = PublicSigningKey.Import(receipt.ServiceKey);
        if (expectedServiceKey is not null && key != expectedServiceKey)
        {
            return false;
        }
        return recrypt.Ed25519Verify(key, Message(receipt.Action, receipt.OwnerId, receipt.GranteeId, receipt.At, receipt.AuditSequence, receipt.AuditHash), receipt.Signature);
    }
}
