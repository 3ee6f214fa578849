using System.Reflection;
using System.Xml.Linq;

namespace Recrypt.Tests.Api;

/// <summary>What a .NET developer expects of the library: a disposable key pair, plaintext equality, consistent text, public-only docs.</summary>
public sealed class NewcomerApiTests
{
    private static readonly Assembly s_library = typeof(TransformEncryption).Assembly;

    [Fact]
    public void AKeyPair_IsDisposable_AndZeroesItsPrivateKey()
    {
        PrivateKey privateKey;
        using (var pair = Shared.Instance.GenerateKeyPair())
        {
            privateKey = pair.PrivateKey;
            Assert.Equal(pair.PublicKey, Shared.Instance.ComputePublicKey(pair.PrivateKey));
            Assert.Contains(pair.PrivateKey.Secret.BackingArrayForTests, b => b != 0);
        }
        Assert.All(privateKey.Secret.BackingArrayForTests, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => privateKey.Export());
    }

    [Fact]
    public void AKeyPair_Deconstructs_IntoKeysTheCallerOwns()
    {
        var pair = Shared.Instance.GenerateKeyPair();
        var (privateKey, publicKey) = pair;
        Assert.Same(pair.PrivateKey, privateKey);
        Assert.Same(pair.PublicKey, publicKey);
        privateKey.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pair.PrivateKey.Export());
    }

    [Fact]
    public void AKeyPair_ShowsOnlyItsPublicKey()
    {
        using var pair = Shared.Instance.GenerateKeyPair();
        Assert.Equal($"KeyPair (public key {pair.PublicKey})", pair.ToString());
        Assert.DoesNotContain(Convert.ToHexStringLower(pair.PrivateKey.Export()), pair.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plaintexts_AreEqualWhenTheirBytesAre()
    {
        using var plaintext = Shared.Instance.GeneratePlaintext();
        using var same = Plaintext.Import(plaintext.Export());
        using var other = Shared.Instance.GeneratePlaintext();

        Assert.True(plaintext.Equals(same));
        Assert.True(plaintext == same);
        Assert.Equal(plaintext, same);
        Assert.False(plaintext.Equals(other));
        Assert.True(plaintext != other);
        Assert.False(plaintext.Equals(null));
        Assert.Equal(plaintext.GetHashCode(), other.GetHashCode());

        // Decrypting gives a plaintext equal to the one encrypted.
        using var alice = Shared.Instance.GenerateKeyPair();
        using var signing = Shared.Instance.GenerateSigningKeyPair();
        using var decrypted = Shared.Instance.Decrypt(Shared.Instance.Encrypt(plaintext, alice.PublicKey, signing), alice.PrivateKey);
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public void PlaintextEquality_UsesTheConstantTimeComparison()
    {
        // The comparison is CryptographicOperations.FixedTimeEquals (no early exit): the IL of Equals calls it.
        var equals = typeof(Plaintext).GetMethod(nameof(Plaintext.Equals), [typeof(Plaintext)])!;
        var body = equals.GetMethodBody()!.GetILAsByteArray()!;
        var fixedTimeEquals = typeof(System.Security.Cryptography.CryptographicOperations).GetMethod(
            nameof(System.Security.Cryptography.CryptographicOperations.FixedTimeEquals), [typeof(ReadOnlySpan<byte>), typeof(ReadOnlySpan<byte>)])!;
        Assert.Contains(CalledMethods(equals.Module, body), m => m == fixedTimeEquals);

        using var disposed = Shared.Instance.GeneratePlaintext();
        using var other = Shared.Instance.GeneratePlaintext();
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => disposed.Equals(other));
    }

    [Fact]
    public void PublicValues_ShowTheirEncodingAsHex()
    {
        var w = World.Instance;
        Assert.Equal(Convert.ToHexStringLower(w.AlicePublic.Export()), w.AlicePublic.ToString());
        Assert.Equal(Convert.ToHexStringLower(w.ToBob.Export()), w.ToBob.ToString());
        Assert.Equal(Convert.ToHexStringLower(w.AliceToBob.Export()), w.AliceToBob.ToString());
        Assert.Equal(Convert.ToHexStringLower(w.Signing.PublicKey.Export()), w.Signing.PublicKey.ToString());
        var block = Assert.Single(w.ToBob.TransformBlocks);
        Assert.Contains(block.ToString(), w.ToBob.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPublicType_DeclaresItsOwnToString()
    {
        var inherited = s_library.GetExportedTypes()
            .Where(t => !t.IsEnum && !t.IsAbstract && !typeof(Exception).IsAssignableFrom(t))
            .Where(t => t.GetMethod(nameof(ToString), Type.EmptyTypes)!.DeclaringType != t)
            .Select(t => t.Name);
        Assert.Empty(inherited);
    }

    [Fact]
    public void TheXmlDocumentation_DocumentsThePublicApiOnly()
    {
        var path = Path.ChangeExtension(s_library.Location, ".xml");
        var members = XDocument.Load(path).Root!.Element("members")!.Elements("member").Select(m => (string)m.Attribute("name")!).ToList();
        var exported = s_library.GetExportedTypes().ToDictionary(t => t.FullName!.Replace('+', '.'));

        Assert.All(exported.Keys, type => Assert.Contains("T:" + type, members));
        Assert.All(members, id =>
        {
            var kind = id[0];
            var path = id[2..].Split('(')[0];
            var typeName = kind == 'T' ? path : path[..path.LastIndexOf('.')];
            Assert.True(exported.TryGetValue(typeName, out var type), $"{id} documents a type that is not public");
            if (kind != 'T')
            {
                var name = path[(path.LastIndexOf('.') + 1)..].Replace('#', '.').Split('`')[0];
                var visible = type!.GetMember(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
                Assert.True(visible.Length > 0, $"{id} documents a member that is not public");
            }
        });
    }

    private static IEnumerable<MethodBase?> CalledMethods(Module module, byte[] il)
    {
        for (var i = 0; i < il.Length - 4; i++)
        {
            if (il[i] is 0x28 or 0x6F) // call, callvirt
            {
                MethodBase? method = null;
                try
                {
                    method = module.ResolveMethod(BitConverter.ToInt32(il, i + 1));
                }
                catch (ArgumentException)
                {
                    // Not a method token at this offset.
                }
                yield return method;
            }
        }
    }
}
