namespace Recrypt;

/// <summary>
/// Why a <see cref="RecryptException"/> was thrown. The values are those of the native library's
/// status codes and never change.
/// </summary>
public enum RecryptError
{
    /// <summary>The bytes are not a canonical encoding of the expected type (length, type tag or framing).</summary>
    MalformedEncoding = 103,

    /// <summary>The encoding has a format version this library does not read.</summary>
    UnsupportedEncodingVersion = 104,

    /// <summary>
    /// The encrypted value has more transform blocks than allowed
    /// (<see cref="TransformEncryption.MaxTransformBlocks"/>).
    /// </summary>
    TooManyTransformBlocks = 105,

    /// <summary>
    /// A public key is not a point on the curve, or a key or result is the point at infinity (for
    /// example the public key of a private key that is zero modulo the group order).
    /// </summary>
    InvalidPublicKey = 200,

    /// <summary>The Ed25519 signature of an encrypted value does not verify: the value was altered.</summary>
    InvalidEncryptedValueSignature = 201,

    /// <summary>The Ed25519 signature of a transform key does not verify: the key was altered.</summary>
    InvalidTransformKeySignature = 202,

    /// <summary>Decryption failed: the private key is not the recipient's, or the value was altered and re-signed.</summary>
    DecryptFailed = 203,

    /// <summary>
    /// The hashed temp key of a transform key is not a point of the order-r subgroup of the twisted
    /// curve (not on the curve at all, or of small order: bytes no implementation produces).
    /// </summary>
    DecodeFailed = 204,

    /// <summary>The public half of an Ed25519 signing key pair does not belong to its seed.</summary>
    InvalidSigningKeyPair = 205,

    /// <summary>The operating system's random source failed.</summary>
    RandomSourceFailed = 300,
}
