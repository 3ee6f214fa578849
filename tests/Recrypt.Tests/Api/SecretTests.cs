namespace Recrypt.Tests.Api;

/// <summary>What every secret type (PrivateKey, Plaintext, SymmetricKey, SigningKeyPair) promises.</summary>
public sealed class SecretTests
{
    public static TheoryData<string> Types => SecretCases.Names;

    [Theory]
    [MemberData(nameof(Types))]
    public void Dispose_ZeroesTheBackingArray(string type)
    {
        var secret = SecretCases.Create(type);
        var backing = secret.Bytes.BackingArrayForTests;
        Assert.Contains(backing, b => b != 0);

        secret.Dispose();

        Assert.All(backing, b => Assert.Equal(0, b));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void EveryMember_AfterDispose_ThrowsObjectDisposedException(string type)
    {
        var secret = SecretCases.Create(type);

        secret.Dispose();

        Assert.All(secret.Members, member =>
        {
            var exception = Assert.Throws<ObjectDisposedException>(member.Call);
            Assert.Equal(secret.Value.GetType().FullName, exception.ObjectName);
        });
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Dispose_Twice_DoesNothingMore(string type)
    {
        var secret = SecretCases.Create(type);

        secret.Dispose();
        secret.Dispose();

        Assert.Equal($"{type} ({secret.Bytes.Length} bytes)", secret.Value.ToString());
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void ToString_NeverShowsTheBytes(string type)
    {
        using var secret = SecretCases.Create(type);
        var bytes = secret.Bytes.Span.ToArray();

        var text = secret.Value.ToString()!;

        Assert.DoesNotContain(Convert.ToHexStringLower(bytes[..4]), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(bytes)[..6], text, StringComparison.Ordinal);
        Assert.Equal($"{type} ({bytes.Length} bytes)", text);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Export_AndTryExport_GiveTheSameBytes(string type)
    {
        using var secret = SecretCases.Create(type);
        var exported = (byte[])secret.Value.GetType().GetMethod("Export")!.Invoke(secret.Value, null)!;
        var tooSmall = new byte[exported.Length - 1];

        Assert.Equal(secret.Bytes.Span.ToArray(), exported);
        Assert.False(secret.Bytes.TryExport(tooSmall, out var written));
        Assert.Equal(0, written);
        Assert.All(tooSmall, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Import_ThenExport_GivesTheSameBytes()
    {
        var w = World.Instance;
        var destination = new byte[SigningKeyPair.Size + 1];

        using var privateKey = PrivateKey.Import(w.AlicePrivate.Export());
        using var plaintext = Plaintext.Import(w.Plaintext.Export());
        using var pair = SigningKeyPair.Import(w.Signing.Export());

        Assert.Equal(w.AlicePrivate.Export(), privateKey.Export());
        Assert.Equal(w.Plaintext.Export(), plaintext.Export());
        Assert.Equal(w.Signing.Export(), pair.Export());
        Assert.Equal(w.Signing.PublicKey, pair.PublicKey);
        Assert.True(pair.TryExport(destination, out var written));
        Assert.Equal(SigningKeyPair.Size, written);
        Assert.Equal(w.Signing.Export(), destination[..written]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PrivateKey.Size - 1)]
    [InlineData(PrivateKey.Size + 1)]
    public void PrivateKeyImport_OfTheWrongLength_ThrowsArgumentExceptionNamingTheParameter(int length)
    {
        var exception = Assert.Throws<ArgumentException>(() => PrivateKey.Import(new byte[length]));

        Assert.Equal("privateKey", exception.ParamName);
        Assert.Contains($"{PrivateKey.Size} bytes", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Plaintext.Size - 1)]
    [InlineData(Plaintext.Size + 1)]
    public void PlaintextImport_OfTheWrongLength_ThrowsArgumentExceptionNamingTheParameter(int length)
    {
        var exception = Assert.Throws<ArgumentException>(() => Plaintext.Import(new byte[length]));

        Assert.Equal("plaintext", exception.ParamName);
        Assert.Contains($"{Plaintext.Size} bytes", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SigningKeyPair.Size / 2)]
    [InlineData(SigningKeyPair.Size - 1)]
    [InlineData(SigningKeyPair.Size + 1)]
    public void SigningKeyPairImport_OfTheWrongLength_ThrowsArgumentExceptionNamingTheParameter(int length)
    {
        var exception = Assert.Throws<ArgumentException>(() => SigningKeyPair.Import(new byte[length]));

        Assert.Equal("signingKeyPair", exception.ParamName);
        Assert.Contains($"{SigningKeyPair.Size} bytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningKeyPairImport_WithAnotherPublicHalf_ThrowsInvalidSigningKeyPair()
    {
        var bytes = World.Instance.Signing.Export();
        bytes[^1] ^= 1;

        var exception = Assert.Throws<RecryptException>(() => SigningKeyPair.Import(bytes));

        Assert.Equal(RecryptError.InvalidSigningKeyPair, exception.Error);
        Assert.DoesNotContain(Convert.ToHexStringLower(bytes[..8]), exception.Message, StringComparison.Ordinal);
    }
}
