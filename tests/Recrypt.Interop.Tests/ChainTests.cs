using System.Text.Json.Nodes;

namespace Recrypt.Interop.Tests;

/// <summary>Who makes the transform keys of a chain.</summary>
public enum KeyMaker
{
    /// <summary>Recrypt for .NET makes every transform key.</summary>
    Ours,

    /// <summary>IronCore makes every transform key.</summary>
    Theirs,

    /// <summary>Each hop's transform key is made by the side that does not perform that hop.</summary>
    TheOtherSide,
}

/// <summary>
/// Mixed transform chains: the value is encrypted by one side, and each hop is transformed by the
/// other side than the one that produced its input. After every hop both sides decrypt.
/// </summary>
public sealed class ChainTests(IronCorePeer peer) : InteropTest(peer)
{
    public static TheoryData<int, Side, KeyMaker> Cases
    {
        get
        {
            var data = new TheoryData<int, Side, KeyMaker>();
            for (var hops = 1; hops <= 3; hops++)
            {
                foreach (var firstTransformer in Enum.GetValues<Side>())
                {
                    foreach (var keyMaker in Enum.GetValues<KeyMaker>())
                    {
                        data.Add(hops, firstTransformer, keyMaker);
                    }
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachHopCrossesToTheOtherSide(int hops, Side firstTransformer, KeyMaker keyMaker)
    {
        // Key pairs alternate between the sides too, so private keys cross as well.
        var keys = Enumerable.Range(0, hops + 1).Select(i => Of(i % 2 == 0 ? Side.Ours : Side.Theirs).GenerateKeyPair()).ToArray();
        var encryptor = Other(firstTransformer);
        var plaintext = Of(encryptor).GeneratePlaintext();
        var value = Of(encryptor).Encrypt(plaintext, keys[0].PublicKeyJson, Of(encryptor).GenerateSigningKeyPair());
        AssertBothDecrypt(value, keys[0], plaintext, level: 0);

        var transformer = firstTransformer;
        for (var hop = 0; hop < hops; hop++)
        {
            var maker = keyMaker switch
            {
                KeyMaker.Ours => Us,
                KeyMaker.Theirs => Them,
                _ => Of(Other(transformer)),
            };
            var transformKey = maker.GenerateTransformKey(keys[hop].PrivateKey, keys[hop + 1].PublicKeyJson, maker.GenerateSigningKeyPair());

            value = Of(transformer).Transform(value, transformKey, Of(transformer).GenerateSigningKeyPair());

            Assert.Equal(hop + 1, JsonNode.Parse(value)!["transformBlocks"]!.AsArray().Count);
            AssertBothDecrypt(value, keys[hop + 1], plaintext, level: hop + 1);
            transformer = Other(transformer);
        }
    }

    private void AssertBothDecrypt(string value, KeyPairData recipient, byte[] plaintext, int level)
    {
        Assert.True(plaintext.AsSpan().SequenceEqual(Us.Decrypt(value, recipient.PrivateKey)), $"{Us} failed to decrypt level {level}");
        Assert.True(plaintext.AsSpan().SequenceEqual(Them.Decrypt(value, recipient.PrivateKey)), $"{Them} failed to decrypt level {level}");
    }
}
