using System.Numerics;
using System.Text.Json;
using Recrypt.Managed;
using Recrypt.Managed.Curve;
using Recrypt.Managed.Field;
using Block = Recrypt.Managed.Block<Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>>;
using Fp12 = Recrypt.Managed.Field.Fp12<Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>>;
using Fp480 = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>;
using Fr480 = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.R480Modulus>;
using Key = Recrypt.Managed.TransformKeyData<Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>>;
using Pairing = Recrypt.Managed.Pairing<
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>, Recrypt.Managed.Field.U512, Recrypt.Managed.Curve.Bn480>;
using Pairing256 = Recrypt.Managed.Pairing<
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.PModulus>, Recrypt.Managed.Field.U256, Recrypt.Managed.Curve.Bn256>;
using Points = Recrypt.Managed.Curve.Points<
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>, Recrypt.Managed.Field.U512, Recrypt.Managed.Curve.Bn480>;
using Scheme = Recrypt.Managed.Scheme<
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>,
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.R480Modulus>,
    Recrypt.Managed.Field.U512,
    Recrypt.Managed.Curve.Bn480>;
using Value = Recrypt.Managed.EncryptedValueData<Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>>;

namespace Recrypt.Tests.Engines;

/// <summary>
/// The managed engine's Api480 scheme (spec appendix A), below the public API, against the vectors recorded
/// from IronCore's recrypt 0.15.0 (native/tests/vectors/api480): random outputs are replayed from each case's
/// seeded ChaCha20 stream in the order the files list, so every byte is compared.
/// </summary>
public sealed class ManagedApi480Tests
{
    private const int FieldSize = 60;

    // Constants (spec A.1, A.2): derived ones are checked against the spec's numbers, written ones against their definition.

    [Fact]
    public void Moduli_AreTheBnPolynomialsOfT()
    {
        var t = BigInteger.Pow(Bn480.X, 3);
        var p = 36 * BigInteger.Pow(t, 4) + 36 * BigInteger.Pow(t, 3) + 24 * t * t + 6 * t + 1;
        var r = 36 * BigInteger.Pow(t, 4) + 36 * BigInteger.Pow(t, 3) + 18 * t * t + 6 * t + 1;

        Assert.Equal(p, Integer(Fp480.ModulusBytes()));
        Assert.Equal(r, Integer(Fr480.ModulusBytes()));
    }

    [Fact]
    public void LoopDigits_AreTheSpecsList_AndEvaluateTo6tPlus2()
    {
        sbyte[] spec =
        [
            0, 1, 0, 0, -1, 0, 1, 0, -1, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0,
            1, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 1, 0, 0, 0, -1, 0, 0, -1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0,
            0, 0, 0, 0, 1, 0, 0, -1, 0, 1, 0, 1, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, -1, 0,
            0, 0,
        ];
        var value = BigInteger.One;
        foreach (var digit in Pairing.LoopDigits)
        {
            value = 2 * value + digit;
        }

        Assert.Equal(spec, Pairing.LoopDigits);
        Assert.Equal(6 * BigInteger.Pow(Bn480.X, 3) + 2, value);
        Assert.Equal(65, Pairing256.LoopDigits.Length);
    }

    [Fact]
    public void XChain_IsTheSpecsChain()
    {
        (int, bool)[] spec =
        [
            (0, false), (3, false), (7, false), (9, false), (13, false), (18, false), (22, true), (24, false), (27, false), (29, true),
            (33, true), (38, true), (40, false),
        ];

        Assert.Equal(spec, Pairing.XChain.Select(c => (c.Bit, c.Negate)));
        Assert.Equal([(0, false), (8, false), (15, false), (18, true), (21, false)], Pairing256.XChain.Select(c => (c.Bit, c.Negate)));
    }

