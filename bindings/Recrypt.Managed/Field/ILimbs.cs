namespace Recrypt.Managed.Field;

/// <summary>
/// A fixed-size unsigned integer on little-endian 64-bit limbs and the constant-time limb arithmetic the
/// Montgomery fields are built from (<see cref="U256"/> for the 256-bit curve, <see cref="U512"/> for the
/// 480-bit one). Static abstract members, so generic code over <typeparamref name="L"/> is compiled once per
/// size with direct calls.
/// </summary>
internal interface ILimbs<L>
    where L : struct, ILimbs<L>
{
    /// <summary>The size in bytes (8 per limb).</summary>
    static abstract int Bytes { get; }

    static abstract L Zero { get; }

    static abstract L FromUInt64(ulong value);

    /// <summary>
    /// The integer of big-endian bytes, right-aligned: at most <see cref="Bytes"/> of them (<see cref="U256"/>
    /// takes exactly 32).
    /// </summary>
    static abstract L FromBigEndian(ReadOnlySpan<byte> bytes);

    /// <summary>The integer of <see cref="Bytes"/> little-endian bytes.</summary>
    static abstract L FromLittleEndian(ReadOnlySpan<byte> bytes);

    /// <summary>
    /// The low bytes, big-endian, filling <paramref name="destination"/> (at most <see cref="Bytes"/> long;
    /// <see cref="U256"/> writes its 32 at the start of a longer one).
    /// </summary>
    void WriteBigEndian(Span<byte> destination);

    /// <summary>The 4-bit digit <paramref name="index"/> (0 = least significant); the index is public.</summary>
    uint Nibble(int index);

    static abstract L Add(in L a, in L b, out ulong carry);

    static abstract L Sub(in L a, in L b, out ulong borrow);

    /// <summary><paramref name="b"/> where <paramref name="mask"/> is all ones, <paramref name="a"/> where it is zero.</summary>
    static abstract L Select(in L a, in L b, ulong mask);

    /// <summary>All ones when a = b, else zero; constant time.</summary>
    static abstract ulong EqualMask(in L a, in L b);

    /// <summary>1 when a &lt; b, else 0; constant time.</summary>
    static abstract ulong LessThan(in L a, in L b);

    /// <summary>hi·2^(8·Bytes) + v reduced to [0, m), for a value below 2m (hi is 0 or 1).</summary>
    static abstract L ReduceOnce(in L v, ulong hi, in L m);

    /// <summary>Montgomery multiplication: a·b / 2^(8·Bytes) mod m, for a·b &lt; 2^(8·Bytes)·m.</summary>
    static abstract L MontMul<M>(in L a, in L b)
        where M : struct, IModulus<L>;
}
