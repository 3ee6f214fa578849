using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>Comparisons of .NET values with the values of a vector entry.</summary>
internal static class VectorAssert
{
    /// <summary>A <c>KeyPair</c> (<c>{privateKey, publicKey}</c>).</summary>
    public static void KeyPair(JsonElement expected, PrivateKey privateKey, PublicKey publicKey)
    {
        Assert.Equal(expected.Bytes("privateKey"), privateKey.Export());
        Assert.Equal(expected.PublicKey("publicKey"), publicKey);
    }

    /// <summary>A <c>SigningKeyPair</c> (<c>{privateKey, publicKey}</c>).</summary>
    public static void SigningKeyPair(JsonElement expected, SigningKeyPair pair)
    {
        Assert.Equal(expected.Bytes("privateKey"), pair.Export());
        Assert.Equal(expected.Bytes("publicKey"), pair.PublicKey.Export());
    }

    /// <summary>An encrypted value, byte for byte in IronCore's JSON shape and field order.</summary>
    public static void Same(JsonElement expected, EncryptedValue actual) => Assert.Equal(expected.Compact(), actual.ToIronCoreJson());

    /// <summary>A transform key, byte for byte in IronCore's JSON shape and field order.</summary>
    public static void Same(JsonElement expected, TransformKey actual) => Assert.Equal(expected.Compact(), actual.ToIronCoreJson());

    /// <summary>A plaintext given as hex.</summary>
    public static void Same(JsonElement expectedHex, Plaintext actual) => Assert.Equal(expectedHex.Bytes(), actual.Export());
}