    [Fact]
    public void TowerConstants_AreTheSpecsValues()
    {
        Assert.Equal(
            "87d7ac017402d19ebacbd48d3f295298216ad5069323b87dbd5b426a391fcb49208fc2feb867790c20f023df2a4be4c107e377d5f6777ad24f8c7593" +
            "21bb927452c9daf4025b3cb97f143fceac88b7d6483da12d015066bf4f7fcffeb7dd5ac7cab93cbf6ad5ffee832734b228a314afa25554002c8b45b0",
            Hex(TowerConstants<Fp480>.GammaW));
        Assert.Equal(
            "1aa3d6033f830df1b63e294cb17b40b13ef7a958ff20d3b61f12bc0bd9e78d18aee7af13d944a62fae738535c23d2f60477fb1f38ff602cf0b2f3949" +
            "b3898b991e996dba6c51468a42d4db23eb379d9920794fa7ef6324700624c246afc1419a3552e45cdb5d1d7f47a8e65a0b6ce3337635768a8300ab7d",
            Hex(TowerConstants<Fp480>.GammaY));
        Assert.Equal(
            "19993d7067d076297a55e21db459c40953558f2c1e83c15ce25abc103606bc7c919e344956bc338b8b61ca90676fe02f17bd25fb8a8884d7397dbd42" +
            "b330ae12d6b33b2258592ecfee745c414756ea34d59a498a307b24717a2f2767fb536e015f2568d0cfac89f2d40f2149a62c09e0c9bba1e292702cd1",
            Hex(TowerConstants<Fp480>.TwistB));
    }

    [Fact]
    public void TwistPoints_AreOnTheTwist_WithOrderR()
    {
        foreach (var q in new[] { Bn480.G2Generator, Points.HashElement })
        {
            Assert.NotEqual(0UL, q.IsOnCurveMask());
            Assert.NotEqual(0UL, q.ToProjective().Multiply(Fr480.Modulus).IsIdentityMask());
        }
        Assert.Equal(
            "6ab7eb989e06154787c58730d40e092caeab949dbffab9f13499353911e9f2c4a9dd1ef403c7dc335f29587f710ac3adc89019799d45265648db1a09" +
            "f4fc8ecc04fd0613534a413d41f589f982313fed1a0f5fe481c112014d2964be74d6f937011493de59a6dfc3ae2bc1b036f1a14350bd066dd82bf021",
            Hex(Points.HashElement.X));
    }

    [Fact]
    public void Pairing_IsBilinear_AndOfOrderR()
    {
        var a = U512.FromUInt64(0x1234_5678_9abc_def1);
        var b = U512.FromUInt64(0x0fed_cba9_8765_4321);
        var p = Points.MultiplyG1Generator(a).ToAffine(out _);
        var q = Points.MultiplyG2Generator(b).ToAffine(out _);
        var ab = Fr480.FromCanonical(a) * Fr480.FromCanonical(b);

        var left = Pairing.Pair(p, q);
        var right = Pairing.Pair(Points.MultiplyG1Generator(ab.ToCanonical()).ToAffine(out _), Bn480.G2Generator);

        Assert.NotEqual(0UL, Fp12.EqualMask(left, right));
        Assert.Equal(0UL, Fp12.EqualMask(left, Fp12.One));
    }

    // Keys, plaintexts, hashes

    [Fact]
    public void KeyPairs_AreTheVectors()
    {
        var checkedCases = 0;
        foreach (var c in Cases("keypairs.json", "cases"))
        {
            var privateKey = Bytes(c, "privateKey");
            if (c.TryGetProperty("rngSeed", out _))
            {
                using var random = Seeded(c);
                var generated = new byte[FieldSize];
                var publicKey = new byte[2 * FieldSize];
                Scheme.GenerateKeyPair(random, generated, publicKey);
                Assert.Equal(privateKey, generated);
                Assert.Equal(PublicKey(c.GetProperty("publicKey")), publicKey);
            }
            else if (privateKey.Length == FieldSize)
            {
                var publicKey = new byte[2 * FieldSize];
                var outcome = Outcome(() => Scheme.ComputePublicKey(privateKey, publicKey));
                AssertOutcome(c, outcome, () => PublicKey(c.GetProperty("publicKey")), publicKey);
            }
            else
            {
                continue; // a wrong size is the public API's check (the scheme takes 60 bytes)
            }
            checkedCases++;
        }
        Assert.True(checkedCases >= 60);
    }

