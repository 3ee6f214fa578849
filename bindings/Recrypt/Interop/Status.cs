using System.Runtime.InteropServices;

namespace Recrypt.Interop;

/// <summary>The one place where native status codes become exceptions.</summary>
internal static unsafe class Status
{
    /// <summary>Throws the exception for <paramref name="status"/> unless it is <c>RECRYPT_STATUS_OK</c>.</summary>
    internal static void ThrowIfFailed(recrypt_status status)
    {
        if (status != recrypt_status.RECRYPT_STATUS_OK)
        {
            throw ToException(status);
        }
    }

    /// <summary>
    /// Whether a call that validates its input accepted it: false when the input explains the
    /// failure (a <see cref="RecryptError"/>); internal errors still throw.
    /// </summary>
    internal static bool Succeeded(recrypt_status status) => status switch
    {
        recrypt_status.RECRYPT_STATUS_OK => true,
        _ when ToError(status) is not null => false,
        _ => throw ToException(status),
    };

    /// <summary>
    /// The exception for a failure: a <see cref="RecryptException"/> for what bad data or a wrong key
    /// causes, and an "internal error" <see cref="InvalidOperationException"/> for what the managed
    /// layer should have prevented (a NULL, a wrong length, a short buffer) or a native panic.
    /// </summary>
    internal static Exception ToException(recrypt_status status) => ToError(status) is { } error
        ? new RecryptException(error, Message(status))
        : new InvalidOperationException(
            $"Internal error in Recrypt: the native library returned {status} ({(int)status}): {Message(status)}");

    /// <summary>The public error for a status that bad data or a wrong key can cause, else null.</summary>
    internal static RecryptError? ToError(recrypt_status status) => status switch
    {
        recrypt_status.RECRYPT_STATUS_MALFORMED_ENCODING => RecryptError.MalformedEncoding,
        recrypt_status.RECRYPT_STATUS_UNSUPPORTED_ENCODING_VERSION => RecryptError.UnsupportedEncodingVersion,
        recrypt_status.RECRYPT_STATUS_TOO_MANY_TRANSFORM_BLOCKS => RecryptError.TooManyTransformBlocks,
        recrypt_status.RECRYPT_STATUS_INVALID_PUBLIC_KEY => RecryptError.InvalidPublicKey,
        recrypt_status.RECRYPT_STATUS_INVALID_ENCRYPTED_VALUE_SIGNATURE => RecryptError.InvalidEncryptedValueSignature,
        recrypt_status.RECRYPT_STATUS_INVALID_TRANSFORM_KEY_SIGNATURE => RecryptError.InvalidTransformKeySignature,
        recrypt_status.RECRYPT_STATUS_DECRYPT_FAILED => RecryptError.DecryptFailed,
        recrypt_status.RECRYPT_STATUS_DECODE_FAILED => RecryptError.DecodeFailed,
        recrypt_status.RECRYPT_STATUS_INVALID_SIGNING_KEY_PAIR => RecryptError.InvalidSigningKeyPair,
        recrypt_status.RECRYPT_STATUS_RANDOM_SOURCE_FAILED => RecryptError.RandomSourceFailed,
        _ => null,
    };

    /// <summary>The library's static message for a status. It never contains key material.</summary>
    internal static string Message(recrypt_status status) =>
        Marshal.PtrToStringUTF8((nint)NativeMethods.recrypt_status_message((int)status)) ?? status.ToString();
}
