using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>Reading the values of a vector entry through the public API.</summary>
internal static class VectorJson
{
    public static JsonElement Get(this JsonElement element, string name) => element.GetProperty(name);

    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static byte[] Bytes(this JsonElement element, string name) => Convert.FromHexString(element.Text(name));

    public static byte[] Bytes(this JsonElement element) => Convert.FromHexString(element.GetString()!);

    /// <summary>The element as compact JSON text, in its original property order.</summary>
    public static string Compact(this JsonElement element) => JsonSerializer.Serialize(element);

    public static PrivateKey PrivateKey(this JsonElement element, string name) => Recrypt.PrivateKey.Import(element.Bytes(name));

    public static PublicKey PublicKey(this JsonElement element, string name) =>
        Recrypt.PublicKey.FromIronCoreJson(element.Get(name).GetRawText());

    public static SigningKeyPair SigningKeyPair(this JsonElement element, string name) =>
        Recrypt.SigningKeyPair.Import(element.Bytes(name));

    public static Plaintext Plaintext(this JsonElement element, string name) => Recrypt.Plaintext.Import(element.Bytes(name));

    public static EncryptedValue EncryptedValue(this JsonElement element) => Recrypt.EncryptedValue.FromIronCoreJson(element.GetRawText());

    public static EncryptedValue EncryptedValue(this JsonElement element, string name) => element.Get(name).EncryptedValue();

    public static TransformKey TransformKey(this JsonElement element) => Recrypt.TransformKey.FromIronCoreJson(element.GetRawText());

    public static TransformKey TransformKey(this JsonElement element, string name) => element.Get(name).TransformKey();

    /// <summary>An insecure instance seeded as IronCore's was for this entry.</summary>
    public static TransformEncryption SeededInstance(this JsonElement element) =>
        TransformEncryption.CreateInsecureDeterministic(element.Bytes("rngSeed"), TestEngine.Current);
}
