using System.Buffers.Text;
using System.Text;

namespace Recrypt.Service.Tests;

/// <summary>
/// Secrets planted on the client side, and the check that none of them shows up where the service could
/// have put it: in raw bytes, hex (either case), base64, base64url or a JSON array of numbers.
/// </summary>
public sealed class Canaries
{
    private const int RawWindow = 16;

    private readonly List<(string Name, byte[] Bytes)> _secrets = [];

    public void Add(string name, ReadOnlySpan<byte> secret) => _secrets.Add((name, secret.ToArray()));

    public int Count => _secrets.Count;

    /// <summary>Asserts that no secret appears in <paramref name="text"/>, in any textual form.</summary>
    public void AssertAbsentFromText(string where, string text)
    {
        foreach (var (name, bytes) in _secrets)
        {
            foreach (var (form, value) in TextForms(bytes))
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"{name} appears ({form}) in {where}.");
            }
        }
    }

    /// <summary>
    /// Asserts that no secret appears in <paramref name="bytes"/>: no 16-byte run of a secret as raw
    /// bytes, and no secret in a textual form encoded as UTF-8.
    /// </summary>
    public void AssertAbsentFromBytes(string where, ReadOnlySpan<byte> bytes)
    {
        foreach (var (name, secret) in _secrets)
        {
            for (var offset = 0; offset + RawWindow <= secret.Length; offset++)
            {
                Assert.False(bytes.IndexOf(secret.AsSpan(offset, RawWindow)) >= 0, $"{name} (bytes {offset}..{offset + RawWindow}) appears raw in {where}.");
            }
            foreach (var (form, value) in TextForms(secret))
            {
                Assert.False(bytes.IndexOf(Encoding.UTF8.GetBytes(value)) >= 0, $"{name} appears ({form}) in {where}.");
            }
        }
    }

    private static IEnumerable<(string Form, string Value)> TextForms(byte[] secret)
    {
        yield return ("hex", Convert.ToHexStringLower(secret));
        yield return ("HEX", Convert.ToHexString(secret));
        yield return ("base64", Convert.ToBase64String(secret).TrimEnd('='));
        yield return ("base64url", Base64Url.EncodeToString(secret));
        yield return ("JSON array", string.Join(',', secret));
        yield return ("JSON array with spaces", string.Join(", ", secret));
    }
}
