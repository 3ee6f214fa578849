using Layout = Recrypt.TransformKeyLayout<Recrypt.Curve256>;

namespace Recrypt.Tests.Api;

public sealed class TransformKeyTests
{
    /// <summary>Each field of a transform key, and what flipping its last byte does: fails on import, or on use.</summary>
    private static readonly Dictionary<string, (Field Field, RecryptError Error, bool OnImport)> s_fields = new()
    {
        ["version"] = (new Field(0, 1), RecryptError.UnsupportedEncodingVersion, true),
        ["tag"] = (new Field(1, 1), RecryptError.MalformedEncoding, true),
        ["ephemeralPublicKey"] = (Layout.EphemeralPublicKey, RecryptError.InvalidPublicKey, true),
        ["toPublicKey"] = (Layout.ToPublicKey, RecryptError.InvalidPublicKey, true),
        ["encryptedTempKey"] = (Layout.EncryptedTempKey, RecryptError.InvalidTransformKeySignature, false),
        ["hashedTempKey"] = (Layout.HashedTempKey, RecryptError.DecodeFailed, true),
        ["publicSigningKey"] = (Layout.PublicSigningKey, RecryptError.InvalidTransformKeySignature, false),
        ["signature"] = (Layout.Signature, RecryptError.InvalidTransformKeySignature, false),
    };

    public static TheoryData<string> Fields => new(s_fields.Keys);

    public static TheoryData<string> FramingDamage => new(Tamper.Framing().Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Fields))]
    public void AFlippedByte_InEachField_GivesTheDocumentedError(string name)
    {
        var w = World.Instance;
        var (field, error, onImport) = s_fields[name];
        var tampered = Tamper.FlipLastByte(w.AliceToBob.Export(), field);

        if (onImport)
        {
            Assert.Equal(error, Assert.Throws<RecryptException>(() => TransformKey.Import(tampered)).Error);
            Assert.False(TransformKey.TryImport(tampered, out var rejected));
            Assert.Null(rejected);
        }
        else
        {
            var key = TransformKey.Import(tampered);
            Assert.False(key.VerifySignature());
            Assert.Equal(error, Assert.Throws<RecryptException>(() => Shared.Instance.Transform(w.ToAlice, key, w.Signing)).Error);
        }
    }

    [Theory]
    [MemberData(nameof(FramingDamage))]
    public void DamagedFraming_IsAMalformedEncoding(string damage)
    {
        var tampered = Tamper.Framing().Single(d => d.Name == damage).Damage(World.Instance.AliceToBob.Export());

        Assert.Equal(RecryptError.MalformedEncoding, Assert.Throws<RecryptException>(() => TransformKey.Import(tampered)).Error);
        Assert.False(TransformKey.TryImport(tampered, out _));
    }

    [Fact]
    public void AnEncryptedValuesEncoding_IsNotATransformKey()
    {
        var encoding = World.Instance.ToAlice.Export();

        Assert.Equal(RecryptError.MalformedEncoding, Assert.Throws<RecryptException>(() => TransformKey.Import(encoding)).Error);
    }

    [Fact]
    public void ExportThenImport_GivesAnEqualKey()
    {
        var key = World.Instance.AliceToBob;
        var destination = new byte[TransformKey.Size];

        var imported = TransformKey.Import(key.Export());

        Assert.Equal(key, imported);
        Assert.True(key == imported);
        Assert.Equal(key.GetHashCode(), imported.GetHashCode());
        Assert.True(imported.VerifySignature());
        Assert.True(TransformKey.TryImport(key.Export(), out var tried));
        Assert.Equal(key, tried);
        Assert.True(key.TryExport(destination, out var written));
        Assert.Equal(TransformKey.Size, written);
        Assert.False(key.TryExport(destination.AsSpan(1), out _));
        Assert.Equal(TransformKey.FromIronCoreJson(key.ToIronCoreJson()), key);
    }

    [Fact]
    public void Properties_AreTheFieldsOfTheKey()
    {
        var w = World.Instance;
        var key = w.AliceToBob;

        Assert.Equal(w.BobPublic, key.ToPublicKey);
        Assert.Equal(w.Signing.PublicKey, key.PublicSigningKey);
        Assert.Equal(Layout.EncryptedTempKey.Length, key.EncryptedTempKey.Length);
        Assert.Equal(Layout.HashedTempKey.Length, key.HashedTempKey.Length);
        Assert.Equal(TransformEncryption.Ed25519SignatureSize, key.Signature.Length);
        Assert.NotEqual(w.BobPublic, key.EphemeralPublicKey);
    }

    [Fact]
    public void ToIronCoreBytes_AreTheFieldsWithoutFramingOrSignature()
    {
        var key = World.Instance.AliceToBob;
        var bytes = new byte[TransformKey.IronCoreBytesSize];

        key.ToIronCoreBytes(bytes);

        Assert.Equal(key.Export()[Layout.EphemeralPublicKey.Offset..Layout.PublicSigningKey.End], bytes);
        Assert.Equal(bytes, key.ToIronCoreBytes());
    }

    [Theory]
    [InlineData(TransformKey.IronCoreBytesSize - 1)]
    [InlineData(TransformKey.IronCoreBytesSize + 1)]
    public void ToIronCoreBytes_IntoAWrongSizedBuffer_ThrowsArgumentException(int size)
    {
        var exception = Assert.Throws<ArgumentException>(() => World.Instance.AliceToBob.ToIronCoreBytes(new byte[size]));

        Assert.Equal("destination", exception.ParamName);
    }

    [Fact]
    public void AugmentTransformKey_ChangesOnlyTheHashedTempKey()
    {
        var w = World.Instance;
        var original = w.AliceToBob.Export();

        var augmented = Shared.Instance.AugmentTransformKey(w.AliceToBob, w.BobPrivate).Export();

        Assert.True(TransformKey.Import(augmented).VerifySignature());
        Assert.NotEqual(original[Layout.HashedTempKey.Offset..Layout.HashedTempKey.End], augmented[Layout.HashedTempKey.Offset..Layout.HashedTempKey.End]);
        Assert.Equal(original[..Layout.HashedTempKey.Offset], augmented[..Layout.HashedTempKey.Offset]);
        Assert.Equal(original[Layout.HashedTempKey.End..], augmented[Layout.HashedTempKey.End..]);
    }

    [Theory]
    [InlineData("hashedTempKey", "remove", "The field 'hashedTempKey' is missing.")]
    [InlineData("hashedTempKey", "truncate", "The field 'hashedTempKey' must be 128 bytes (256 hex digits), not 254 hex digits.")]
    [InlineData("toPublicKey.y", "not hex", "The field 'toPublicKey.y' is not a hex string.")]
    [InlineData("toPublicKey", "number", "The field 'toPublicKey' must be a JSON Object, not Number.")]
    [InlineData("signature", "truncate", "The field 'signature' must be 64 bytes (128 hex digits), not 126 hex digits.")]
    public void FromIronCoreJson_WithABadField_NamesTheField(string path, string change, string message)
    {
        var json = JsonEdit.Change(World.Instance.AliceToBob.ToIronCoreJson(), path, change);

        var exception = Assert.Throws<ArgumentException>(() => TransformKey.FromIronCoreJson(json));

        Assert.Equal("json", exception.ParamName);
        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromIronCoreJson_AcceptsUppercaseHexAndUnknownFields()
    {
        var json = JsonEdit.UppercaseWithExtraProperties(World.Instance.AliceToBob.ToIronCoreJson());

        Assert.Equal(World.Instance.AliceToBob, TransformKey.FromIronCoreJson(json));
    }
}
