using System.Diagnostics.CodeAnalysis;
using Recrypt.Engines;

namespace Recrypt;

/// <summary>
/// Importing encrypted values and transform keys of one curve from their canonical encodings: the engine
/// of the curve checks the framing and the points and says whether the signature verifies.
/// </summary>
internal static class EncodedCodec<TCurve, TValue>
    where TCurve : ICurve
    where TValue : class, ICurveEncoded<TValue>
{
    internal static TValue Import(ReadOnlySpan<byte> encoding) => Decode(encoding.ToArray());

    internal static bool TryImport(ReadOnlySpan<byte> encoding, [NotNullWhen(true)] out TValue? result)
    {
        result = Verify(encoding, out var signatureIsValid) is null ? TValue.FromDecoded(encoding.ToArray(), signatureIsValid) : null;
        return result is not null;
    }

    internal static TValue Decode(byte[] encoding)
    {
        RecryptEngines.ThrowIfFailed(Verify(encoding, out var signatureIsValid));
        return TValue.FromDecoded(encoding, signatureIsValid);
    }

    private static RecryptException? Verify(ReadOnlySpan<byte> encoding, out bool signatureIsValid) =>
        TValue.Verify(RecryptEngines.SharedOf(TCurve.Id), encoding, out signatureIsValid);
}
