namespace Recrypt;

/// <summary>The message of each <see cref="RecryptError"/>: IronCore's recrypt's text, the same whichever engine failed.</summary>
internal static class RecryptErrors
{
    internal static string Message(RecryptError error) => error switch
    {
        RecryptError.MalformedEncoding => "The bytes are not a canonical encoding of the expected type.",
        RecryptError.UnsupportedEncodingVersion => "The encoding has a format version this library does not read.",
        RecryptError.InvalidPublicKey => "The public key was not valid. Ensure it was generated from a valid PrivateKey.",
        RecryptError.InvalidEncryptedValueSignature => "The signature of the encrypted value could not be verified.",
        RecryptError.InvalidTransformKeySignature => "The transform key signature was incorrect.",
        RecryptError.DecryptFailed => "The decryption failed. Ensure you're using the correct PrivateKey.",
        RecryptError.DecodeFailed => "The bytes could not be decoded into the appropriate data type.",
        RecryptError.InvalidSigningKeyPair => "The signing public key provided was invalid.",
        RecryptError.RandomSourceFailed => "The operating system's random source failed.",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "Not a Recrypt error."),
    };

    internal static RecryptException Exception(RecryptError error) => new(error, Message(error));
}
