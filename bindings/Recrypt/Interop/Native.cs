using System.Runtime.InteropServices;

namespace Recrypt.Interop;

/// <summary>
/// The native calls in span form: each pins its buffers, makes one call, and turns the status into
/// an exception through <see cref="Status"/> (the <c>Try</c> methods return the status instead).
/// Callers validate arguments first and size every output exactly; this layer checks nothing itself.
/// The members that depend on the curve take the curve's functions (<see cref="NativeCurve"/>).
/// </summary>
internal static unsafe class Native
{
    internal static uint AbiVersion() => NativeMethods.recrypt_abi_version();

    internal static string LibraryVersion() => Marshal.PtrToStringUTF8((nint)NativeMethods.recrypt_version())!;

    // Keys

    internal static void GenerateKeyPair(NativeCurve curve, ContextHandle context, Span<byte> privateKey, Span<byte> publicKey)
    {
        using var lease = context.Borrow();
        fixed (byte* sk = privateKey)
        fixed (byte* pk = publicKey)
        {
            Status.ThrowIfFailed(curve.GenerateKeyPair(
                (recrypt_context*)lease.Pointer, sk, (nuint)privateKey.Length, pk, (nuint)publicKey.Length));
        }
    }

    internal static void ComputePublicKey(NativeCurve curve, ReadOnlySpan<byte> privateKey, Span<byte> publicKey) =>
        Status.ThrowIfFailed(Call(curve.ComputePublicKey, privateKey, publicKey));

    internal static recrypt_status TryCanonicalizePublicKey(NativeCurve curve, ReadOnlySpan<byte> publicKey, Span<byte> canonical) =>
        Call(curve.PublicKeyCanonicalize, publicKey, canonical);

    internal static void AddPrivateKeys(NativeCurve curve, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum) =>
        Status.ThrowIfFailed(Call(curve.AddPrivateKeys, a, b, sum));

    internal static void SubtractPrivateKeys(NativeCurve curve, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> difference) =>
        Status.ThrowIfFailed(Call(curve.SubtractPrivateKeys, a, b, difference));

    internal static void AugmentPublicKey(NativeCurve curve, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum) =>
        Status.ThrowIfFailed(Call(curve.AugmentPublicKey, a, b, sum));

    // Plaintexts

    internal static void GeneratePlaintext(NativeCurve curve, ContextHandle context, Span<byte> plaintext) =>
        Status.ThrowIfFailed(Call(curve.GeneratePlaintext, context, plaintext));

    internal static void DeriveSymmetricKey(NativeCurve curve, ReadOnlySpan<byte> plaintext, Span<byte> symmetricKey) =>
        Status.ThrowIfFailed(Call(curve.DeriveSymmetricKey, plaintext, symmetricKey));

    internal static void DerivePrivateKey(NativeCurve curve, ReadOnlySpan<byte> plaintext, Span<byte> privateKey) =>
        Status.ThrowIfFailed(Call(curve.DerivePrivateKey, plaintext, privateKey));

    // Encryption and transformation

    internal static void Encrypt(
        NativeCurve curve, ContextHandle context, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signingKeyPair,
        Span<byte> encryptedValue) =>
        CallWithLength(curve.Encrypt, context, plaintext, publicKey, signingKeyPair, encryptedValue);

    internal static void Decrypt(NativeCurve curve, ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, ReadOnlySpan<byte> privateKey, Span<byte> plaintext)
    {
        fixed (byte* e = encryptedValue)
        fixed (byte* k = privateKey)
        fixed (byte* o = plaintext)
        {
            Status.ThrowIfFailed(curve.Decrypt(
                e, (nuint)encryptedValue.Length, (nuint)maxTransformBlocks, k, (nuint)privateKey.Length, o, (nuint)plaintext.Length));
        }
    }

    internal static void GenerateTransformKey(
        NativeCurve curve, ContextHandle context, ReadOnlySpan<byte> fromPrivateKey, ReadOnlySpan<byte> toPublicKey, ReadOnlySpan<byte> signingKeyPair,
        Span<byte> transformKey) =>
        Status.ThrowIfFailed(Call(curve.GenerateTransformKey, context, fromPrivateKey, toPublicKey, signingKeyPair, transformKey));

