using Recrypt.Interop;

namespace Recrypt;

/// <summary>The descriptor of <see cref="RecryptCurve.Api480"/>.</summary>
internal sealed class Curve480 : ICurve
{
    private Curve480()
    {
    }

    public static RecryptCurve Id => RecryptCurve.Api480;

    public static int PrivateKeySize => NativeMethods.RECRYPT480_PRIVATE_KEY_LEN;

    public static int PublicKeySize => NativeMethods.RECRYPT480_PUBLIC_KEY_LEN;

    public static int Fp12Size => NativeMethods.RECRYPT480_FP12_LEN;

    public static int SchnorrSignatureSize => NativeMethods.RECRYPT480_SCHNORR_SIGNATURE_LEN;

    public static int HashedTempKeySize => NativeMethods.RECRYPT480_HASHED_TEMP_KEY_LEN;

    public static int EncryptedValueBaseSize => NativeMethods.RECRYPT480_ENCRYPTED_VALUE_BASE_LEN;

    public static int TransformBlockSize => NativeMethods.RECRYPT480_TRANSFORM_BLOCK_LEN;

    public static int TransformKeySize => NativeMethods.RECRYPT480_TRANSFORM_KEY_LEN;

    public static int TransformKeyBytesSize => NativeMethods.RECRYPT480_TRANSFORM_KEY_BYTES_LEN;

    public static byte EncryptedValueTag => NativeMethods.RECRYPT480_TAG_ENCRYPTED_VALUE;

    public static byte TransformKeyTag => NativeMethods.RECRYPT480_TAG_TRANSFORM_KEY;
}
