using System.Buffers;
using System.Security.Cryptography;

namespace Recrypt.Managed;

/// <summary>
/// SHA-512 and SHA-256 of a concatenation a ‖ b ‖ c without allocating: the parts are copied into a
/// stack buffer (or a pooled one when large) that is wiped afterwards, since a part may be secret
/// (the Ed25519 nonce prefix).
/// </summary>
internal static class Hashing
{
    private const int StackLimit = 1024;

    public static void Sha512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> digest) =>
        Hash(sha512: true, a, b, c, digest);

    public static void Sha256(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> digest) =>
        Hash(sha512: false, a, b, c, digest);

    private static void Hash(bool sha512, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> digest)
    {
        var length = a.Length + b.Length + c.Length;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        buffer = buffer[..length];
        try
        {
            a.CopyTo(buffer);
            b.CopyTo(buffer[a.Length..]);
            c.CopyTo(buffer[(a.Length + b.Length)..]);
            if (sha512)
            {
                SHA512.HashData(buffer, digest);
            }
            else
            {
                SHA256.HashData(buffer, digest);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