    internal static void Transform(
        NativeCurve curve, ContextHandle context, ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, ReadOnlySpan<byte> transformKey,
        ReadOnlySpan<byte> signingKeyPair, Span<byte> transformed)
    {
        nuint length;
        using (var lease = context.Borrow())
        {
            fixed (byte* e = encryptedValue)
            fixed (byte* k = transformKey)
            fixed (byte* s = signingKeyPair)
            fixed (byte* o = transformed)
            {
                Status.ThrowIfFailed(curve.Transform(
                    (recrypt_context*)lease.Pointer, e, (nuint)encryptedValue.Length, (nuint)maxTransformBlocks, k, (nuint)transformKey.Length,
                    s, (nuint)signingKeyPair.Length, o, (nuint)transformed.Length, &length));
            }
        }
        CheckWrittenLength(length, transformed);
    }

    internal static PreparedTransformKeyHandle PrepareTransformKey(NativeCurve curve, ReadOnlySpan<byte> transformKey)
    {
        var owner = new PreparedTransformKeyHandle();
        recrypt_prepared_transform_key* key;
        fixed (byte* k = transformKey)
        {
            Status.ThrowIfFailed(curve.PrepareTransformKey(k, (nuint)transformKey.Length, &key));
        }
        owner.Adopt(key);
        return owner;
    }

    internal static void TransformPrepared(
        NativeCurve curve, ContextHandle context, ReadOnlySpan<byte> encryptedValue, int maxTransformBlocks, PreparedTransformKeyHandle transformKey,
        ReadOnlySpan<byte> signingKeyPair, Span<byte> transformed)
    {
        nuint length;
        using (var lease = context.Borrow())
        using (var key = transformKey.Borrow())
        {
            fixed (byte* e = encryptedValue)
            fixed (byte* s = signingKeyPair)
            fixed (byte* o = transformed)
            {
                Status.ThrowIfFailed(curve.TransformPrepared(
                    (recrypt_context*)lease.Pointer, e, (nuint)encryptedValue.Length, (nuint)maxTransformBlocks,
                    (recrypt_prepared_transform_key*)key.Pointer, s, (nuint)signingKeyPair.Length, o, (nuint)transformed.Length, &length));
            }
        }
        CheckWrittenLength(length, transformed);
    }

    internal static recrypt_status TryVerifyEncryptedValue(NativeCurve curve, ReadOnlySpan<byte> encryptedValue, out bool signatureIsValid) =>
        Call(curve.EncryptedValueVerify, encryptedValue, out signatureIsValid);

    internal static recrypt_status TryVerifyTransformKey(NativeCurve curve, ReadOnlySpan<byte> transformKey, out bool signatureIsValid) =>
        Call(curve.TransformKeyVerify, transformKey, out signatureIsValid);

    internal static void AugmentTransformKey(NativeCurve curve, ReadOnlySpan<byte> transformKey, ReadOnlySpan<byte> privateKey, Span<byte> augmented) =>
        Status.ThrowIfFailed(Call(curve.AugmentTransformKey, transformKey, privateKey, augmented));

    internal static void TransformKeyToBytes(NativeCurve curve, ReadOnlySpan<byte> transformKey, Span<byte> bytes) =>
        Status.ThrowIfFailed(Call(curve.TransformKeyToBytes, transformKey, bytes));

    // Signatures and hashing

    internal static void GenerateSigningKeyPair(ContextHandle context, Span<byte> signingKeyPair) =>
        Status.ThrowIfFailed(Call(&NativeMethods.recrypt_generate_signing_key_pair, context, signingKeyPair));

    internal static void ComputePublicSigningKey(ReadOnlySpan<byte> signingKeyPair, Span<byte> publicSigningKey) =>
        Status.ThrowIfFailed(Call(&NativeMethods.recrypt_compute_public_signing_key, signingKeyPair, publicSigningKey));

    internal static void Ed25519Sign(ReadOnlySpan<byte> signingKeyPair, ReadOnlySpan<byte> message, Span<byte> signature) =>
        Status.ThrowIfFailed(Call(&NativeMethods.recrypt_ed25519_sign, signingKeyPair, message, signature));

    internal static bool Ed25519Verify(ReadOnlySpan<byte> publicSigningKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        uint valid;
        fixed (byte* k = publicSigningKey)
        fixed (byte* m = message)
        fixed (byte* s = signature)
        {
            Status.ThrowIfFailed(NativeMethods.recrypt_ed25519_verify(
                k, (nuint)publicSigningKey.Length, m, (nuint)message.Length, s, (nuint)signature.Length, &valid));
        }
        return valid != 0;
    }

