using System.Collections.Concurrent;
using System.Net;

namespace Recrypt.Client;

/// <summary>Key rotation (<see cref="KeyRotation"/>), written once for both curves.</summary>
public abstract partial class RecryptServiceClient<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
{
    /// <summary>Rotates the key of the identity this client signs as: see <see cref="KeyRotation"/>.</summary>
    internal async Task<KeyRotationResult> RotateKeyAsync(
        KeyRotationKeys<TPrivateKey, TPublicKey> keys, IEnumerable<string>? revoke, int? maxParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ownerId = Protocol.IdentityId.FromSigningKey(keys.SigningKeyPair.PublicKey);
        if (!Ops.ComputePublicKey(keys.NewPrivateKey).Equals(keys.NewPublicKey))
        {
            throw new ArgumentException("The new private key is not the new public key's.", nameof(keys));
        }

        // 1. The new key version, unless an interrupted run already added it.
        var self = await GetIdentityAsync(ownerId, cancellationToken).ConfigureAwait(false);
        if (self.KeyVersion == keys.CurrentKeyVersion)
        {
            self = await AddKeyVersionAsync(keys.NewKeyVersion, keys.NewPublicKey, keys.SigningKeyPair, cancellationToken).ConfigureAwait(false);
        }
        else if (self.KeyVersion != keys.NewKeyVersion || !self.PublicKey.Equals(keys.NewPublicKey))
        {
            throw new InvalidOperationException(
                $"The service holds key version {self.KeyVersion} for {ownerId}, neither the current version {keys.CurrentKeyVersion} nor this rotation's new key.");
        }

        // 2. Revocations first, so that nobody revoked gets a transform key from the new key.
        foreach (var granteeId in revoke ?? [])
        {
            try
            {
                await RevokeGrantAsync(ownerId, granteeId, cancellationToken).ConfigureAwait(false);
            }
            catch (RecryptServiceException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Already revoked (an earlier run, or never granted).
            }
        }

        // 3. Every remaining grantee (identity or group), granted again from the new key to their verified newest key.
        var regranted = new List<string>();
        var dropped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var grant in await ListGrantsAsync(ownerId, cancellationToken).ConfigureAwait(false))
        {
            TPublicKey granteeKey;
            try
            {
                granteeKey = grant.GranteeKind == Protocol.GrantKinds.Group
                    ? (await GetGroupAsync(grant.GranteeId, cancellationToken).ConfigureAwait(false)).PublicKey
                    : (await GetIdentityAsync(grant.GranteeId, cancellationToken).ConfigureAwait(false)).PublicKey;
            }
            catch (RecryptServiceException e) when (e is UntrustedKeyException || e.StatusCode == HttpStatusCode.NotFound)
            {
                // Never leave the old transform key behind: without a key to grant to, the grant goes.
                await RevokeGrantAsync(ownerId, grant.GranteeId, cancellationToken).ConfigureAwait(false);
                dropped[grant.GranteeId] = e.Message;
                continue;
            }
            var transformKey = Ops.GenerateTransformKey(keys.NewPrivateKey, granteeKey, keys.SigningKeyPair);
            await PutGrantAsync(ownerId, grant.GranteeId, transformKey, keys.NewKeyVersion, cancellationToken).ConfigureAwait(false);
            regranted.Add(grant.GranteeId);
        }

        // 4. Every document key still encrypted to the old key, re-encrypted here to the new one.
        var documents = await ListDocumentKeysAsync(cancellationToken).ConfigureAwait(false);
        var skipped = new ConcurrentBag<string>();
        var reencrypted = 0;
        await Parallel.ForEachAsync(
            documents.Where(document => document.KeyVersion != keys.NewKeyVersion),
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (document, token) =>
            {
                if (document.KeyVersion != keys.CurrentKeyVersion)
                {
                    skipped.Add(document.Id);
                    return;
                }
                var stored = await GetDocumentKeyAsync(document.Id, token).ConfigureAwait(false);
                TEncryptedValue again;
                using (var plaintext = Ops.Decrypt(stored.EncryptedValue, keys.CurrentPrivateKey))
                {
                    again = Ops.Encrypt(plaintext, keys.NewPublicKey, keys.SigningKeyPair);
                }
                await ReplaceDocumentKeyAsync(document.Id, again, keys.NewKeyVersion, token).ConfigureAwait(false);
                Interlocked.Increment(ref reencrypted);
            }).ConfigureAwait(false);

        return new KeyRotationResult(keys.NewKeyVersion, regranted, dropped, reencrypted, [.. skipped]);
    }
}
