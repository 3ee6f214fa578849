using Recrypt.Interop;

namespace Recrypt;

/// <summary>The descriptor of <see cref="RecryptCurve.Api256"/>.</summary>
internal sealed class Curve256 : ICurve
{
    private Curve256()
    {
    }

    public static RecryptCurve Id => RecryptCurve.Api256;

    public static int PrivateKeySize => NativeMethods.RECRYPT_PRIVATE_KEY_LEN;

    public static int PublicKeySize => NativeMethods.RECRYPT_PUBLIC_KEY_LEN;

    public static int Fp12Size => NativeMethods.RECRYPT_FP12_LEN;

    public static int SchnorrSignatureSize => NativeMethods.RECRYPT_SCHNORR_SIGNATURE_LEN;

    public static int HashedTempKeySize => NativeMethods.RECRYPT_HASHED_TEMP_KEY_LEN;

    public static int EncryptedValueBaseSize => NativeMethods.RECRYPT_ENCRYPTED_VALUE_BASE_LEN;

    public static int TransformBlockSize => NativeMethods.RECRYPT_TRANSFORM_BLOCK_LEN;

    public static int TransformKeySize => NativeMethods.RECRYPT_TRANSFORM_KEY_LEN;

    public static int TransformKeyBytesSize => NativeMethods.RECRYPT_TRANSFORM_KEY_BYTES_LEN;

    public static byte EncryptedValueTag => NativeMethods.RECRYPT_TAG_ENCRYPTED_VALUE;

    public static byte TransformKeyTag => NativeMethods.RECRYPT_TAG_TRANSFORM_KEY;
}