    [Fact]
    public void Plaintexts_AreTheVectors()
    {
        foreach (var c in Cases("plaintexts.json", "cases"))
        {
            using var random = Seeded(c);
            Assert.Equal(Bytes(c, "plaintext"), Plaintext(random));
        }
    }

    [Fact]
    public void DerivedKeys_AreTheVectors()
    {
        var hash = Load("hash.json");
        foreach (var (list, derive) in new (string, Action<byte[], byte[]>)[]
                 {
                     ("deriveSymmetricKey", (m, k) => Scheme.DeriveSymmetricKey(m, k)),
                     ("derivePrivateKey", (m, k) => Scheme.DerivePrivateKey(m, k)),
                 })
        {
            foreach (var c in hash.GetProperty(list).EnumerateArray().Where(c => Bytes(c, "plaintext").Length == Fp12.Size))
            {
                var expected = Bytes(c, "result");
                var actual = new byte[expected.Length];
                derive(Bytes(c, "plaintext"), actual);
                Assert.Equal(expected, actual);
            }
        }
    }

    // Encryption, transform keys, transforms, decryption

    [Fact]
    public void Encrypt_ReplaysTheVectors_AndDecrypts()
    {
        foreach (var c in Cases("encrypt.json", "cases"))
        {
            using var random = Seeded(c);
            var recipient = KeyPair(random, c.GetProperty("recipient"));
            var signing = SigningKeyPair(random, c.GetProperty("signing"));
            var plaintext = Plaintext(random);
            Assert.Equal(Bytes(c, "plaintext"), plaintext);

            var value = Scheme.Encrypt(random, plaintext, Scheme.DecodePublicKey(recipient.Public), signing);

            Assert.Equal(ValueHex(c.GetProperty("encryptedValue")), ValueHex(value));
            Assert.Equal(Bytes(c, "decrypted"), Decrypt(value, recipient.Private));
        }
    }

    [Fact]
    public void TransformKeys_ReplayTheVectors()
    {
        foreach (var c in Cases("transform-keys.json", "cases"))
        {
            using var random = Seeded(c);
            var from = KeyPair(random, c.GetProperty("from"));
            var to = KeyPair(random, c.GetProperty("to"));
            var signing = SigningKeyPair(random, c.GetProperty("signing"));

            var key = Scheme.GenerateTransformKey(random, from.Private, Scheme.DecodePublicKey(to.Public), signing);

            Assert.Equal(KeyHex(c.GetProperty("transformKey")), KeyHex(key));
            Assert.True(key.VerifySignature());
        }
    }

    [Theory]
    [InlineData("level1")]
    [InlineData("level2")]
    [InlineData("level3")]
    public void TransformChains_ReplayTheVectors_AndDecryptAtEveryLevel(string level)
    {
        foreach (var c in Cases("transform-chains.json", level))
        {
            using var random = Seeded(c);
            var keys = c.GetProperty("keys").EnumerateArray().Select(k => KeyPair(random, k)).ToArray();
            var n = keys.Length - 1;
            var signing = c.GetProperty("signing");
            var encryptSigning = SigningKeyPair(random, signing.GetProperty("encrypt"));
            var keySigning = signing.GetProperty("transformKeys").EnumerateArray().Select(s => SigningKeyPair(random, s)).ToArray();
            var transformSigning = signing.GetProperty("transforms").EnumerateArray().Select(s => SigningKeyPair(random, s)).ToArray();
            var plaintext = Plaintext(random);
            var expectedValues = c.GetProperty("encryptedValues").EnumerateArray().ToArray();
            var expectedKeys = c.GetProperty("transformKeys").EnumerateArray().ToArray();

            var value = Scheme.Encrypt(random, plaintext, Scheme.DecodePublicKey(keys[0].Public), encryptSigning);
            Assert.Equal(ValueHex(expectedValues[0]), ValueHex(value));
            var transformKeys = new Key[n];
            for (var i = 0; i < n; i++)
            {
                transformKeys[i] = Scheme.GenerateTransformKey(random, keys[i].Private, Scheme.DecodePublicKey(keys[i + 1].Public), keySigning[i]);
                Assert.Equal(KeyHex(expectedKeys[i]), KeyHex(transformKeys[i]));
            }
            var blocks = Array.Empty<Block>();
            for (var i = 0; i < n; i++)
            {
                var next = new Block[blocks.Length + 1];
                value = Scheme.Transform(random, value with { Blocks = blocks }, transformKeys[i], transformSigning[i], next);
                blocks = next;
                Assert.Equal(ValueHex(expectedValues[i + 1]), ValueHex(value));
                Assert.Equal(plaintext, Decrypt(value, keys[i + 1].Private));
            }
        }
    }

