using System.Buffers;
using System.Security.Cryptography;

namespace Recrypt.Service.Identities;

/// <summary>
/// An identity's id: the lowercase hex of the first 16 bytes of SHA-256 of its Ed25519 signing public
/// key (32 hex digits). A client knows its id before it registers, and an id names exactly one key.
/// </summary>
internal static class IdentityId
{
    /// <summary>The length of an id in characters.</summary>
    public const int Length = 32;

    private static readonly SearchValues<char> s_lowercaseHex = SearchValues.Create("0123456789abcdef");

    public static string FromSigningKey(ReadOnlySpan<byte> signingPublicKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(signingPublicKey, hash);
        return Convert.ToHexStringLower(hash[..(Length / 2)]);
    }

    /// <summary>Whether <paramref name="value"/> has the shape of an id (32 lowercase hex digits).</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.AsSpan().IndexOfAnyExcept(s_lowercaseHex) < 0;
}
