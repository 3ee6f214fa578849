namespace Recrypt.Interop;

/// <summary>Owns a <c>recrypt_prepared_transform_key</c> (<see cref="LeasedHandle"/>; its curve is the public <see cref="PreparedTransformKey"/>'s).</summary>
internal sealed unsafe class PreparedTransformKeyHandle : LeasedHandle
{
    /// <summary>Adopts the key the native library wrote.</summary>
    internal void Adopt(recrypt_prepared_transform_key* key) => SetHandle((nint)key);

    protected override bool ReleaseHandle()
    {
        NativeMethods.recrypt_prepared_transform_key_free((recrypt_prepared_transform_key*)handle);
        return true;
    }
}
