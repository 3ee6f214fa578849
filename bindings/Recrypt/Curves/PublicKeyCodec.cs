using System.Diagnostics.CodeAnalysis;
using Recrypt.Engines;

namespace Recrypt;

/// <summary>Importing and reading public keys of one curve, for <see cref="PublicKey"/> and <see cref="PublicKey480"/>.</summary>
internal static class PublicKeyCodec<TCurve, TPublicKey>
    where TCurve : ICurve
    where TPublicKey : class, ICurvePublicKey<TPublicKey>
{
    internal static TPublicKey Import(ReadOnlySpan<byte> publicKey, string paramName)
    {
        Argument.ThrowIfNotSize(publicKey, TCurve.PublicKeySize, paramName);
        var canonical = new byte[TCurve.PublicKeySize];
        RecryptEngines.ThrowIfFailed(RecryptEngines.SharedOf(TCurve.Id).TryCanonicalizePublicKey(publicKey, canonical));
        return TPublicKey.FromCanonical(canonical);
    }

    internal static bool TryImport(ReadOnlySpan<byte> publicKey, [NotNullWhen(true)] out TPublicKey? result)
    {
        result = null;
        if (publicKey.Length != TCurve.PublicKeySize)
        {
            return false;
        }
        var canonical = new byte[TCurve.PublicKeySize];
        if (RecryptEngines.SharedOf(TCurve.Id).TryCanonicalizePublicKey(publicKey, canonical) is null)
        {
            result = TPublicKey.FromCanonical(canonical);
        }
        return result is not null;
    }

    internal static TPublicKey FromIronCoreJson(string json, string paramName) => IronCoreJson.Read(json, paramName, root =>
    {
        var publicKey = new byte[TCurve.PublicKeySize];
        IronCoreJson.ReadCoordinates(root, "", publicKey);
        return Import(publicKey, paramName);
    });

    internal static string ToIronCoreJson(TPublicKey publicKey)
    {
        var bytes = publicKey.Bytes.ToArray();
        return IronCoreJson.Write(writer => IronCoreJson.WriteCoordinates(writer, bytes));
    }
}
