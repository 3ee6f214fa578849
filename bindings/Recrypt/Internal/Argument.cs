namespace Recrypt;

/// <summary>Argument checks shared by the public API; they run before any native call.</summary>
internal static class Argument
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the parameter unless <paramref name="value"/> has exactly <paramref name="size"/> bytes.</summary>
    internal static void ThrowIfNotSize(ReadOnlySpan<byte> value, int size, string paramName)
    {
        if (value.Length != size)
        {
            throw new ArgumentException($"Must be exactly {size} bytes, not {value.Length}.", paramName);
        }
    }
}
