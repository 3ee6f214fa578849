using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>
/// Tampered and mismatched inputs (negative.json): each call ends as it did in IronCore's build,
/// with the same result, or the same error class, and what follows a success decrypts the same way.
/// </summary>
public sealed class NegativeVectorTests
{
    private const string File = "negative.json";

    public static TheoryData<RecryptBackend, string> Cases => TestEngine.OnEach(VectorFiles.Ids(File, "cases"));

    private static JsonElement Bases => VectorFiles.Load(File).Get("bases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Call_WithTamperedInput_EndsAsInIronCoresBuild(RecryptBackend backend, string id)
    {
        using var engine = TestEngine.Use(backend);
        var entry = VectorFiles.Entry(File, "cases", id);
        if (Outcome.IsError(entry))
        {
            Outcome.AssertFails(entry, () => Call(entry));
            return;
        }

        var result = Call(entry);

        Assert.Equal(Expected(entry.Get("result")), AsText(result));
        if (entry.TryGetProperty("plaintextMatches", out var matches))
        {
            Assert.Equal(matches.GetBoolean(), Bases.Bytes("plaintext").AsSpan().SequenceEqual((byte[])result));
        }
        foreach (var then in entry.TryGetProperty("then", out var steps) ? steps.EnumerateArray() : default)
        {
            AssertThenDecrypt(entry, (EncryptedValue)result, then);
        }
    }

    /// <summary>The call a case names, with its parameters read through the public API.</summary>
    private static object Call(JsonElement entry) => entry.Text("method") switch
    {
        "decrypt" => Decrypt(entry.Get("params")),
        "transform" => Transform(entry),
        "encrypt" => Encrypt(entry),
        "generateTransformKey" => GenerateTransformKey(entry),
        "transformKeyToBytes256" => entry.Get("params").TransformKey("transformKey").ToIronCoreBytes(),
        "augmentTransformKey256" => AugmentTransformKey(entry.Get("params")),
        var method => throw new InvalidOperationException($"negative.json names a method these tests do not know: {method}"),
    };

    private static byte[] Decrypt(JsonElement p)
    {
        var value = p.EncryptedValue("encryptedValue");
        using var privateKey = p.PrivateKey("privateKey");
        using var plaintext = Shared.Instance.Decrypt(value, privateKey);
        return plaintext.Export();
    }

    private static EncryptedValue Transform(JsonElement entry)
    {
        var p = entry.Get("params");
        var value = p.EncryptedValue("encryptedValue");
        var transformKey = p.TransformKey("transformKey");
        using var signing = p.SigningKeyPair("privateSigningKey");
        using var api = entry.SeededInstance();
        return api.Transform(value, transformKey, signing);
    }

    private static EncryptedValue Encrypt(JsonElement entry)
    {
        var p = entry.Get("params");
        using var plaintext = p.Plaintext("plaintext");
        var publicKey = p.PublicKey("toPublicKey");
        using var signing = p.SigningKeyPair("privateSigningKey");
        using var api = entry.SeededInstance();
        return api.Encrypt(plaintext, publicKey, signing);
    }

    private static TransformKey GenerateTransformKey(JsonElement entry)
    {
        var p = entry.Get("params");
        using var from = p.PrivateKey("fromPrivateKey");
        var to = p.PublicKey("toPublicKey");
        using var signing = p.SigningKeyPair("privateSigningKey");
        using var api = entry.SeededInstance();
        return api.GenerateTransformKey(from, to, signing);
    }

    private static TransformKey AugmentTransformKey(JsonElement p)
    {
        var transformKey = p.TransformKey("transformKey");
        using var privateKey = p.PrivateKey("privateKey");
        return Shared.Instance.AugmentTransformKey(transformKey, privateKey);
    }

    /// <summary>What follows a successful transform or encrypt: decrypting its result with one of the base keys.</summary>
    private static void AssertThenDecrypt(JsonElement entry, EncryptedValue result, JsonElement then)
    {
        Assert.Equal("decrypt", then.Text("method"));
        var expectedPlaintext = entry.Text("method") == "encrypt" ? entry.Get("params").Bytes("plaintext") : Bases.Bytes("plaintext");
        using var privateKey = Bases.Get("keys").Get(then.Text("privateKeyOf")).PrivateKey("privateKey");
        Outcome.AssertMatches(
            then,
            () =>
            {
                using var plaintext = Shared.Instance.Decrypt(result, privateKey);
                return plaintext.Export();
            },
            () => then.Bytes("result"));
        if (then.TryGetProperty("plaintextMatches", out var matches))
        {
            Assert.Equal(matches.GetBoolean(), then.Bytes("result").AsSpan().SequenceEqual(expectedPlaintext));
        }
    }

    private static string Expected(JsonElement result) =>
        result.ValueKind == JsonValueKind.String ? result.GetString()! : result.Compact();

    private static string AsText(object result) => result switch
    {
        byte[] bytes => Convert.ToHexStringLower(bytes),
        EncryptedValue value => value.ToIronCoreJson(),
        TransformKey key => key.ToIronCoreJson(),
        _ => throw new InvalidOperationException($"unexpected result type {result.GetType()}"),
    };
}
