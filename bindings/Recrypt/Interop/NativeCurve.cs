namespace Recrypt.Interop;

/// <summary>
/// The C ABI functions of one curve: <c>recrypt_*</c> for <see cref="RecryptCurve.Api256"/>, <c>recrypt480_*</c>
/// for <see cref="RecryptCurve.Api480"/>. Both sets have the same shapes, so <see cref="Native"/> is written
/// once and called with the set of the engine's curve.
/// </summary>
internal sealed unsafe class NativeCurve
{
    internal static readonly NativeCurve Api256 = new()
    {
        Curve = RecryptCurve.Api256,
        GenerateKeyPair = &NativeMethods.recrypt_generate_key_pair,
        ComputePublicKey = &NativeMethods.recrypt_compute_public_key,
        PublicKeyCanonicalize = &NativeMethods.recrypt_public_key_canonicalize,
        AddPrivateKeys = &NativeMethods.recrypt_add_private_keys,
        SubtractPrivateKeys = &NativeMethods.recrypt_subtract_private_keys,
        AugmentPublicKey = &NativeMethods.recrypt_augment_public_key,
        GeneratePlaintext = &NativeMethods.recrypt_generate_plaintext,
        DeriveSymmetricKey = &NativeMethods.recrypt_derive_symmetric_key,
        DerivePrivateKey = &NativeMethods.recrypt_derive_private_key,
        Encrypt = &NativeMethods.recrypt_encrypt,
        Decrypt = &NativeMethods.recrypt_decrypt,
        GenerateTransformKey = &NativeMethods.recrypt_generate_transform_key,
        Transform = &NativeMethods.recrypt_transform,
        PrepareTransformKey = &NativeMethods.recrypt_prepare_transform_key,
        TransformPrepared = &NativeMethods.recrypt_transform_prepared,
        EncryptedValueVerify = &NativeMethods.recrypt_encrypted_value_verify,
        TransformKeyVerify = &NativeMethods.recrypt_transform_key_verify,
        AugmentTransformKey = &NativeMethods.recrypt_augment_transform_key,
        TransformKeyToBytes = &NativeMethods.recrypt_transform_key_to_bytes,
        SchnorrSign = &NativeMethods.recrypt_schnorr_sign,
        SchnorrVerify = &NativeMethods.recrypt_schnorr_verify,
    };

    internal static readonly NativeCurve Api480 = new()
    {
        Curve = RecryptCurve.Api480,
        GenerateKeyPair = &NativeMethods.recrypt480_generate_key_pair,
        ComputePublicKey = &NativeMethods.recrypt480_compute_public_key,
        PublicKeyCanonicalize = &NativeMethods.recrypt480_public_key_canonicalize,
        AddPrivateKeys = &NativeMethods.recrypt480_add_private_keys,
        SubtractPrivateKeys = &NativeMethods.recrypt480_subtract_private_keys,
        AugmentPublicKey = &NativeMethods.recrypt480_augment_public_key,
        GeneratePlaintext = &NativeMethods.recrypt480_generate_plaintext,
        DeriveSymmetricKey = &NativeMethods.recrypt480_derive_symmetric_key,
        DerivePrivateKey = &NativeMethods.recrypt480_derive_private_key,
        Encrypt = &NativeMethods.recrypt480_encrypt,
        Decrypt = &NativeMethods.recrypt480_decrypt,
        GenerateTransformKey = &NativeMethods.recrypt480_generate_transform_key,
        Transform = &NativeMethods.recrypt480_transform,
        PrepareTransformKey = &NativeMethods.recrypt480_prepare_transform_key,
        TransformPrepared = &NativeMethods.recrypt480_transform_prepared,
        EncryptedValueVerify = &NativeMethods.recrypt480_encrypted_value_verify,
        TransformKeyVerify = &NativeMethods.recrypt480_transform_key_verify,
        AugmentTransformKey = &NativeMethods.recrypt480_augment_transform_key,
        TransformKeyToBytes = &NativeMethods.recrypt480_transform_key_to_bytes,
        SchnorrSign = &NativeMethods.recrypt480_schnorr_sign,
        SchnorrVerify = &NativeMethods.recrypt480_schnorr_verify,
    };

    private NativeCurve()
    {
    }

    internal required RecryptCurve Curve { get; init; }

    internal static NativeCurve For(RecryptCurve curve) => curve switch
    {
        RecryptCurve.Api256 => Api256,
        RecryptCurve.Api480 => Api480,
        _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "Not a Recrypt curve."),
    };

    internal required delegate*<recrypt_context*, byte*, nuint, byte*, nuint, recrypt_status> GenerateKeyPair;

    internal required delegate*<byte*, nuint, byte*, nuint, recrypt_status> ComputePublicKey;

    internal required delegate*<byte*, nuint, byte*, nuint, recrypt_status> PublicKeyCanonicalize;

    internal required delegate*<byte*, nuint, byte*, nuint, byte*, nuint, recrypt_status> AddPrivateKeys;

    internal required delegate*<byte*, nuint, byte*, nuint, byte*, nuint, recrypt_status> SubtractPrivateKeys;

    internal required delegate*<byte*, nuint, byte*, nuint, byte*, nuint, recrypt_status> AugmentPublicKey;

    internal required delegate*<recrypt_context*, byte*, nuint, recrypt_status> GeneratePlaintext;

    internal required delegate*<byte*, nuint, byte*, nuint, recrypt_status> DeriveSymmetricKey;

    internal required delegate*<byte*, nuint, byte*, nuint, recrypt_status> DerivePrivateKey;

    internal required delegate*<recrypt_context*, byte*, nuint, byte*, nuint, byte*, nuint, byte*, nuint, nuint*, recrypt_status> Encrypt;

    internal required delegate*<byte*, nuint, nuint, byte*, nuint, byte*, nuint, recrypt_status> Decrypt;

    internal required delegate*<recrypt_context*, byte*, nuint, byte*, nuint, byte*, nuint, byte*, nuint, recrypt_status> GenerateTransformKey;

    internal required delegate*<recrypt_context*, byte*, nuint, nuint, byte*, nuint, byte*, nuint, byte*, nuint, nuint*, recrypt_status> Transform;

    internal required delegate*<byte*, nuint, recrypt_prepared_transform_key**, recrypt_status> PrepareTransformKey;

    internal required delegate*<recrypt_context*, byte*, nuint, nuint, recrypt_prepared_transform_key*, byte*, nuint, byte*, nuint, nuint*, recrypt_status> TransformPrepared;

    internal required delegate*<byte*, nuint, uint*, recrypt_status> EncryptedValueVerify;

    internal required delegate*<byte*, nuint, uint*, recrypt_status> TransformKeyVerify;

    internal required delegate*<byte*, nuint, byte*, nuint, byte*, nuint, recrypt_status> AugmentTransformKey;

    internal required delegate*<byte*, nuint, byte*, nuint, recrypt_status> TransformKeyToBytes;

    internal required delegate*<recrypt_context*, byte*, nuint, byte*, nuint, byte*, nuint, byte*, nuint, recrypt_status> SchnorrSign;

    internal required delegate*<byte*, nuint, byte*, nuint, byte*, nuint, byte*, nuint, uint*, recrypt_status> SchnorrVerify;
}
