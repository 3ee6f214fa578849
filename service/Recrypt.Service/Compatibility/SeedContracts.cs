using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recrypt.Service.Compatibility;

/// <summary><c>GET /create_identity</c>: the new identity's UUID and its recrypt private key, as the prototype answered.</summary>
internal sealed record SeedIdentityResponse(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("pk"), JsonConverter(typeof(ByteArrayAsNumbersConverter))] byte[] PrivateKey);

/// <summary><c>GET /create_sym_key/{a}</c>: the new key's UUID and the symmetric key in hex.</summary>
internal sealed record SeedSymmetricKeyResponse(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("sk")] string SymmetricKeyHex);

/// <summary><c>POST /grant_access/{a}/{b}</c>: the transform key, every field a JSON array of numbers, as the prototype answered.</summary>
internal sealed record SeedTransformKeyResponse(
    [property: JsonPropertyName("ephemeral_public_key_x"), JsonConverter(typeof(ByteArrayAsNumbersConverter))] byte[] EphemeralPublicKeyX,
    [property: JsonPropertyName("ephemeral_public_key_y"), JsonConverter(typeof(ByteArrayAsNumbersConverter))] byte[] EphemeralPublicKeyY,
    [property: JsonPropertyName("to_public_key_x"), JsonConverter(typeof(ByteArrayAsNumbersConverter))] byte[] ToPublicKeyX,
    [property: JsonPropertyName("to_public_key_y"), JsonConverter(typeof(ByteArrayAsNumbersConverter))] byte[] ToPublicKeyY,
    [property: JsonPropertyName("encrypted_temp_key"), JsonConverter(typeof(ByteArrayAsNumbersConverter))] byte[] EncryptedTempKey,
    [property: JsonPropertyName("hashed_temp_key"), JsonConverter(typeof(ByteArrayAsNumbersConverter))] byte[] HashedTempKey,
    [property: JsonPropertyName("public_signing_key"), JsonConverter(typeof(ByteArrayAsNumbersConverter))] byte[] PublicSigningKey,
    [property: JsonPropertyName("signature"), JsonConverter(typeof(ByteArrayAsNumbersConverter))] byte[] Signature)
{
    public static SeedTransformKeyResponse From(TransformKey key)
    {
        var ephemeral = key.EphemeralPublicKey.Export();
        var to = key.ToPublicKey.Export();
        const int half = PublicKey.Size / 2;
        return new(
            ephemeral[..half], ephemeral[half..], to[..half], to[half..],
            key.EncryptedTempKey.ToArray(), key.HashedTempKey.ToArray(), key.PublicSigningKey.Export(), key.Signature.ToArray());
    }
}

/// <summary>Writes and reads bytes as the prototype did: a JSON array of numbers 0-255.</summary>
internal sealed class ByteArrayAsNumbersConverter : JsonConverter<byte[]>
{
    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array of numbers 0-255.");
        }
        var bytes = new List<byte>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetByte(out var value))
            {
                throw new JsonException("Expected an array of numbers 0-255.");
            }
            bytes.Add(value);
        }
        return [.. bytes];
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var b in value)
        {
            writer.WriteNumberValue(b);
        }
        writer.WriteEndArray();
    }
}
