using System.Diagnostics;
using Recrypt.Engines;
using Recrypt.Interop;

namespace Recrypt;

/// <summary>
/// An Ed25519 signing key pair: the 32-byte seed followed by the 32-byte public key, 64 bytes in
/// all (IronCore's <c>privateSigningKey</c>). It signs encrypted values and transform keys, so that
/// whoever receives them can tell they were not altered.
/// </summary>
/// <remarks>
/// The bytes live in memory that is zeroed by <see cref="Dispose"/>; after that every member but
/// <see cref="Dispose"/> and <see cref="ToString"/> throws <see cref="ObjectDisposedException"/>.
/// The bytes leave only through <see cref="Export"/> and <see cref="TryExport"/>.
/// </remarks>
[DebuggerDisplay("SigningKeyPair ({Size} bytes)")]
public sealed class SigningKeyPair : IDisposable
{
    /// <summary>The size of a signing key pair in bytes (64).</summary>
    public const int Size = NativeMethods.RECRYPT_SIGNING_KEY_PAIR_LEN;

    private const int SeedSize = Size - PublicSigningKey.Size;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly SecretBytes _secret;

    private readonly PublicSigningKey _publicKey;

    private SigningKeyPair(SecretBytes secret, PublicSigningKey publicKey)
    {
        _secret = secret;
        _publicKey = publicKey;
    }

    internal SecretBytes Secret => _secret;

    /// <summary>The public half, which verifies this pair's signatures.</summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    public PublicSigningKey PublicKey
    {
        get
        {
            _secret.ThrowIfDisposed();
            return _publicKey;
        }
    }

    /// <summary>Imports a signing key pair from its 64 bytes, checking that its halves belong together.</summary>
    /// <param name="signingKeyPair">The seed (32 bytes) followed by its Ed25519 public key (32 bytes).</param>
    /// <returns>A new signing key pair holding a copy of the bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="signingKeyPair"/> is not 64 bytes.</exception>
    /// <exception cref="RecryptException">The public half is not the seed's public key (<see cref="RecryptError.InvalidSigningKeyPair"/>).</exception>
    public static SigningKeyPair Import(ReadOnlySpan<byte> signingKeyPair)
    {
        Argument.ThrowIfNotSize(signingKeyPair, Size, nameof(signingKeyPair));
        var publicKey = new byte[PublicSigningKey.Size];
        RecryptEngines.Shared.ComputePublicSigningKey(signingKeyPair, publicKey);
        return new SigningKeyPair(new SecretBytes(typeof(SigningKeyPair), signingKeyPair), new PublicSigningKey(publicKey));
    }

    /// <summary>A pair that an engine has just written to <paramref name="secret"/>.</summary>
    internal static SigningKeyPair FromGenerated(SecretBytes secret) =>
        new(secret, new PublicSigningKey(secret.Span[SeedSize..].ToArray()));

    /// <summary>Exports the pair's 64 bytes into a new array, which the caller must protect.</summary>
    /// <returns>The seed followed by the public key.</returns>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    public byte[] Export() => _secret.Export();

    /// <summary>Exports the pair's 64 bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write the pair; at least 64 bytes.</param>
    /// <param name="bytesWritten">64 on success, else 0.</param>
    /// <returns><see langword="true"/> when <paramref name="destination"/> was large enough.</returns>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    public bool TryExport(Span<byte> destination, out int bytesWritten) => _secret.TryExport(destination, out bytesWritten);

    /// <summary>Zeroes the pair's bytes. Calling it again does nothing.</summary>
    public void Dispose() => _secret.Dispose();

    /// <summary>The type name and size; never the pair's bytes.</summary>
    /// <returns><c>SigningKeyPair (64 bytes)</c>.</returns>
    public override string ToString() => $"{nameof(SigningKeyPair)} ({Size} bytes)";
}
