using System.Text.Json;
using Layout = Recrypt.EncryptedValueLayout<Recrypt.Curve256>;

namespace Recrypt.Tests.Api;

public sealed class EncryptedValueTests
{
    /// <summary>Each field of a level-1 value, and what flipping its last byte does: fails on import, or on use.</summary>
    private static readonly Dictionary<string, (Field Field, RecryptError Error, bool OnImport)> s_fields = new()
    {
        ["version"] = (new Field(0, 1), RecryptError.UnsupportedEncodingVersion, true),
        ["tag"] = (new Field(1, 1), RecryptError.MalformedEncoding, true),
        ["ephemeralPublicKey"] = (Layout.EphemeralPublicKey, RecryptError.InvalidPublicKey, true),
        ["encryptedMessage"] = (Layout.EncryptedMessage, RecryptError.InvalidEncryptedValueSignature, false),
        ["authHash"] = (Layout.AuthHash, RecryptError.InvalidEncryptedValueSignature, false),
        ["publicSigningKey"] = (Layout.PublicSigningKey, RecryptError.InvalidEncryptedValueSignature, false),
        ["signature"] = (Layout.Signature, RecryptError.InvalidEncryptedValueSignature, false),
        ["blockCount"] = (Layout.BlockCount, RecryptError.MalformedEncoding, true),
        ["block.publicKey"] = (InBlock(Layout.BlockPublicKey), RecryptError.InvalidPublicKey, true),
        ["block.encryptedTempKey"] = (InBlock(Layout.BlockEncryptedTempKey), RecryptError.InvalidEncryptedValueSignature, false),
        ["block.randomTransformPublicKey"] = (InBlock(Layout.BlockRandomTransformPublicKey), RecryptError.InvalidPublicKey, true),
        ["block.randomTransformEncryptedTempKey"] = (InBlock(Layout.BlockRandomTransformEncryptedTempKey), RecryptError.InvalidEncryptedValueSignature, false),
    };

    public static TheoryData<string> Fields => new(s_fields.Keys);

