using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>IronCore's Api256 tampered and mismatched inputs (negative.json) on every engine.</summary>
public sealed class NegativeVectorTests : NegativeVectorTests<Scheme256, TransformEncryption, PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey>;

/// <summary>
/// A curve's tampered and mismatched inputs (negative.json): each call ends as it did in IronCore's build,
/// with the same result, or the same error class, and what follows a success decrypts the same way.
/// </summary>
public abstract class NegativeVectorTests<TScheme, TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    : SchemeVectorTests<TScheme, TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TScheme : IVectorScheme<TApi, TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
    where TApi : IDisposable
    where TPrivateKey : class, IDisposable
    where TPlaintext : class, IDisposable
    where TEncryptedValue : class
    where TTransformKey : class
{
    private const string File = "negative.json";

    public static TheoryData<RecryptBackend, string> Cases => TScheme.OnEach(TScheme.Vectors.Ids(File, "cases"));

    private static JsonElement Bases => TScheme.Vectors.Load(File).Get("bases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Call_WithTamperedInput_EndsAsInIronCoresBuild(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = TScheme.Vectors.Entry(File, "cases", id);
        if (Outcome.IsError(entry))
        {
            Outcome.AssertFails(entry, () => Call(entry, backend));
            return;
        }

        var result = Call(entry, backend);

        Assert.Equal(Expected(entry.Get("result")), AsText(result));
        if (entry.TryGetProperty("plaintextMatches", out var matches))
        {
            Assert.Equal(matches.GetBoolean(), ExpectedPlaintext(entry).AsSpan().SequenceEqual((byte[])result));
        }
        foreach (var then in entry.TryGetProperty("then", out var steps) ? steps.EnumerateArray() : default)
        {
            AssertThenDecrypt(entry, backend, (TEncryptedValue)result, then);
        }
    }

    /// <summary>The call a case names, with its parameters read through the public API.</summary>
    private static object Call(JsonElement entry, RecryptBackend backend)
    {
        var p = entry.Get("params");
        var api = TScheme.Instance(backend);
        return entry.Text("method") switch
        {
            "decrypt" => Decrypt(p, api),
            "transform" => Transform(entry, backend),
            "encrypt" => Encrypt(entry, backend),
            "generateTransformKey" => GenerateTransformKey(entry, backend),
            var method when method == "transformKeyToBytes" + TScheme.Suffix => TScheme.IronCoreBytes(TScheme.TransformKey(p.Get("transformKey"))),
            var method when method == "augmentTransformKey" + TScheme.Suffix => AugmentTransformKey(p, api),
            var method => throw new InvalidOperationException($"{File} names a method these tests do not know: {method}"),
        };
    }

    private static byte[] Decrypt(JsonElement p, TApi api)
    {
        var value = TScheme.EncryptedValue(p.Get("encryptedValue"));
        using var privateKey = TScheme.PrivateKey(p, "privateKey");
        return DecryptToBytes(api, value, privateKey);
    }

    private static TEncryptedValue Transform(JsonElement entry, RecryptBackend backend)
    {
        var p = entry.Get("params");
        var value = TScheme.EncryptedValue(p.Get("encryptedValue"));
        var transformKey = TScheme.TransformKey(p.Get("transformKey"));
        using var signing = p.SigningKeyPair("privateSigningKey");
        using var api = TScheme.Seeded(entry.Bytes("rngSeed"), backend);
        return TScheme.Transform(api, value, transformKey, signing);
    }

    private static TEncryptedValue Encrypt(JsonElement entry, RecryptBackend backend)
    {
        var p = entry.Get("params");
        using var plaintext = TScheme.Plaintext(p, "plaintext");
        var publicKey = TScheme.PublicKey(p, "toPublicKey");
        using var signing = p.SigningKeyPair("privateSigningKey");
        using var api = TScheme.Seeded(entry.Bytes("rngSeed"), backend);
        return TScheme.Encrypt(api, plaintext, publicKey, signing);
    }

    private static TTransformKey GenerateTransformKey(JsonElement entry, RecryptBackend backend)
    {
        var p = entry.Get("params");
        using var from = TScheme.PrivateKey(p, "fromPrivateKey");
        var to = TScheme.PublicKey(p, "toPublicKey");
        using var signing = p.SigningKeyPair("privateSigningKey");
        using var api = TScheme.Seeded(entry.Bytes("rngSeed"), backend);
        return TScheme.GenerateTransformKey(api, from, to, signing);
    }

    private static TTransformKey AugmentTransformKey(JsonElement p, TApi api)
    {
        var transformKey = TScheme.TransformKey(p.Get("transformKey"));
        using var privateKey = TScheme.PrivateKey(p, "privateKey");
        return TScheme.AugmentTransformKey(api, transformKey, privateKey);
    }

    /// <summary>
    /// The plaintext a decryption in this case should give: the one encrypted (<c>params.plaintext</c>) for
    /// <c>encrypt</c>; all zero for the cases on Api480's <c>ev0Z</c> (the encryption of the all-zero plaintext,
    /// which their description names); else <c>bases.plaintext</c>.
    /// </summary>
    private static byte[] ExpectedPlaintext(JsonElement entry) =>
        entry.Text("method") == "encrypt" ? entry.Get("params").Bytes("plaintext")
        : entry.TryGetProperty("description", out var description) && description.GetString()!.Contains("ev0Z", StringComparison.Ordinal)
            ? new byte[Bases.Bytes("plaintext").Length]
            : Bases.Bytes("plaintext");

    /// <summary>What follows a successful transform or encrypt: decrypting its result with one of the base keys.</summary>
    private static void AssertThenDecrypt(JsonElement entry, RecryptBackend backend, TEncryptedValue result, JsonElement then)
    {
        Assert.Equal("decrypt", then.Text("method"));
        using var privateKey = TScheme.PrivateKey(Bases.Get("keys").Get(then.Text("privateKeyOf")), "privateKey");
        Outcome.AssertMatches(then, () => DecryptToBytes(TScheme.Instance(backend), result, privateKey), () => then.Bytes("result"));
        if (then.TryGetProperty("plaintextMatches", out var matches))
        {
            Assert.Equal(matches.GetBoolean(), then.Bytes("result").AsSpan().SequenceEqual(ExpectedPlaintext(entry)));
        }
    }

    private static string Expected(JsonElement result) =>
        result.ValueKind == JsonValueKind.String ? result.GetString()! : result.Compact();

    private static string AsText(object result) => result switch
    {
        byte[] bytes => Convert.ToHexStringLower(bytes),
        TEncryptedValue value => TScheme.Json(value),
        TTransformKey key => TScheme.Json(key),
        _ => throw new InvalidOperationException($"unexpected result type {result.GetType()}"),
    };
}
