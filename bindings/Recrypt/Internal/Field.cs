namespace Recrypt;

/// <summary>A fixed-size field at a fixed offset inside an encoding.</summary>
internal readonly record struct Field(int Offset, int Length)
{
    /// <summary>The first byte after the field.</summary>
    internal int End => Offset + Length;

    /// <summary>The field of <paramref name="length"/> bytes that follows this one.</summary>
    internal Field Next(int length) => new(End, length);

    internal ReadOnlySpan<byte> In(ReadOnlySpan<byte> encoding) => encoding.Slice(Offset, Length);

    internal Span<byte> WritableIn(Span<byte> encoding) => encoding.Slice(Offset, Length);
}