    public static TheoryData<string> FramingDamage => new(Tamper.Framing().Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Fields))]
    public void AFlippedByte_InEachField_GivesTheDocumentedError(string name)
    {
        var w = World.Instance;
        var (field, error, onImport) = s_fields[name];
        var tampered = Tamper.FlipLastByte(w.ToBob.Export(), field);

        if (onImport)
        {
            Assert.Equal(error, Assert.Throws<RecryptException>(() => EncryptedValue.Import(tampered)).Error);
            Assert.False(EncryptedValue.TryImport(tampered, out var rejected));
            Assert.Null(rejected);
        }
        else
        {
            var value = EncryptedValue.Import(tampered);
            Assert.False(value.VerifySignature());
            Assert.Equal(error, Assert.Throws<RecryptException>(() => Shared.Instance.Decrypt(value, w.BobPrivate)).Error);
            Assert.Equal(error, Assert.Throws<RecryptException>(() => Shared.Instance.Transform(value, w.AliceToBob, w.Signing)).Error);
        }
    }

    [Theory]
    [MemberData(nameof(FramingDamage))]
    public void DamagedFraming_IsAMalformedEncoding(string damage)
    {
        var tampered = Tamper.Framing().Single(d => d.Name == damage).Damage(World.Instance.ToBob.Export());

        Assert.Equal(RecryptError.MalformedEncoding, Assert.Throws<RecryptException>(() => EncryptedValue.Import(tampered)).Error);
        Assert.False(EncryptedValue.TryImport(tampered, out _));
    }

    [Fact]
    public void ATransformKeysEncoding_IsNotAnEncryptedValue()
    {
        var encoding = World.Instance.AliceToBob.Export();

        Assert.Equal(RecryptError.MalformedEncoding, Assert.Throws<RecryptException>(() => EncryptedValue.Import(encoding)).Error);
    }

    [Fact]
    public void ExportThenImport_GivesAnEqualValue()
    {
        var value = World.Instance.ToBob;
        var destination = new byte[value.Size];

        var imported = EncryptedValue.Import(value.Export());

        Assert.Equal(value, imported);
        Assert.True(value == imported);
        Assert.Equal(value.GetHashCode(), imported.GetHashCode());
        Assert.True(imported.VerifySignature());
        Assert.True(EncryptedValue.TryImport(value.Export(), out var tried));
        Assert.Equal(value, tried);
        Assert.True(value.TryExport(destination, out var written));
        Assert.Equal(value.Size, written);
        Assert.Equal(value.Export(), destination);
        Assert.False(value.TryExport(destination.AsSpan(1), out written));
        Assert.Equal(0, written);
        Assert.NotEqual(World.Instance.ToAlice, value);
    }

    [Fact]
    public void Size_GrowsByOneBlockPerTransform()
    {
        Assert.Equal(Layout.BaseSize, World.Instance.ToAlice.Size);
        Assert.Equal(Layout.BaseSize + Layout.BlockSize, World.Instance.ToBob.Size);
    }

    [Fact]
    public void Properties_AreTheFieldsOfIronCoresShape()
    {
        var value = World.Instance.ToBob;
        var json = JsonDocument.Parse(value.ToIronCoreJson()).RootElement;
        var block = json.GetProperty("transformBlocks")[0];

        Assert.Equal(PublicKey.FromIronCoreJson(json.GetProperty("ephemeralPublicKey").GetRawText()), value.EphemeralPublicKey);
        Assert.Equal(Hex(json, "encryptedMessage"), value.EncryptedMessage.ToArray());
        Assert.Equal(Hex(json, "authHash"), value.AuthHash.ToArray());
        Assert.Equal(Hex(json, "publicSigningKey"), value.PublicSigningKey.Export());
        Assert.Equal(Hex(json, "signature"), value.Signature.ToArray());
        var transformBlock = Assert.Single(value.TransformBlocks);
        Assert.Equal(PublicKey.FromIronCoreJson(block.GetProperty("publicKey").GetRawText()), transformBlock.PublicKey);
        Assert.Equal(Hex(block, "encryptedTempKey"), transformBlock.EncryptedTempKey.ToArray());
        Assert.Equal(PublicKey.FromIronCoreJson(block.GetProperty("randomTransformPublicKey").GetRawText()), transformBlock.RandomTransformPublicKey);
        Assert.Equal(Hex(block, "randomTransformEncryptedTempKey"), transformBlock.RandomTransformEncryptedTempKey.ToArray());
    }

    [Fact]
    public void ATransform_AddsABlockFromTheTransformKey()
    {
        var w = World.Instance;

        var block = Assert.Single(w.ToBob.TransformBlocks);

        Assert.Empty(w.ToAlice.TransformBlocks);
        Assert.Equal(w.AliceToBob.EphemeralPublicKey, block.PublicKey);
        Assert.Equal(w.AliceToBob.EncryptedTempKey.ToArray(), block.EncryptedTempKey.ToArray());
        Assert.Equal(w.ToAlice.EphemeralPublicKey, w.ToBob.EphemeralPublicKey);
        Assert.Equal(w.Signing.PublicKey, w.ToBob.PublicSigningKey);
    }

    [Fact]
    public void IronCoreJson_RoundTrips()
    {
        var value = World.Instance.ToBob;

        Assert.Equal(value, EncryptedValue.FromIronCoreJson(value.ToIronCoreJson()));
    }

    [Theory]
    [InlineData("not json", "Not valid JSON")]
    [InlineData("[]", "Expected an object")]
    [InlineData("{}", "'transformBlocks' is missing")]
    [InlineData("{\"transformBlocks\": {}}", "'transformBlocks' must be a JSON Array")]
    public void FromIronCoreJson_OfAnotherShape_ThrowsArgumentException(string json, string reason)
    {
        var exception = Assert.Throws<ArgumentException>(() => EncryptedValue.FromIronCoreJson(json));

        Assert.Equal("json", exception.ParamName);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authHash", "remove", "The field 'authHash' is missing.")]
    [InlineData("authHash", "truncate", "The field 'authHash' must be 32 bytes (64 hex digits), not 62 hex digits.")]
    [InlineData("authHash", "not hex", "The field 'authHash' is not a hex string.")]
    [InlineData("authHash", "number", "The field 'authHash' must be a JSON String, not Number.")]
    [InlineData("ephemeralPublicKey.x", "truncate", "The field 'ephemeralPublicKey.x' must be 32 bytes (64 hex digits), not 62 hex digits.")]
    [InlineData("transformBlocks.0.encryptedTempKey", "truncate", "The field 'transformBlocks[0].encryptedTempKey' must be 384 bytes (768 hex digits), not 766 hex digits.")]
    [InlineData("transformBlocks.0.publicKey", "number", "The field 'transformBlocks[0].publicKey' must be a JSON Object, not Number.")]
    [InlineData("transformBlocks.0", "number", "Expected an object at 'transformBlocks[0]', found Number.")]
    public void FromIronCoreJson_WithABadField_NamesTheField(string path, string change, string message)
    {
        var json = JsonEdit.Change(World.Instance.ToBob.ToIronCoreJson(), path, change);

        var exception = Assert.Throws<ArgumentException>(() => EncryptedValue.FromIronCoreJson(json));

        Assert.Equal("json", exception.ParamName);
        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromIronCoreJson_AcceptsUppercaseHexAndUnknownFields()
    {
        var json = JsonEdit.UppercaseWithExtraProperties(World.Instance.ToBob.ToIronCoreJson());

        Assert.Equal(World.Instance.ToBob, EncryptedValue.FromIronCoreJson(json));
    }

    private static Field InBlock(Field field) => new(Layout.Block(0).Offset + field.Offset, field.Length);

    private static byte[] Hex(JsonElement element, string name) => Convert.FromHexString(element.GetProperty(name).GetString()!);
}
