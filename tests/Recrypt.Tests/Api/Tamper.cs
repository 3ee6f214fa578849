namespace Recrypt.Tests.Api;

/// <summary>Changes to an encoding, one at a time.</summary>
internal static class Tamper
{
    /// <summary>A copy of <paramref name="encoding"/> with the last byte of <paramref name="field"/> XORed with 1.</summary>
    public static byte[] FlipLastByte(byte[] encoding, Field field)
    {
        var tampered = encoding.ToArray();
        tampered[field.End - 1] ^= 1;
        return tampered;
    }

    /// <summary>The ways to damage the framing of an encoding, with what each does.</summary>
    public static IEnumerable<(string Name, Func<byte[], byte[]> Damage)> Framing()
    {
        yield return ("empty", _ => []);
        yield return ("version byte only", e => e[..1]);
        yield return ("truncated by one byte", e => e[..^1]);
        yield return ("extended by one byte", e => [.. e, 0]);
        yield return ("extended by a block's worth", e => [.. e, .. new byte[EncryptedValueLayout<Curve256>.BlockSize]]);
    }
}
