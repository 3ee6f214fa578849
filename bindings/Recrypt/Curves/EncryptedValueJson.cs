namespace Recrypt;

/// <summary>Encrypted values of one curve in IronCore's JSON shape (see <see cref="EncryptedValue.FromIronCoreJson"/>).</summary>
internal static class EncryptedValueJson<TCurve>
    where TCurve : ICurve
{
    /// <summary>The encoding of the value in <paramref name="json"/>, not yet checked by an engine.</summary>
    internal static byte[] Read(string json, string paramName) => IronCoreJson.Read(json, paramName, root =>
    {
        var blocks = IronCoreJson.Array(root, "transformBlocks", "");
        var count = blocks.GetArrayLength();
        if (count > EncryptedValueLayout<TCurve>.MaxBlocks)
        {
            throw new FormatException(
                $"The field 'transformBlocks' has {count} blocks; an encrypted value carries at most {EncryptedValueLayout<TCurve>.MaxBlocks}.");
        }
        var encoding = new byte[EncryptedValueLayout<TCurve>.SizeFor(count)];
        EncryptedValueLayout<TCurve>.WriteFraming(encoding, count);
        IronCoreJson.ReadPublicKey(root, "ephemeralPublicKey", "", EncryptedValueLayout<TCurve>.EphemeralPublicKey.WritableIn(encoding));
        IronCoreJson.ReadHex(root, "encryptedMessage", "", EncryptedValueLayout<TCurve>.EncryptedMessage.WritableIn(encoding));
        IronCoreJson.ReadHex(root, "authHash", "", EncryptedValueLayout<TCurve>.AuthHash.WritableIn(encoding));
        IronCoreJson.ReadHex(root, "publicSigningKey", "", EncryptedValueLayout<TCurve>.PublicSigningKey.WritableIn(encoding));
        IronCoreJson.ReadHex(root, "signature", "", EncryptedValueLayout<TCurve>.Signature.WritableIn(encoding));
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var path = $"transformBlocks[{index}].";
            var bytes = EncryptedValueLayout<TCurve>.Block(index++).WritableIn(encoding);
            IronCoreJson.ReadPublicKey(block, "publicKey", path, EncryptedValueLayout<TCurve>.BlockPublicKey.WritableIn(bytes));
            IronCoreJson.ReadHex(block, "encryptedTempKey", path, EncryptedValueLayout<TCurve>.BlockEncryptedTempKey.WritableIn(bytes));
            IronCoreJson.ReadPublicKey(block, "randomTransformPublicKey", path, EncryptedValueLayout<TCurve>.BlockRandomTransformPublicKey.WritableIn(bytes));
            IronCoreJson.ReadHex(
                block, "randomTransformEncryptedTempKey", path, EncryptedValueLayout<TCurve>.BlockRandomTransformEncryptedTempKey.WritableIn(bytes));
        }
        return encoding;
    });

    /// <summary>The value of <paramref name="encoding"/> as JSON, fields in the order IronCore's SDKs emit them.</summary>
    internal static string Write(byte[] encoding) => IronCoreJson.Write(writer =>
    {
        IronCoreJson.WritePublicKey(writer, "ephemeralPublicKey", EncryptedValueLayout<TCurve>.EphemeralPublicKey.In(encoding));
        IronCoreJson.WriteHex(writer, "encryptedMessage", EncryptedValueLayout<TCurve>.EncryptedMessage.In(encoding));
        IronCoreJson.WriteHex(writer, "authHash", EncryptedValueLayout<TCurve>.AuthHash.In(encoding));
        IronCoreJson.WriteHex(writer, "publicSigningKey", EncryptedValueLayout<TCurve>.PublicSigningKey.In(encoding));
        IronCoreJson.WriteHex(writer, "signature", EncryptedValueLayout<TCurve>.Signature.In(encoding));
        writer.WriteStartArray("transformBlocks");
        for (var i = 0; i < EncryptedValueLayout<TCurve>.BlockCountOf(encoding); i++)
        {
            var bytes = EncryptedValueLayout<TCurve>.Block(i).In(encoding);
            writer.WriteStartObject();
            IronCoreJson.WritePublicKey(writer, "publicKey", EncryptedValueLayout<TCurve>.BlockPublicKey.In(bytes));
            IronCoreJson.WriteHex(writer, "encryptedTempKey", EncryptedValueLayout<TCurve>.BlockEncryptedTempKey.In(bytes));
            IronCoreJson.WritePublicKey(writer, "randomTransformPublicKey", EncryptedValueLayout<TCurve>.BlockRandomTransformPublicKey.In(bytes));
            IronCoreJson.WriteHex(writer, "randomTransformEncryptedTempKey", EncryptedValueLayout<TCurve>.BlockRandomTransformEncryptedTempKey.In(bytes));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    });

    /// <summary>The transform blocks of <paramref name="encoding"/>, first to last.</summary>
    internal static IReadOnlyList<TBlock> Blocks<TBlock>(byte[] encoding, Func<byte[], Field, TBlock> create) => Array.AsReadOnly(
        Enumerable.Range(0, EncryptedValueLayout<TCurve>.BlockCountOf(encoding)).Select(i => create(encoding, EncryptedValueLayout<TCurve>.Block(i))).ToArray());
}
