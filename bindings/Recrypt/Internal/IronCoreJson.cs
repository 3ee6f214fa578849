using System.Buffers;
using System.Text.Json;

namespace Recrypt;

/// <summary>
/// IronCore's JSON shape, as its JavaScript SDKs exchange values: byte strings as lowercase hex,
/// public keys as <c>{"x": hex, "y": hex}</c> (each coordinate half of the key's bytes, on either curve). Reading accepts either case of hex and ignores
/// unknown properties; every other departure from the shape is an <see cref="ArgumentException"/>
/// for the <c>json</c> parameter, naming the field.
/// </summary>
internal static class IronCoreJson
{
    /// <summary>Parses <paramref name="json"/> and hands its root to <paramref name="read"/>.</summary>
    internal static T Read<T>(string json, string paramName, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json, paramName);
        try
        {
            using var document = JsonDocument.Parse(json);
            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            // Position only: the reader's own message quotes the offending input.
            throw new ArgumentException(
                $"Not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).", paramName, e);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, paramName, e);
        }
    }

    /// <summary>The array property <paramref name="name"/> of <paramref name="parent"/>.</summary>
    internal static JsonElement Array(JsonElement parent, string name, string path) =>
        Property(parent, name, path, JsonValueKind.Array);

    /// <summary>Reads the hex string property <paramref name="name"/> into <paramref name="destination"/>, which it must fill exactly.</summary>
    internal static void ReadHex(JsonElement parent, string name, string path, Span<byte> destination)
    {
        var hex = Property(parent, name, path, JsonValueKind.String).GetString()!;
        if (hex.Length != destination.Length * 2)
        {
            throw new FormatException(
                $"The field '{path}{name}' must be {destination.Length} bytes ({destination.Length * 2} hex digits), not {hex.Length} hex digits.");
        }
        if (Convert.FromHexString(hex, destination, out _, out _) != OperationStatus.Done)
        {
            throw new FormatException($"The field '{path}{name}' is not a hex string.");
        }
    }

    /// <summary>Reads the public key property <paramref name="name"/> (<c>{x, y}</c>) into <paramref name="destination"/>.</summary>
    internal static void ReadPublicKey(JsonElement parent, string name, string path, Span<byte> destination)
    {
        var key = Property(parent, name, path, JsonValueKind.Object);
        ReadCoordinates(key, $"{path}{name}.", destination);
    }

    /// <summary>Reads the <c>x</c> and <c>y</c> of a public key object into <paramref name="destination"/>.</summary>
    internal static void ReadCoordinates(JsonElement key, string path, Span<byte> destination)
    {
        if (key.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Expected a public key object {{\"x\": hex, \"y\": hex}}{At(path)}, found {key.ValueKind}.");
        }
        ReadHex(key, "x", path, destination[..(destination.Length / 2)]);
        ReadHex(key, "y", path, destination[(destination.Length / 2)..]);
    }

    /// <summary>Writes one JSON object with <paramref name="writeProperties"/> and returns it as compact text.</summary>
    internal static string Write(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static void WriteHex(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> bytes) =>
        writer.WriteString(name, Convert.ToHexStringLower(bytes));

    internal static void WritePublicKey(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> publicKey)
    {
        writer.WriteStartObject(name);
        WriteCoordinates(writer, publicKey);
        writer.WriteEndObject();
    }

    /// <summary>Writes the <c>x</c> and <c>y</c> properties of a public key.</summary>
    internal static void WriteCoordinates(Utf8JsonWriter writer, ReadOnlySpan<byte> publicKey)
    {
        WriteHex(writer, "x", publicKey[..(publicKey.Length / 2)]);
        WriteHex(writer, "y", publicKey[(publicKey.Length / 2)..]);
    }

    private static JsonElement Property(JsonElement parent, string name, string path, JsonValueKind kind)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Expected an object{At(path)}, found {parent.ValueKind}.");
        }
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new FormatException($"The field '{path}{name}' is missing.");
        }
        if (value.ValueKind != kind)
        {
            throw new FormatException($"The field '{path}{name}' must be a JSON {kind}, not {value.ValueKind}.");
        }
        return value;
    }

    private static string At(string path) => path.Length == 0 ? "" : $" at '{path.TrimEnd('.')}'";
}