    [Fact]
    public void Decrypt_WithTheWrongKey_Fails()
    {
        var c = Cases("encrypt.json", "cases").First();
        var wrong = Bytes(Cases("keypairs.json", "cases").First(), "privateKey");

        var e = Assert.Throws<SchemeException>(() => Decrypt(ReadValue(c.GetProperty("encryptedValue"), []), wrong));
        Assert.Equal(SchemeError.DecryptFailed, e.Error);
    }

    // Schnorr and augmentation

    [Fact]
    public void SchnorrSignatures_ReplayTheVectors()
    {
        foreach (var c in Cases("schnorr.json", "sign"))
        {
            using var random = Seeded(c);
            var pair = KeyPair(random, c.GetProperty("keypair"));
            var signature = new byte[2 * FieldSize];

            Scheme.SchnorrSign(random, pair.Private, pair.Public, Bytes(c, "message"), signature);

            Assert.Equal(Bytes(c, "signature"), signature);
        }
    }

    [Fact]
    public void SchnorrVerification_IsTheVectors()
    {
        foreach (var c in Cases("schnorr.json", "verify").Where(c =>
                     Bytes(c, "signature").Length == 2 * FieldSize && AugmentingKey(c).Length is 0 or FieldSize))
        {
            var publicKey = PublicKey(c.GetProperty("publicKey"));
            var verified = Scheme.TryDecodePublicKey(publicKey, out var point)
                && Scheme.SchnorrVerify(point, AugmentingKey(c), Bytes(c, "message"), Bytes(c, "signature"));
            Assert.Equal(c.TryGetProperty("result", out var result) && result.GetBoolean(), verified);
        }
    }

    [Fact]
    public void AugmentedSchnorr_IsTheVectors()
    {
        foreach (var c in Cases("schnorr.json", "augmented"))
        {
            using var random = Seeded(c);
            var user = KeyPair(random, c.GetProperty("user"));
            var server = KeyPair(random, c.GetProperty("server"));
            var augmentedPublic = new byte[2 * FieldSize];
            var augmentedPrivate = new byte[FieldSize];
            Scheme.AugmentPublicKey(user.Public, server.Public, augmentedPublic);
            Scheme.CombinePrivateKeys(user.Private, server.Private, subtract: false, augmentedPrivate);
            Assert.Equal(PublicKey(c.GetProperty("augmentedPublicKey")), augmentedPublic);
            Assert.Equal(Bytes(c, "augmentedPrivateKey"), augmentedPrivate);

            var byUser = new byte[2 * FieldSize];
            var byAugmented = new byte[2 * FieldSize];
            Scheme.SchnorrSign(random, user.Private, augmentedPublic, Bytes(c, "message"), byUser);
            Scheme.SchnorrSign(random, augmentedPrivate, augmentedPublic, Bytes(c, "message"), byAugmented);
            Assert.Equal(Bytes(c, "signatureByUser"), byUser);
            Assert.Equal(Bytes(c, "signatureByAugmented"), byAugmented);

            foreach (var v in c.GetProperty("verifications").EnumerateArray())
            {
                var publicKey = v.GetProperty("publicKey").GetString() switch
                {
                    "augmentedPublicKey" => augmentedPublic,
                    "user.publicKey" => user.Public,
                    var other => throw new InvalidOperationException($"Unknown public key {other} in schnorr.json."),
                };
                var signature = v.GetProperty("signature").GetString() == "signatureByUser" ? byUser : byAugmented;
                var verified = Scheme.SchnorrVerify(Scheme.DecodePublicKey(publicKey), AugmentingKey(v), Bytes(c, "message"), signature);
                Assert.Equal(v.GetProperty("result").GetBoolean(), verified);
            }
        }
    }

