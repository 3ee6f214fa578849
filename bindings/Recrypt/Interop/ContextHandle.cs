using System.Runtime.InteropServices;

namespace Recrypt.Interop;

/// <summary>
/// Owns a <c>recrypt_context</c>. Calls borrow the pointer through a <see cref="Lease"/>, whose
/// reference count keeps <c>recrypt_context_free</c> from running while a call is in flight.
/// </summary>
internal sealed unsafe class ContextHandle : SafeHandle
{
    internal ContextHandle()
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

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

    // SafeHandle marks itself closed only when its last reference is released, so while callers keep
    // overlapping leases a disposed handle would never look closed. Dispose therefore records the
    // request here, and no new lease is granted after it; calls already in flight finish, and the
    // native context is freed when the last of them returns its lease.
    private volatile bool _disposeRequested;

    /// <summary>Whether <see cref="SafeHandle.Dispose()"/> has been called.</summary>
    internal bool IsDisposeRequested => _disposeRequested;

    /// <summary>Borrows the context for one call; throws <see cref="ObjectDisposedException"/> once disposal was requested.</summary>
    internal Lease Borrow() => new(this);

    protected override void Dispose(bool disposing)
    {
        _disposeRequested = true;
        base.Dispose(disposing);
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.recrypt_context_free((recrypt_context*)handle);
        return true;
    }

    /// <summary>The context pointer, valid until <see cref="Dispose"/>.</summary>
    internal readonly ref struct Lease
    {
        private readonly ContextHandle _owner;

        internal Lease(ContextHandle owner)
        {
            ObjectDisposedException.ThrowIf(owner._disposeRequested, owner);
            var added = false;
            owner.DangerousAddRef(ref added);
            _owner = owner;
            Pointer = (recrypt_context*)owner.DangerousGetHandle();
        }

        internal recrypt_context* Pointer { get; }

        public void Dispose() => _owner.DangerousRelease();
    }
}
