using System.Diagnostics;
using System.Security.Cryptography;

namespace Recrypt;

/// <summary>
/// The bytes of one secret, in a pinned array (the garbage collector never leaves a copy behind)
/// that <see cref="Dispose"/> zeroes. Every read after that throws <see cref="ObjectDisposedException"/>
/// naming the public type that owns the secret.
/// </summary>
[DebuggerDisplay("{Length} secret bytes")]
internal sealed class SecretBytes : IDisposable
{
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly byte[] _bytes;

    private readonly Type _owner;
    private volatile bool _disposed;

    /// <summary>A zeroed secret of <paramref name="length"/> bytes, to be filled through <see cref="Writable"/>.</summary>
    internal SecretBytes(Type owner, int length)
    {
        _owner = owner;
        _bytes = GC.AllocateArray<byte>(length, pinned: true);
    }

    /// <summary>A secret holding a copy of <paramref name="source"/>.</summary>
    internal SecretBytes(Type owner, ReadOnlySpan<byte> source)
        : this(owner, source.Length) => source.CopyTo(_bytes);

    /// <summary>A secret of <typeparamref name="TOwner"/> holding a copy of <paramref name="source"/>, which must be <paramref name="size"/> bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not <paramref name="size"/> bytes.</exception>
    internal static SecretBytes Import<TOwner>(ReadOnlySpan<byte> source, int size, string paramName)
    {
        Argument.ThrowIfNotSize(source, size, paramName);
        return new SecretBytes(typeof(TOwner), source);
    }

    internal int Length => _bytes.Length;

    internal ReadOnlySpan<byte> Span
    {
        get
        {
            ThrowIfDisposed();
            return _bytes;
        }
    }

    /// <summary>For the code that creates the secret, to fill it once.</summary>
    internal Span<byte> Writable
    {
        get
        {
            ThrowIfDisposed();
            return _bytes;
        }
    }

    /// <summary>The backing array itself, so that tests can see it zeroed after <see cref="Dispose"/>.</summary>
    internal byte[] BackingArrayForTests => _bytes;

    internal byte[] Export() => Span.ToArray();

    internal bool TryExport(Span<byte> destination, out int bytesWritten) => Encodings.TryCopy(Span, destination, out bytesWritten);

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, _owner);

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_bytes);
    }
}
