namespace Recrypt.Interop;

/// <summary>Owns a <c>recrypt_prepared_transform_key</c> of one curve (<see cref="LeasedHandle"/>).</summary>
internal sealed unsafe class PreparedTransformKeyHandle : LeasedHandle
{
    /// <summary>The key's curve: only that curve's transform takes it.</summary>
    internal required RecryptCurve Curve { get; init; }

    /// <summary>Adopts the key the native library wrote.</summary>
    internal void Adopt(recrypt_prepared_transform_key* key) => SetHandle((nint)key);

    protected override bool ReleaseHandle()
    {
        NativeMethods.recrypt_prepared_transform_key_free((recrypt_prepared_transform_key*)handle);
        return true;
    }
}
