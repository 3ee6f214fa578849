namespace Recrypt;

/// <summary>Transform keys of one curve in IronCore's JSON shape (see <see cref="TransformKey.FromIronCoreJson"/>).</summary>
internal static class TransformKeyJson<TCurve>
    where TCurve : ICurve
{
    /// <summary>The encoding of the key in <paramref name="json"/>, not yet checked by an engine.</summary>
    internal static byte[] Read(string json, string paramName) => IronCoreJson.Read(json, paramName, root =>
    {
        var encoding = new byte[TransformKeyLayout<TCurve>.Size];
        TransformKeyLayout<TCurve>.WriteFraming(encoding);
        IronCoreJson.ReadPublicKey(root, "ephemeralPublicKey", "", TransformKeyLayout<TCurve>.EphemeralPublicKey.WritableIn(encoding));
        IronCoreJson.ReadPublicKey(root, "toPublicKey", "", TransformKeyLayout<TCurve>.ToPublicKey.WritableIn(encoding));
        IronCoreJson.ReadHex(root, "encryptedTempKey", "", TransformKeyLayout<TCurve>.EncryptedTempKey.WritableIn(encoding));
        IronCoreJson.ReadHex(root, "hashedTempKey", "", TransformKeyLayout<TCurve>.HashedTempKey.WritableIn(encoding));
        IronCoreJson.ReadHex(root, "publicSigningKey", "", TransformKeyLayout<TCurve>.PublicSigningKey.WritableIn(encoding));
        IronCoreJson.ReadHex(root, "signature", "", TransformKeyLayout<TCurve>.Signature.WritableIn(encoding));
        return encoding;
    });

    /// <summary>The key of <paramref name="encoding"/> as JSON, fields in the order IronCore's SDKs emit them.</summary>
    internal static string Write(byte[] encoding) => IronCoreJson.Write(writer =>
    {
        IronCoreJson.WritePublicKey(writer, "toPublicKey", TransformKeyLayout<TCurve>.ToPublicKey.In(encoding));
        IronCoreJson.WritePublicKey(writer, "ephemeralPublicKey", TransformKeyLayout<TCurve>.EphemeralPublicKey.In(encoding));
        IronCoreJson.WriteHex(writer, "encryptedTempKey", TransformKeyLayout<TCurve>.EncryptedTempKey.In(encoding));
        IronCoreJson.WriteHex(writer, "hashedTempKey", TransformKeyLayout<TCurve>.HashedTempKey.In(encoding));
        IronCoreJson.WriteHex(writer, "publicSigningKey", TransformKeyLayout<TCurve>.PublicSigningKey.In(encoding));
        IronCoreJson.WriteHex(writer, "signature", TransformKeyLayout<TCurve>.Signature.In(encoding));
    });

    /// <summary>IronCore's <c>transformKeyToBytes</c> of <paramref name="encoding"/> into <paramref name="destination"/>, which it must fill.</summary>
    internal static void ToIronCoreBytes(ReadOnlySpan<byte> encoding, Span<byte> destination, string paramName)
    {
        Argument.ThrowIfNotSize(destination, TCurve.TransformKeyBytesSize, paramName);
        Engines.RecryptEngines.SharedOf(TCurve.Id).TransformKeyToBytes(encoding, destination);
    }
}
