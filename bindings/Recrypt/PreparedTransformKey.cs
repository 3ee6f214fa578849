namespace Recrypt;

/// <summary>
/// A transform key decoded and checked once, for a party that applies the same key to many values: a key
/// service above all. A transform with it skips what a transform of the key's encoding does on every call
/// (decoding the key, checking that its points lie on the curve and in their groups, and verifying its
/// signature), about a sixth of an Api256 transform, and gives exactly the same result.
/// </summary>
/// <remarks>
/// <para>
/// Make one with <see cref="TransformEncryption.PrepareTransformKey(TransformKey)"/> (or the
/// <see cref="TransformEncryption480"/> namesake) and use it with that class's <c>Transform</c> overloads on
/// any instance of the same curve and backend (<see cref="Curve"/>, <see cref="Backend"/>), from any number of
/// threads at once. It holds no secret: a transform key lets its holder transform values, never decrypt them.
/// </para>
/// <para>
/// Dispose it when it is no longer needed: on the native backend it owns unmanaged memory. A transform that
/// is running when it is disposed finishes; transforms started afterwards throw <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public sealed class PreparedTransformKey : IDisposable
{
    private readonly IDisposable _engineKey;

    internal PreparedTransformKey(IDisposable engineKey, RecryptBackend backend, RecryptCurve curve)
    {
        _engineKey = engineKey;
        Backend = backend;
        Curve = curve;
    }

    /// <summary>The curve of the key: only that curve's <c>Transform</c> takes it.</summary>
    public RecryptCurve Curve { get; }

    /// <summary>The backend that prepared the key: only an instance on the same backend takes it.</summary>
    public RecryptBackend Backend { get; }

    /// <summary>The engine's own prepared key, for an engine of <see cref="Backend"/> and <see cref="Curve"/>.</summary>
    internal IDisposable EngineKey => _engineKey;

    /// <summary>Frees the key (its unmanaged memory, on the native backend) once no transform is using it.</summary>
    public void Dispose() => _engineKey.Dispose();

    /// <summary>The key's curve and backend (a prepared key has no encoding of its own).</summary>
    public override string ToString() => $"PreparedTransformKey ({Curve}, {Backend})";
}
