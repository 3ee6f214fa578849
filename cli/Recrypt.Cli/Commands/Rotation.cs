using Recrypt.Cli.KeyStore;
using Recrypt.Cli.Service;
using Recrypt.Client;

namespace Recrypt.Cli.Commands;

/// <summary>
/// A key rotation from the key store's side: the new key is stored beside the identity before the service
/// hears of it, the client library's <see cref="KeyRotation"/> does the work at the service, and only then
/// does the new key replace the old one in the key store. Interrupted anywhere, running it again finishes it.
/// </summary>
internal static class Rotation
{
    public static async Task<KeyRotationResult> RunAsync(
        CliContext context, LocalIdentity identity, ServiceSession session, IReadOnlyCollection<string> revoke)
    {
        var passphrase = identity.Public.IsPassphraseProtected ? context.Passphrase() : null;
        using var next = context.KeyStore.IsRotating
            ? context.KeyStore.Rotation.Unlock(() => passphrase, context.Curves)
            : context.KeyStore.BeginRotation(session.Curve, identity, passphrase);
        if (next.Id != identity.Id || next.Public.KeyVersion != identity.Public.KeyVersion + 1 || next.Curve != identity.Curve)
        {
            throw new KeyStoreException(
                KeyStoreError.Corrupt,
                $"{context.KeyStore.Rotation.IdentityPath} does not hold the next key version of {identity.Id}: move it away and run the rotation again.");
        }

        var result = await session.CallAsync(
            (client, token) => session.Curve.RotateKeyAsync(client, identity, next, revoke, token), context.CancellationToken).ConfigureAwait(false);
        context.KeyStore.CompleteRotation();
        return result;
    }

    public static void Report(CliContext context, LocalIdentity identity, KeyRotationResult result, string? revoked = null)
    {
        if (context.Json)
        {
            context.WriteJson(new
            {
                id = identity.Id,
                keyVersion = result.KeyVersion,
                revoked,
                regranted = result.Regranted,
                dropped = result.Dropped,
                documentKeysReencrypted = result.DocumentKeysReencrypted,
                documentKeysSkipped = result.DocumentKeysSkipped,
            });
            return;
        }
        if (revoked is not null)
        {
            context.WriteLine($"Revoked the grant to {revoked}");
        }
        context.WriteLine($"Rotated the key of \"{identity.Name}\" ({identity.Id}) to version {result.KeyVersion}");
        context.WriteLine($"  granted again:         {result.Regranted.Count} ({string.Join(", ", result.Regranted)})");
        context.WriteLine($"  document keys:         {result.DocumentKeysReencrypted} re-encrypted to the new key");
        context.WriteLine("  old transform keys:    replaced or deleted at the service");
        foreach (var (granteeId, why) in result.Dropped)
        {
            context.WriteWarning($"The grant to {granteeId} was deleted rather than renewed: {why}");
        }
        if (result.DocumentKeysSkipped.Count > 0)
        {
            context.WriteWarning(
                $"{result.DocumentKeysSkipped.Count} document key(s) are encrypted to a key version older than {result.KeyVersion - 1} and were left as they are: "
                + string.Join(", ", result.DocumentKeysSkipped));
        }
    }
}
