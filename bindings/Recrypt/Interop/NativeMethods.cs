using System.Security.Cryptography;

namespace Recrypt.Interop;

internal static unsafe partial class NativeMethods
{
    /// <summary>
    /// Runs once, before the first call into the library: checks that the loaded library implements
    /// the ABI these bindings were generated for, then that it agrees with the generated size
    /// constants. A failure surfaces as a <see cref="TypeInitializationException"/> whose inner
    /// exception says what is wrong.
    /// </summary>
    static NativeMethods()
    {
        if (CheckAbiVersion(recrypt_abi_version()) is { } mismatch)
        {
            throw mismatch;
        }
        SelfTest();
    }

    /// <summary>The exception for a library that implements another ABI version, or null.</summary>
    internal static InvalidOperationException? CheckAbiVersion(uint loaded) => loaded == RECRYPT_ABI_VERSION
        ? null
        : new InvalidOperationException(
            $"The native library {LibraryName} implements ABI version {loaded}, but these bindings were generated " +
            $"for ABI version {RECRYPT_ABI_VERSION}. Use the native library built from the same sources as the bindings.");

    /// <summary>A few known answers that tie the generated constants to the loaded library.</summary>
    private static void SelfTest()
    {
        // RECRYPT_HASH_LEN: SHA-256 of "abc", and a buffer one byte short is refused.
        ReadOnlySpan<byte> abc = "abc"u8;
        Span<byte> hash = stackalloc byte[RECRYPT_HASH_LEN];
        fixed (byte* data = abc)
        fixed (byte* output = hash)
        {
            Expect(recrypt_hash256(data, (nuint)abc.Length, output, (nuint)hash.Length) == recrypt_status.RECRYPT_STATUS_OK
                && hash.SequenceEqual(SHA256.HashData(abc)), "SHA-256 of \"abc\"");
            Expect(recrypt_hash256(data, (nuint)abc.Length, output, (nuint)hash.Length - 1) == recrypt_status.RECRYPT_STATUS_BUFFER_TOO_SMALL,
                "RECRYPT_HASH_LEN");
        }

        // RECRYPT_PRIVATE_KEY_LEN and RECRYPT_PUBLIC_KEY_LEN: the public key of 1 is the generator (1, 2).
        Span<byte> one = stackalloc byte[RECRYPT_PRIVATE_KEY_LEN + 1];
        one[RECRYPT_PRIVATE_KEY_LEN - 1] = 1;
        Span<byte> publicKey = stackalloc byte[RECRYPT_PUBLIC_KEY_LEN];
        fixed (byte* privateKey = one)
        fixed (byte* output = publicKey)
        {
            Expect(recrypt_compute_public_key(privateKey, RECRYPT_PRIVATE_KEY_LEN, output, RECRYPT_PUBLIC_KEY_LEN) == recrypt_status.RECRYPT_STATUS_OK
                && publicKey[RECRYPT_PUBLIC_KEY_LEN / 2 - 1] == 1 && publicKey[RECRYPT_PUBLIC_KEY_LEN - 1] == 2, "public key of 1");
            Expect(recrypt_compute_public_key(privateKey, RECRYPT_PRIVATE_KEY_LEN + 1, output, RECRYPT_PUBLIC_KEY_LEN) == recrypt_status.RECRYPT_STATUS_INVALID_LENGTH,
                "RECRYPT_PRIVATE_KEY_LEN");
        }

        // RECRYPT_PLAINTEXT_LEN and RECRYPT_SYMMETRIC_KEY_LEN: the symmetric key of a plaintext is its SHA-256.
        Span<byte> plaintext = stackalloc byte[RECRYPT_PLAINTEXT_LEN];
        plaintext.Clear();
        Span<byte> symmetricKey = stackalloc byte[RECRYPT_SYMMETRIC_KEY_LEN];
        fixed (byte* input = plaintext)
        fixed (byte* output = symmetricKey)
        {
            Expect(recrypt_derive_symmetric_key(input, RECRYPT_PLAINTEXT_LEN, output, RECRYPT_SYMMETRIC_KEY_LEN) == recrypt_status.RECRYPT_STATUS_OK
                && symmetricKey.SequenceEqual(SHA256.HashData(plaintext)), "symmetric key of a plaintext");
            Expect(recrypt_derive_symmetric_key(input, RECRYPT_PLAINTEXT_LEN - 1, output, RECRYPT_SYMMETRIC_KEY_LEN) == recrypt_status.RECRYPT_STATUS_INVALID_LENGTH,
                "RECRYPT_PLAINTEXT_LEN");
        }
    }

    private static void Expect(bool passed, string what)
    {
        if (!passed)
        {
            throw new InvalidOperationException(
                $"The native library {LibraryName} (ABI version {RECRYPT_ABI_VERSION}) failed its load-time self-test ({what}): " +
                "the library and the bindings were built from different sources.");
        }
    }
}
