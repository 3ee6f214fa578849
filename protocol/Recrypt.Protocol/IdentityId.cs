using System.Buffers;
using System.Security.Cryptography;

namespace Recrypt.Protocol;

/// <summary>
/// An identity's id: the lowercase hex of the first 16 bytes of SHA-256 of its Ed25519 signing public
/// key (32 hex digits). A client knows its id before it registers, and an id names exactly one signing
/// key, which in turn certifies every recrypt public key of the identity (<see cref="KeyCertificate"/>).
/// Holding the right id for someone is therefore all it takes to verify their keys.
/// </summary>
public static class IdentityId
{
    /// <summary>The length of an id in characters.</summary>
    public const int Length = 32;

    private static readonly SearchValues<char> s_lowercaseHex = SearchValues.Create("0123456789abcdef");

    /// <summary>The id of the identity whose Ed25519 signing public key is <paramref name="signingPublicKey"/>.</summary>
    /// <param name="signingPublicKey">The 32-byte signing public key.</param>
    /// <returns>32 lowercase hex digits.</returns>
    public static string FromSigningKey(ReadOnlySpan<byte> signingPublicKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(signingPublicKey, hash);
        return Convert.ToHexStringLower(hash[..(Length / 2)]);
    }

    /// <summary>The id of the identity whose Ed25519 signing public key is <paramref name="signingPublicKey"/>.</summary>
    /// <param name="signingPublicKey">The signing public key.</param>
    /// <returns>32 lowercase hex digits.</returns>
    public static string FromSigningKey(PublicSigningKey signingPublicKey)
    {
        ArgumentNullException.ThrowIfNull(signingPublicKey);
        return FromSigningKey(signingPublicKey.Export());
    }

    /// <summary>Whether <paramref name="value"/> has the shape of an id (32 lowercase hex digits).</summary>
    /// <param name="value">The candidate.</param>
    /// <returns><see langword="true"/> for 32 lowercase hex digits.</returns>
    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.AsSpan().IndexOfAnyExcept(s_lowercaseHex) < 0;

    /// <summary>
    /// The id as a person reads it aloud or compares it on paper: eight groups of four hex digits, for
    /// example <c>13a4 4e71 9ca1 43c5 7063 af27 72a3 4d10</c>. It is the id itself, only spaced.
    /// </summary>
    /// <param name="id">A well-formed id.</param>
    /// <returns>The grouped id.</returns>
    public static string Fingerprint(string id)
    {
        if (!IsWellFormed(id))
        {
            throw new ArgumentException($"An id is {Length} lowercase hex digits.", nameof(id));
        }
        return string.Join(' ', Enumerable.Range(0, Length / 4).Select(group => id.Substring(group * 4, 4)));
    }
}