    internal static bool Ed25519PublicKeyIsValid(ReadOnlySpan<byte> publicSigningKey)
    {
        uint valid;
        fixed (byte* k = publicSigningKey)
        {
            Status.ThrowIfFailed(NativeMethods.recrypt_ed25519_public_key_is_valid(k, (nuint)publicSigningKey.Length, &valid));
        }
        return valid != 0;
    }

    internal static void Hash256(ReadOnlySpan<byte> data, Span<byte> hash) =>
        Status.ThrowIfFailed(Call(&NativeMethods.recrypt_hash256, data, hash));

    internal static void SchnorrSign(
        NativeCurve curve, ContextHandle context, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message,
        Span<byte> signature) =>
        Status.ThrowIfFailed(Call(curve.SchnorrSign, context, privateKey, publicKey, message, signature));

    internal static bool SchnorrVerify(
        NativeCurve curve, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> augmentingPrivateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        uint valid;
        fixed (byte* pk = publicKey)
        fixed (byte* sk = augmentingPrivateKey)
        fixed (byte* m = message)
        fixed (byte* s = signature)
        {
            Status.ThrowIfFailed(curve.SchnorrVerify(
                pk, (nuint)publicKey.Length, sk, (nuint)augmentingPrivateKey.Length, m, (nuint)message.Length,
                s, (nuint)signature.Length, &valid));
        }
        return valid != 0;
    }

    // The shapes shared by several exports: inputs as (pointer, length), one fixed-size output as
    // (pointer, capacity), the context first where randomness is drawn.

    private static recrypt_status Call(
        delegate*<byte*, nuint, byte*, nuint, recrypt_status> function, ReadOnlySpan<byte> input, Span<byte> output)
    {
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            return function(i, (nuint)input.Length, o, (nuint)output.Length);
        }
    }

    private static recrypt_status Call(
        delegate*<byte*, nuint, byte*, nuint, byte*, nuint, recrypt_status> function,
        ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output)
    {
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        fixed (byte* o = output)
        {
            return function(pa, (nuint)a.Length, pb, (nuint)b.Length, o, (nuint)output.Length);
        }
    }

    private static recrypt_status Call(
        delegate*<byte*, nuint, uint*, recrypt_status> function, ReadOnlySpan<byte> input, out bool result)
    {
        uint value;
        recrypt_status status;
        fixed (byte* i = input)
        {
            status = function(i, (nuint)input.Length, &value);
        }
        result = status == recrypt_status.RECRYPT_STATUS_OK && value != 0;
        return status;
    }

    private static recrypt_status Call(
        delegate*<recrypt_context*, byte*, nuint, recrypt_status> function, ContextHandle context, Span<byte> output)
    {
        using var lease = context.Borrow();
        fixed (byte* o = output)
        {
            return function((recrypt_context*)lease.Pointer, o, (nuint)output.Length);
        }
    }

    private static recrypt_status Call(
        delegate*<recrypt_context*, byte*, nuint, byte*, nuint, byte*, nuint, byte*, nuint, recrypt_status> function,
        ContextHandle context, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> output)
    {
        using var lease = context.Borrow();
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        fixed (byte* pc = c)
        fixed (byte* o = output)
        {
            return function((recrypt_context*)lease.Pointer, pa, (nuint)a.Length, pb, (nuint)b.Length, pc, (nuint)c.Length, o, (nuint)output.Length);
        }
    }

    /// <summary>A call with a variable-size output, which the caller has sized exactly.</summary>
    private static void CallWithLength(
        delegate*<recrypt_context*, byte*, nuint, byte*, nuint, byte*, nuint, byte*, nuint, nuint*, recrypt_status> function,
        ContextHandle context, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> output)
    {
        nuint length;
        using (var lease = context.Borrow())
        {
            fixed (byte* pa = a)
            fixed (byte* pb = b)
            fixed (byte* pc = c)
            fixed (byte* o = output)
            {
                Status.ThrowIfFailed(function(
                    (recrypt_context*)lease.Pointer, pa, (nuint)a.Length, pb, (nuint)b.Length, pc, (nuint)c.Length, o, (nuint)output.Length, &length));
            }
        }
        CheckWrittenLength(length, output);
    }

    private static void CheckWrittenLength(nuint length, Span<byte> output)
    {
        if (length != (nuint)output.Length)
        {
            throw new InvalidOperationException(
                $"Internal error in Recrypt: the native library wrote {length} bytes where {output.Length} were expected.");
        }
    }
}
