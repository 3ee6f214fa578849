namespace Recrypt.Interop;

/// <summary>Owns a <c>recrypt_context</c> (<see cref="LeasedHandle"/>: <c>recrypt_context_free</c> waits for calls in flight).</summary>
internal sealed unsafe class ContextHandle : LeasedHandle
{
    /// <summary>A context whose randomness comes from the operating system.</summary>
    internal static ContextHandle Create()
    {
        var owner = new ContextHandle();
        recrypt_context* context;
        Status.ThrowIfFailed(NativeMethods.recrypt_context_new(&context));
        owner.SetHandle((nint)context);
        return owner;
    }

    /// <summary>
    /// An insecure, deterministic context: its random bytes are the keystream of <paramref name="seed"/>.
    /// Only a test build of the native library has it (see <see cref="InsecureSeeded"/>).
    /// </summary>
    internal static ContextHandle CreateInsecureSeeded(ReadOnlySpan<byte> seed)
    {
        var owner = new ContextHandle();
        recrypt_context* context;
        fixed (byte* s = seed)
        {
            Status.ThrowIfFailed(InsecureSeeded.recrypt_context_new_insecure_seeded(s, (nuint)seed.Length, &context));
        }
        owner.SetHandle((nint)context);
        return owner;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.recrypt_context_free((recrypt_context*)handle);
        return true;
    }
}
