namespace Recrypt;

/// <summary>
/// What distinguishes one of the schemes (<see cref="RecryptCurve"/>) in the .NET layer: the sizes and
/// type tags of its encodings, all from the constants the C ABI exports. The public types of each
/// curve and the layouts of its encodings are written once, generic over this descriptor.
/// </summary>
internal interface ICurve
{
    static abstract RecryptCurve Id { get; }

    static abstract int PrivateKeySize { get; }

    /// <summary>x ‖ y of a point of G1.</summary>
    static abstract int PublicKeySize { get; }

    /// <summary>An element of F_p12 (plaintexts, encrypted messages, encrypted temp keys).</summary>
    static abstract int Fp12Size { get; }

    static abstract int SchnorrSignatureSize { get; }

    /// <summary>A point of the twisted curve, x ‖ y.</summary>
    static abstract int HashedTempKeySize { get; }

    static abstract int EncryptedValueBaseSize { get; }

    static abstract int TransformBlockSize { get; }

    static abstract int TransformKeySize { get; }

    /// <summary>The size of IronCore's <c>transformKeyToBytes</c>.</summary>
    static abstract int TransformKeyBytesSize { get; }

    static abstract byte EncryptedValueTag { get; }

    static abstract byte TransformKeyTag { get; }
}