    [Fact]
    public void PrivateKeyArithmetic_IsTheVectors()
    {
        var augment = Load("augment.json");
        foreach (var (list, subtract) in new[] { ("addPrivateKeys", false), ("subtractPrivateKeys", true) })
        {
            foreach (var c in augment.GetProperty(list).EnumerateArray()
                         .Where(c => Bytes(c, "privateKeyA").Length == FieldSize && Bytes(c, "privateKeyB").Length == FieldSize))
            {
                var result = new byte[FieldSize];
                Scheme.CombinePrivateKeys(Bytes(c, "privateKeyA"), Bytes(c, "privateKeyB"), subtract, result);
                Assert.Equal(Bytes(c, "result"), result);
            }
        }
    }

    [Fact]
    public void PublicKeyAugmentation_IsTheVectors()
    {
        foreach (var c in Load("augment.json").GetProperty("augmentPublicKey480").EnumerateArray()
                     .Where(c => PublicKey(c.GetProperty("currentPublicKey")).Length == 2 * FieldSize
                         && PublicKey(c.GetProperty("otherPublicKey")).Length == 2 * FieldSize))
        {
            var sum = new byte[2 * FieldSize];
            var outcome = Outcome(() =>
                Scheme.AugmentPublicKey(PublicKey(c.GetProperty("currentPublicKey")), PublicKey(c.GetProperty("otherPublicKey")), sum));
            AssertOutcome(c, outcome, () => PublicKey(c.GetProperty("result")), sum);
        }
    }

    [Fact]
    public void TransformKeyAugmentation_IsTheVectors_AndTheAugmentedChainDecrypts()
    {
        foreach (var c in Load("augment.json").GetProperty("augmentTransformKey480").EnumerateArray())
        {
            var key = ReadKey(c.GetProperty("transformKey"));
            var server = Bytes(c.GetProperty("server"), "privateKey");

            Scheme.AugmentTransformKey(ref key, server);

            Assert.Equal(KeyHex(c.GetProperty("augmentedTransformKey")), KeyHex(key));
            var transformed = ReadValue(c.GetProperty("transformed"), new Block[1]);
            Assert.Equal(Bytes(c, "decrypted"), Decrypt(transformed, Bytes(c.GetProperty("device"), "privateKey")));
        }
    }

    // Through the public API (the engine seam): values made by either engine are read by the other

    [Fact]
    public void PublicApi_OnTheManagedEngine_InteroperatesWithTheNativeEngine()
    {
        using var managed = new TransformEncryption480(RecryptBackend.Managed);
        using var native = new TransformEncryption480(RecryptBackend.Native);
        using var alice = managed.GenerateKeyPair();
        using var bob = native.GenerateKeyPair();
        using var carol = managed.GenerateKeyPair();
        using var signing = managed.GenerateSigningKeyPair();
        using var plaintext = managed.GeneratePlaintext();

        var encrypted = managed.Encrypt(plaintext, alice.PublicKey, signing);
        var toBob = native.Transform(encrypted, managed.GenerateTransformKey(alice.PrivateKey, bob.PublicKey, signing), signing);
        var toCarol = managed.Transform(toBob, native.GenerateTransformKey(bob.PrivateKey, carol.PublicKey, signing), signing);

        using var byNative = native.Decrypt(toCarol, carol.PrivateKey);
        using var byManaged = managed.Decrypt(toBob, bob.PrivateKey);
        Assert.Equal(plaintext, byNative);
        Assert.Equal(plaintext, byManaged);
        Assert.Equal(RecryptError.DecryptFailed, Assert.Throws<RecryptException>(() => managed.Decrypt(toCarol, bob.PrivateKey)).Error);
        Assert.Equal(RecryptBackend.Managed, managed.Backend);
    }

