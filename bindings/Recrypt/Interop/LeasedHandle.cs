using System.Runtime.InteropServices;

namespace Recrypt.Interop;

/// <summary>
/// Owns one native object. Calls borrow its pointer through a <see cref="Lease"/>, whose reference count keeps
/// the object from being freed while a call is in flight; <see cref="SafeHandle.Dispose()"/> refuses new leases.
/// </summary>
internal abstract class LeasedHandle : SafeHandle
{
    protected LeasedHandle()
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    // SafeHandle marks itself closed only when its last reference is released, so while callers keep
    // overlapping leases a disposed handle would never look closed. Dispose therefore records the
    // request here, and no new lease is granted after it; calls already in flight finish, and the
    // native object is freed when the last of them returns its lease.
    private volatile bool _disposeRequested;

    /// <summary>Whether <see cref="SafeHandle.Dispose()"/> has been called.</summary>
    internal bool IsDisposeRequested => _disposeRequested;

    /// <summary>Borrows the object for one call; throws <see cref="ObjectDisposedException"/> once disposal was requested.</summary>
    internal Lease Borrow() => new(this);

    protected override void Dispose(bool disposing)
    {
        _disposeRequested = true;
        base.Dispose(disposing);
    }

    /// <summary>The object's pointer, valid until the lease is disposed.</summary>
    internal readonly ref struct Lease
    {
        private readonly LeasedHandle _owner;

        internal Lease(LeasedHandle owner)
        {
            ObjectDisposedException.ThrowIf(owner._disposeRequested, owner);
            var added = false;
            owner.DangerousAddRef(ref added);
            _owner = owner;
            Pointer = owner.DangerousGetHandle();
        }

        internal nint Pointer { get; }

        public void Dispose() => _owner.DangerousRelease();
    }
}
