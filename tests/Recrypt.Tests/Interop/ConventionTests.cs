using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Recrypt.Tests.Api;
using Recrypt.Tests.Vectors.Api480;

namespace Recrypt.Tests.Interop;

/// <summary>The conventions of the library, checked over its public surface by reflection.</summary>
public sealed class ConventionTests
{
    private static readonly Assembly s_library = typeof(TransformEncryption).Assembly;

    private static readonly Type[] s_secrets =
        [typeof(PrivateKey), typeof(Plaintext), typeof(PrivateKey480), typeof(Plaintext480), typeof(SymmetricKey), typeof(SigningKeyPair)];

    public static TheoryData<string> Secrets => new(s_secrets.Select(t => t.Name));

    /// <summary>The key pairs, which hold a secret (their private key) but show their public key.</summary>
    private static readonly Type[] s_keyPairs = [typeof(KeyPair), typeof(KeyPair480)];

    public static TheoryData<string> KeyPairs => new(s_keyPairs.Select(t => t.Name));

    [Fact]
    public void NoPublicType_LivesInTheInteropNamespace()
    {
        Assert.DoesNotContain(s_library.GetExportedTypes(), t => t.Namespace == "Recrypt.Interop");
    }

    [Fact]
    public void EveryPublicType_IsSealed()
    {
        Assert.All(s_library.GetExportedTypes(), t => Assert.True(t.IsSealed, $"{t.FullName} is not sealed"));
    }

    [Fact]
    public void EveryPublicType_LivesInTheRecryptNamespace()
    {
        Assert.All(s_library.GetExportedTypes(), t => Assert.Equal("Recrypt", t.Namespace));
    }

    [Fact]
    public void NoPublicMember_ExposesAPointer()
    {
        var members = s_library.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType.IsPointer || m.ReturnType == typeof(nint) || m.GetParameters().Any(p => p.ParameterType.IsPointer || p.ParameterType == typeof(nint)));

        Assert.Empty(members);
    }

    [Fact]
    public void EverySecretType_IsDisposableAndHasNoValueEquality_ButPlaintext()
    {
        // A plaintext compares in constant time (NewcomerApiTests), so that code can check a decryption without exporting it.
        Assert.All(s_secrets, t =>
        {
            Assert.True(typeof(IDisposable).IsAssignableFrom(t), $"{t.Name} is not IDisposable");
            Assert.Equal(t == typeof(Plaintext) || t == typeof(Plaintext480) ? t : typeof(object), t.GetMethod(nameof(Equals), [typeof(object)])!.DeclaringType);
        });
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void SecretDebuggerDisplay_ShowsOnlyTheTypeAndSize(string name)
    {
        var type = s_secrets.Single(t => t.Name == name);
        var display = type.GetCustomAttribute<DebuggerDisplayAttribute>();

        Assert.NotNull(display);
        Assert.Equal($"{name} ({{Size}} bytes)", display.Value);
        Assert.All(Regex.Matches(display.Value, @"\{[^}]*\}"), m => Assert.Equal("{Size}", m.Value));
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void SecretFields_AreHiddenFromTheDebugger(string name)
    {
        var type = s_secrets.Single(t => t.Name == name);
        var secretFields = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Where(f => f.FieldType == typeof(SecretBytes)).ToArray();

        Assert.Single(secretFields);
        Assert.Equal(DebuggerBrowsableState.Never, secretFields[0].GetCustomAttribute<DebuggerBrowsableAttribute>()?.State);
        Assert.Equal(
            DebuggerBrowsableState.Never,
            typeof(SecretBytes).GetField("_bytes", BindingFlags.Instance | BindingFlags.NonPublic)!.GetCustomAttribute<DebuggerBrowsableAttribute>()?.State);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void SecretToString_IsDeclaredByTheTypeAndShowsOnlyTheTypeAndSize(string name)
    {
        var type = s_secrets.Single(t => t.Name == name);

        Assert.Equal(type, type.GetMethod(nameof(ToString), Type.EmptyTypes)!.DeclaringType);
        using var secret = SecretCases.Create(name);
        Assert.Equal($"{name} ({secret.Bytes.Length} bytes)", secret.Value.ToString());
    }

    [Theory]
    [MemberData(nameof(KeyPairs))]
    public void KeyPairToStringAndDebuggerDisplay_ShowOnlyTheTypeAndThePublicKey(string name)
    {
        var type = s_keyPairs.Single(t => t.Name == name);
        var (pair, publicKey, privateKey) = NewKeyPair(name);
        using (pair)
        {
            Assert.Equal($"{name} (public key {{PublicKey}})", type.GetCustomAttribute<DebuggerDisplayAttribute>()?.Value);
            Assert.Equal(type, type.GetMethod(nameof(ToString), Type.EmptyTypes)!.DeclaringType);
            Assert.Equal($"{name} (public key {publicKey})", pair.ToString());
            Assert.DoesNotContain(Convert.ToHexStringLower(privateKey), pair.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    private static (IDisposable Pair, object PublicKey, byte[] PrivateKey) NewKeyPair(string name)
    {
        switch (name)
        {
            case nameof(KeyPair):
                var pair = Shared.Instance.GenerateKeyPair();
                return (pair, pair.PublicKey, pair.PrivateKey.Export());
            case nameof(KeyPair480):
                var pair480 = Scheme480.Instance(TestEngine.Current).GenerateKeyPair();
                return (pair480, pair480.PublicKey, pair480.PrivateKey.Export());
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "not a key pair type");
        }
    }
}