    // Helpers

    private static JsonElement Load(string file) =>
        JsonDocument.Parse(RepositoryFiles.ReadAllText("native", "tests", "vectors", "api480", file)).RootElement;

    private static JsonElement.ArrayEnumerator Cases(string file, string list) => Load(file).GetProperty(list).EnumerateArray();

    private static ChaCha20Random Seeded(JsonElement c) => new(Bytes(c, "rngSeed"));

    private static byte[] Bytes(JsonElement e, string name) => Convert.FromHexString(e.GetProperty(name).GetString()!);

    private static byte[] AugmentingKey(JsonElement e) =>
        e.GetProperty("augmentedPrivateKey").ValueKind == JsonValueKind.Null ? [] : Bytes(e, "augmentedPrivateKey");

    private static byte[] PublicKey(JsonElement e) => [.. Bytes(e, "x"), .. Bytes(e, "y")];

    private static BigInteger Integer(byte[] bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static string Hex(in Fp2<Fp480> x)
    {
        var bytes = new byte[Fp2<Fp480>.Size];
        x.WriteBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static byte[] Plaintext(ChaCha20Random random)
    {
        var m = Scheme.RandomGt(random);
        var bytes = new byte[Fp12.Size];
        m.WriteBytes(bytes);
        return bytes;
    }

    private static (byte[] Private, byte[] Public) KeyPair(ChaCha20Random random, JsonElement expected)
    {
        var pair = (Private: new byte[FieldSize], Public: new byte[2 * FieldSize]);
        Scheme.GenerateKeyPair(random, pair.Private, pair.Public);
        Assert.Equal(Bytes(expected, "privateKey"), pair.Private);
        Assert.Equal(PublicKey(expected.GetProperty("publicKey")), pair.Public);
        return pair;
    }

    private static byte[] SigningKeyPair(ChaCha20Random random, JsonElement expected)
    {
        var pair = new byte[64];
        SigningKeys.GenerateSigningKeyPair(random, pair);
        Assert.Equal(Bytes(expected, "privateKey"), pair);
        return pair;
    }

    private static byte[] Decrypt(in Value value, byte[] privateKey)
    {
        var plaintext = new byte[Fp12.Size];
        Scheme.Decrypt(value, privateKey, plaintext);
        return plaintext;
    }

    private static SchemeException? Outcome(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (SchemeException e)
        {
            return e;
        }
    }

    /// <summary>The vector's outcome: its result, or an error (recrypt's text for these cases is an invalid public key).</summary>
    private static void AssertOutcome(JsonElement c, SchemeException? outcome, Func<byte[]> expected, byte[] actual)
    {
        if (c.TryGetProperty("error", out _))
        {
            Assert.Equal(SchemeError.InvalidPublicKey, Assert.IsType<SchemeException>(outcome).Error);
        }
        else
        {
            Assert.Null(outcome);
            Assert.Equal(expected(), actual);
        }
    }

    private static string ValueHex(in Value value)
    {
        var parts = new List<byte[]> { Encode(value.EphemeralPublicKey), value.EncryptedMessageBytes.ToArray() };
        parts.Add(((ReadOnlySpan<byte>)value.AuthHash).ToArray());
        parts.Add(((ReadOnlySpan<byte>)value.PublicSigningKey).ToArray());
        parts.Add(((ReadOnlySpan<byte>)value.Signature).ToArray());
        foreach (var block in value.Blocks)
        {
            var bytes = new byte[Block.Size];
            block.WriteBytes(bytes);
            parts.Add(bytes);
        }
        return string.Join("|", parts.Select(Convert.ToHexStringLower));
    }

    private static string ValueHex(JsonElement e)
    {
        var parts = new List<string>
        {
            Convert.ToHexStringLower(PublicKey(e.GetProperty("ephemeralPublicKey"))),
            e.GetProperty("encryptedMessage").GetString()!,
            e.GetProperty("authHash").GetString()!,
            e.GetProperty("publicSigningKey").GetString()!,
            e.GetProperty("signature").GetString()!,
        };
        parts.AddRange(e.GetProperty("transformBlocks").EnumerateArray().Select(b => Convert.ToHexStringLower(BlockBytes(b))));
        return string.Join("|", parts);
    }

    private static byte[] BlockBytes(JsonElement b) =>
    [
        .. PublicKey(b.GetProperty("publicKey")), .. Bytes(b, "encryptedTempKey"),
        .. PublicKey(b.GetProperty("randomTransformPublicKey")), .. Bytes(b, "randomTransformEncryptedTempKey"),
    ];

    private static Value ReadValue(JsonElement e, Block[] blocks)
    {
        var value = new Value { EphemeralPublicKey = Scheme.DecodePublicKey(PublicKey(e.GetProperty("ephemeralPublicKey"))), Blocks = blocks };
        Bytes(e, "encryptedMessage").CopyTo(value.EncryptedMessage);
        Bytes(e, "authHash").CopyTo(value.AuthHash);
        Bytes(e, "publicSigningKey").CopyTo(value.PublicSigningKey);
        Bytes(e, "signature").CopyTo(value.Signature);
        var i = 0;
        foreach (var b in e.GetProperty("transformBlocks").EnumerateArray())
        {
            blocks[i++] = Scheme.DecodeBlock(BlockBytes(b));
        }
        Assert.Equal(blocks.Length, i);
        return value;
    }

    private static Key ReadKey(JsonElement e)
    {
        var key = new Key
        {
            EphemeralPublicKey = Scheme.DecodePublicKey(PublicKey(e.GetProperty("ephemeralPublicKey"))),
            ToPublicKey = Scheme.DecodePublicKey(PublicKey(e.GetProperty("toPublicKey"))),
            EncryptedTempKey = Fp12.FromBytesReduced(Bytes(e, "encryptedTempKey")),
            HashedTempKey = Scheme.DecodeHashedTempKey(Bytes(e, "hashedTempKey")),
        };
        Bytes(e, "hashedTempKey").CopyTo(key.HashedTempKeyInput);
        Bytes(e, "publicSigningKey").CopyTo(key.PublicSigningKey);
        Bytes(e, "signature").CopyTo(key.Signature);
        return key;
    }

    private static string KeyHex(in Key key)
    {
        var etk = new byte[Fp12.Size];
        key.EncryptedTempKey.WriteBytes(etk);
        return string.Join("|", new[]
        {
            Encode(key.ToPublicKey), Encode(key.EphemeralPublicKey), etk, key.HashedTempKeyBytes.ToArray(),
            ((ReadOnlySpan<byte>)key.PublicSigningKey).ToArray(), ((ReadOnlySpan<byte>)key.Signature).ToArray(),
        }.Select(Convert.ToHexStringLower));
    }

    private static string KeyHex(JsonElement e) => string.Join("|", new[]
    {
        Convert.ToHexStringLower(PublicKey(e.GetProperty("toPublicKey"))), Convert.ToHexStringLower(PublicKey(e.GetProperty("ephemeralPublicKey"))),
        e.GetProperty("encryptedTempKey").GetString()!, e.GetProperty("hashedTempKey").GetString()!,
        e.GetProperty("publicSigningKey").GetString()!, e.GetProperty("signature").GetString()!,
    });

    private static byte[] Encode(in Affine<Fp480, G1Curve<Fp480>> point)
    {
        var bytes = new byte[2 * FieldSize];
        point.WriteBytes(bytes);
        return bytes;
    }
}
