using System.Text.Json.Nodes;

namespace Recrypt.Interop.Tests;

/// <summary>A key pair as the two sides exchange it: private key bytes and a public key in IronCore's JSON shape.</summary>
public sealed record KeyPairData(byte[] PrivateKey, string PublicKeyJson);

/// <summary>
/// One implementation of the scheme, seen through what the two sides exchange: byte strings for
/// secrets and signatures, IronCore's JSON shape for public keys, encrypted values and transform keys.
/// Whatever one side returns, the other side can take.
/// </summary>
public interface ISide
{
    /// <summary>"Recrypt for .NET" or "IronCore".</summary>
    string Name { get; }

    /// <summary>A fresh key pair.</summary>
    KeyPairData GenerateKeyPair();

    /// <summary>A fresh Ed25519 key pair, 64 bytes (seed ‖ public key).</summary>
    byte[] GenerateSigningKeyPair();

    /// <summary>A fresh plaintext (384 bytes).</summary>
    byte[] GeneratePlaintext();

    /// <summary>Encrypts to a public key; returns the encrypted value's JSON.</summary>
    string Encrypt(byte[] plaintext, string publicKeyJson, byte[] signingKeyPair);

    /// <summary>Decrypts an encrypted value given as JSON.</summary>
    byte[] Decrypt(string encryptedValueJson, byte[] privateKey);

    /// <summary>A transform key's JSON.</summary>
    string GenerateTransformKey(byte[] fromPrivateKey, string toPublicKeyJson, byte[] signingKeyPair);

    /// <summary>Transforms an encrypted value; returns the new value's JSON.</summary>
    string Transform(string encryptedValueJson, string transformKeyJson, byte[] signingKeyPair);
}

/// <summary>Recrypt for .NET, through its public API and its IronCore JSON conversion.</summary>
public sealed class OurSide : ISide
{
    /// <summary>The instance every test shares (thread-safe).</summary>
    public static TransformEncryption Api { get; } = new();

    /// <summary>The one instance of this side.</summary>
    public static OurSide Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "Recrypt for .NET";

    /// <inheritdoc/>
    public KeyPairData GenerateKeyPair()
    {
        var (privateKey, publicKey) = Api.GenerateKeyPair();
        using (privateKey)
        {
            return new KeyPairData(privateKey.Export(), publicKey.ToIronCoreJson());
        }
    }

    /// <inheritdoc/>
    public byte[] GenerateSigningKeyPair()
    {
        using var pair = Api.GenerateSigningKeyPair();
        return pair.Export();
    }

    /// <inheritdoc/>
    public byte[] GeneratePlaintext()
    {
        using var plaintext = Api.GeneratePlaintext();
        return plaintext.Export();
    }

    /// <inheritdoc/>
    public string Encrypt(byte[] plaintext, string publicKeyJson, byte[] signingKeyPair)
    {
        using var message = Plaintext.Import(plaintext);
        using var signing = SigningKeyPair.Import(signingKeyPair);
        return Api.Encrypt(message, PublicKey.FromIronCoreJson(publicKeyJson), signing).ToIronCoreJson();
    }

    /// <inheritdoc/>
    public byte[] Decrypt(string encryptedValueJson, byte[] privateKey)
    {
        using var key = PrivateKey.Import(privateKey);
        using var plaintext = Api.Decrypt(EncryptedValue.FromIronCoreJson(encryptedValueJson), key);
        return plaintext.Export();
    }

    /// <inheritdoc/>
    public string GenerateTransformKey(byte[] fromPrivateKey, string toPublicKeyJson, byte[] signingKeyPair)
    {
        using var from = PrivateKey.Import(fromPrivateKey);
        using var signing = SigningKeyPair.Import(signingKeyPair);
        return Api.GenerateTransformKey(from, PublicKey.FromIronCoreJson(toPublicKeyJson), signing).ToIronCoreJson();
    }

    /// <inheritdoc/>
    public string Transform(string encryptedValueJson, string transformKeyJson, byte[] signingKeyPair)
    {
        using var signing = SigningKeyPair.Import(signingKeyPair);
        var value = EncryptedValue.FromIronCoreJson(encryptedValueJson);
        var transformKey = TransformKey.FromIronCoreJson(transformKeyJson);
        return Api.Transform(value, transformKey, signing).ToIronCoreJson();
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>IronCore's build, through the peer.</summary>
public sealed class TheirSide(IronCorePeer peer) : ISide
{
    /// <inheritdoc/>
    public string Name => "IronCore";

    /// <inheritdoc/>
    public KeyPairData GenerateKeyPair()
    {
        var pair = peer.Call("generateKeyPair");
        return new KeyPairData(Wire.Bytes(pair["privateKey"]), pair["publicKey"]!.ToJsonString());
    }

    /// <inheritdoc/>
    public byte[] GenerateSigningKeyPair() => Wire.Bytes(peer.Call("generateEd25519KeyPair")["privateKey"]);

    /// <inheritdoc/>
    public byte[] GeneratePlaintext() => Wire.Bytes(peer.Call("generatePlaintext"));

    /// <inheritdoc/>
    public string Encrypt(byte[] plaintext, string publicKeyJson, byte[] signingKeyPair) => peer.Call("encrypt", new JsonObject
    {
        ["plaintext"] = Wire.Hex(plaintext),
        ["toPublicKey"] = JsonNode.Parse(publicKeyJson),
        ["privateSigningKey"] = Wire.Hex(signingKeyPair),
    }).ToJsonString();

    /// <inheritdoc/>
    public byte[] Decrypt(string encryptedValueJson, byte[] privateKey) => Wire.Bytes(peer.Call("decrypt", new JsonObject
    {
        ["encryptedValue"] = JsonNode.Parse(encryptedValueJson),
        ["privateKey"] = Wire.Hex(privateKey),
    }));

    /// <inheritdoc/>
    public string GenerateTransformKey(byte[] fromPrivateKey, string toPublicKeyJson, byte[] signingKeyPair) => peer.Call("generateTransformKey", new JsonObject
    {
        ["fromPrivateKey"] = Wire.Hex(fromPrivateKey),
        ["toPublicKey"] = JsonNode.Parse(toPublicKeyJson),
        ["privateSigningKey"] = Wire.Hex(signingKeyPair),
    }).ToJsonString();

    /// <inheritdoc/>
    public string Transform(string encryptedValueJson, string transformKeyJson, byte[] signingKeyPair) => peer.Call("transform", new JsonObject
    {
        ["encryptedValue"] = JsonNode.Parse(encryptedValueJson),
        ["transformKey"] = JsonNode.Parse(transformKeyJson),
        ["privateSigningKey"] = Wire.Hex(signingKeyPair),
    }).ToJsonString();

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>Hex and JSON helpers for the peer's wire form.</summary>
public static class Wire
{
    /// <summary>Lowercase hex.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The bytes of a hex string node.</summary>
    public static byte[] Bytes(JsonNode? node) =>
        Convert.FromHexString(node?.GetValue<string>() ?? throw new ArgumentNullException(nameof(node), "expected a hex string, found null"));

    /// <summary>A JSON node of one of our values' IronCore JSON.</summary>
    public static JsonNode Json(string ironCoreJson) => JsonNode.Parse(ironCoreJson)!;

    /// <summary>Whether two JSON documents are the same tree (property order ignored).</summary>
    public static bool SameJson(string left, string right) => JsonNode.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right));
}
