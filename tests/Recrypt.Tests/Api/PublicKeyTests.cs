using System.Numerics;

namespace Recrypt.Tests.Api;

public sealed class PublicKeyTests
{
    /// <summary>The field modulus p of the curve.</summary>
    private static readonly BigInteger s_p = BigInteger.Parse("08fb501e34aa387f9aa6fecb86184dc21ee5b88d120b5b59e185cac6c5e089667", System.Globalization.NumberStyles.HexNumber, null);

    [Fact]
    public void Import_OfAPoint_ExportsTheSameBytes()
    {
        var bytes = World.Instance.AlicePublic.Export();

        var key = PublicKey.Import(bytes);

        Assert.Equal(bytes, key.Export());
        Assert.Equal(World.Instance.AlicePublic, key);
        Assert.True(PublicKey.TryImport(bytes, out var tried));
        Assert.Equal(key, tried);
    }

    [Fact]
    public void Import_OfANonCanonicalCoordinate_GivesTheCanonicalPoint()
    {
        var generator = Point(BigInteger.One, 2);
        var xPlusP = Point(BigInteger.One + s_p, 2);

        var key = PublicKey.Import(xPlusP);

        Assert.Equal(generator, key.Export());
        Assert.Equal(PublicKey.Import(generator), key);
    }

    [Theory]
    [InlineData("not on the curve")]
    [InlineData("swapped coordinates")]
    [InlineData("the point at infinity, (0, 0)")]
    public void Import_OfNotAPoint_ThrowsInvalidPublicKey(string label)
    {
        var bytes = label switch
        {
            "not on the curve" => Point(1, 3),
            "swapped coordinates" => Point(2, 1),
            _ => new byte[PublicKey.Size],
        };

        Assert.Equal(RecryptError.InvalidPublicKey, Assert.Throws<RecryptException>(() => PublicKey.Import(bytes)).Error);
        Assert.False(PublicKey.TryImport(bytes, out var key));
        Assert.Null(key);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PublicKey.Size / 2)]
    [InlineData(PublicKey.Size - 1)]
    [InlineData(PublicKey.Size + 1)]
    public void Import_OfTheWrongLength_ThrowsArgumentExceptionNamingTheParameter(int length)
    {
        var exception = Assert.Throws<ArgumentException>(() => PublicKey.Import(new byte[length]));

        Assert.Equal("publicKey", exception.ParamName);
        Assert.Contains($"{PublicKey.Size} bytes", exception.Message, StringComparison.Ordinal);
        Assert.False(PublicKey.TryImport(new byte[length], out _));
    }

    [Fact]
    public void IronCoreJson_IsXAndYInHex()
    {
        var key = PublicKey.Import(Point(1, 2));

        var json = key.ToIronCoreJson();

        Assert.Equal($"{{\"x\":\"{new string('0', 63)}1\",\"y\":\"{new string('0', 63)}2\"}}", json);
        Assert.Equal(key, PublicKey.FromIronCoreJson(json));
    }

    [Theory]
    [InlineData("{\"x\":\"01\"}", "The field 'x' must be 32 bytes (64 hex digits), not 2 hex digits.")]
    [InlineData("{\"y\":\"02\"}", "The field 'x' is missing.")]
    [InlineData("\"0102\"", "Expected a public key object")]
    public void FromIronCoreJson_OfAnotherShape_ThrowsArgumentException(string json, string message)
    {
        var exception = Assert.Throws<ArgumentException>(() => PublicKey.FromIronCoreJson(json));

        Assert.Equal("json", exception.ParamName);
        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_IsByPoint()
    {
        var w = World.Instance;
        var copy = PublicKey.Import(w.AlicePublic.Export());

        Assert.True(w.AlicePublic == copy);
        Assert.False(w.AlicePublic != copy);
        Assert.Equal(w.AlicePublic.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(w.AlicePublic, w.BobPublic);
        Assert.False(w.AlicePublic == null);
        Assert.False(w.AlicePublic.Equals((object?)null));
        Assert.Equal(Convert.ToHexStringLower(w.AlicePublic.Export()), w.AlicePublic.ToString());
    }

    [Fact]
    public void PublicSigningKey_ImportsAnyThirtyTwoBytes_AndComparesByValue()
    {
        var bytes = World.Instance.Signing.PublicKey.Export();
        var destination = new byte[PublicSigningKey.Size];

        var key = PublicSigningKey.Import(bytes);

        Assert.Equal(World.Instance.Signing.PublicKey, key);
        Assert.True(key == World.Instance.Signing.PublicKey);
        Assert.Equal(World.Instance.Signing.PublicKey.GetHashCode(), key.GetHashCode());
        Assert.True(key.TryExport(destination, out var written));
        Assert.Equal(bytes, destination);
        Assert.Equal(PublicSigningKey.Size, written);
        Assert.True(PublicSigningKey.TryImport(bytes, out _));
        Assert.False(PublicSigningKey.TryImport(bytes.AsSpan(1), out _));
        Assert.Equal("publicSigningKey", Assert.Throws<ArgumentException>(() => PublicSigningKey.Import(bytes.AsSpan(1))).ParamName);
    }

    private static byte[] Point(BigInteger x, BigInteger y)
    {
        var bytes = new byte[PublicKey.Size];
        x.TryWriteBytes(bytes.AsSpan(32 - x.GetByteCount(isUnsigned: true), x.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        y.TryWriteBytes(bytes.AsSpan(64 - y.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }
}
