namespace Recrypt;

/// <summary>Copying, comparing and hashing the immutable encodings held by the public value types.</summary>
internal static class Encodings
{
    /// <summary>Copies <paramref name="source"/> when <paramref name="destination"/> is large enough.</summary>
    internal static bool TryCopy(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        if (!source.TryCopyTo(destination))
        {
            bytesWritten = 0;
            return false;
        }
        bytesWritten = source.Length;
        return true;
    }

    internal static int GetHashCode(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
