namespace Recrypt.Service.Documents;

/// <summary>A document key as stored: a plaintext encrypted on the owner's client to the owner's own public key.</summary>
internal sealed class DocumentRecord
{
    /// <summary>A random 128-bit id, 32 lowercase hex digits; the document key.</summary>
    public string Id { get; set; } = "";

    public string OwnerId { get; set; } = "";

    /// <summary>The encrypted value as uploaded, canonical encoding, never transformed.</summary>
    public byte[] EncryptedValue { get; set; } = [];

    /// <summary>The version of the owner's key the value is encrypted to.</summary>
    public int KeyVersion { get; set; }

    public DateTime CreatedAt { get; set; }
}
