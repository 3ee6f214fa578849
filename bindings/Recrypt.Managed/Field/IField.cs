namespace Recrypt.Managed.Field;

/// <summary>
/// A field of the tower (F_p, F_p², F_p⁶, F_p¹²) as generic code needs it: the extensions, the curves and
/// the pairing are written once over this interface and compiled by the JIT once per field, with direct
/// calls. Every operation is constant time; equality and zero tests return masks.
/// </summary>
internal interface IField<T>
    where T : struct, IField<T>
{
    /// <summary>The size of the byte encoding.</summary>
    static abstract int Size { get; }

    static abstract T Zero { get; }

    static abstract T One { get; }

    static abstract T operator +(in T a, in T b);

    static abstract T operator -(in T a, in T b);

    static abstract T operator -(in T a);

    static abstract T operator *(in T a, in T b);

    T Square();

    T Double();

    /// <summary>The inverse (zero for zero); constant time.</summary>
    T Invert();

    /// <summary>All ones when zero, else zero.</summary>
    ulong IsZeroMask();

    /// <summary>All ones when equal, else zero.</summary>
    static abstract ulong EqualMask(in T a, in T b);

    /// <summary><paramref name="b"/> where <paramref name="mask"/> is all ones, else <paramref name="a"/>.</summary>
    static abstract T Select(in T a, in T b, ulong mask);

    /// <summary>Decodes <see cref="Size"/> bytes, reducing every coefficient (spec 1.6: never rejected).</summary>
    static abstract T FromBytesReduced(ReadOnlySpan<byte> bytes);

    /// <summary>The canonical encoding (spec 1.6), <see cref="Size"/> bytes.</summary>
    void WriteBytes(Span<byte> destination);
}

/// <summary>A prime field F_m: the base of the tower, or the scalars.</summary>
internal interface IPrimeField<F> : IField<F>
    where F : struct, IPrimeField<F>
{
    static abstract F FromUInt64(ulong value);

    /// <summary>The modulus m, big-endian, <see cref="IField{T}.Size"/> bytes.</summary>
    static abstract byte[] ModulusBytes();
}

/// <summary>A prime field whose canonical integers are <typeparamref name="L"/>: what the scheme's scalars need.</summary>
internal interface IPrimeField<F, L> : IPrimeField<F>
    where F : struct, IPrimeField<F, L>
    where L : struct, ILimbs<L>
{
    /// <summary>The modulus.</summary>
    static abstract L Modulus { get; }

    /// <summary>The element of any integer below 2^(8·L.Bytes), reduced modulo m.</summary>
    static abstract F FromAny(in L value);

    /// <summary>Big-endian bytes that must be below m; the mask is all ones when they are.</summary>
    static abstract F FromBytesCanonical(ReadOnlySpan<byte> bytes, out ulong isCanonical);

    /// <summary>A 512-bit big-endian integer reduced modulo m (spec 1.7).</summary>
    static abstract F FromBytesWide(ReadOnlySpan<byte> bytes);

    /// <summary>The canonical integer.</summary>
    L ToCanonical();
}
