using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Recrypt.Cli.KeyStore;

/// <summary>
/// The passphrase seal of a key store in format 2: the secret keys are encrypted with AES-256-GCM, and the
/// associated data is the <em>whole</em> store (every member, present and future, the server and name
/// included) in a canonical form, less the two members the seal itself produces. Changing any byte of
/// meaning in the file breaks the seal.
/// </summary>
/// <remarks>
/// <para>Keys: PBKDF2-HMAC-SHA256(NFC(passphrase), salt, iterations) gives a 32-byte master key <c>M</c>; the
/// AES key is HMAC-SHA256(M, "recrypt-identity/2 seal key") and the stored passphrase check is the first 16
/// bytes of HMAC-SHA256(M, "recrypt-identity/2 passphrase check"). The check tells a wrong passphrase from an
/// altered file; it reveals nothing a guesser could not learn from the ciphertext itself.</para>
/// <para>Canonical form: the JSON value with the object members sorted by name (ordinal, UTF-16), no white
/// space, strings written by <see cref="Utf8JsonWriter"/>'s default escaping, numbers as they appear in the
/// file; <c>secrets.ciphertext</c> and <c>secrets.cipher.tag</c> left out. A member name that occurs twice in
/// one object makes the store malformed (two readers could otherwise see two different stores).</para>
/// </remarks>
internal static class StoreSeal
{
    public const int SaltSize = 16;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int CheckSize = 16;
    public const int KeySize = 32;

    private static ReadOnlySpan<byte> StoreLabel => "recrypt-identity/2 store\n"u8;

    private static ReadOnlySpan<byte> SealKeyLabel => "recrypt-identity/2 seal key"u8;

    private static ReadOnlySpan<byte> CheckLabel => "recrypt-identity/2 passphrase check"u8;

    /// <summary>The members the seal produces, by path: everything else in the store is authenticated.</summary>
    private static readonly string[][] s_sealOutputs = [["secrets", "ciphertext"], ["secrets", "cipher", "tag"]];

    /// <summary>PBKDF2-HMAC-SHA256 of the NFC-normalized UTF-8 passphrase: the master key, in a pinned array the caller zeroes.</summary>
    public static byte[] DeriveMasterKey(string passphrase, ReadOnlySpan<byte> salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var normalized = passphrase.Normalize(NormalizationForm.FormC);
        var password = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(normalized), pinned: true);
        var key = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            Encoding.UTF8.GetBytes(normalized, password);
            Rfc2898DeriveBytes.Pbkdf2(password, salt, key, iterations, HashAlgorithmName.SHA256);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    /// <summary>The AES-256-GCM key under <paramref name="masterKey"/>, in a pinned array the caller zeroes.</summary>
    public static byte[] SealKey(ReadOnlySpan<byte> masterKey)
    {
        var key = GC.AllocateArray<byte>(KeySize, pinned: true);
        HMACSHA256.HashData(masterKey, SealKeyLabel, key);
        return key;
    }

    /// <summary>The passphrase check stored beside the seal.</summary>
    public static byte[] Check(ReadOnlySpan<byte> masterKey)
    {
        Span<byte> full = stackalloc byte[KeySize];
        HMACSHA256.HashData(masterKey, CheckLabel, full);
        var check = full[..CheckSize].ToArray();
        CryptographicOperations.ZeroMemory(full);
        return check;
    }

    /// <summary>What the seal authenticates: a label and the canonical form of <paramref name="storeJson"/>.</summary>
    /// <exception cref="JsonException">The store is not JSON, or an object repeats a member name.</exception>
    public static byte[] AssociatedData(ReadOnlySpan<byte> storeJson)
    {
        var utf8 = storeJson.ToArray();
        try
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var buffer = new ArrayBufferWriter<byte>();
            buffer.Write(StoreLabel);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteCanonical(writer, document.RootElement, []);
            }
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element, List<string> path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    if (!members.TryAdd(member.Name, member.Value))
                    {
                        throw new JsonException($"The member \"{member.Name}\" occurs twice in one object.");
                    }
                }
                writer.WriteStartObject();
                foreach (var (name, value) in members)
                {
                    path.Add(name);
                    if (!IsSealOutput(path))
                    {
                        writer.WritePropertyName(name);
                        WriteCanonical(writer, value, path);
                    }
                    path.RemoveAt(path.Count - 1);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item, path);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteBooleanValue(element.GetBoolean());
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static bool IsSealOutput(List<string> path)
    {
        foreach (var output in s_sealOutputs)
        {
            if (output.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(path)))
            {
                return true;
            }
        }
        return false;
    }
}
