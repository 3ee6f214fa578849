using System.Collections.Concurrent;
using System.Net;

namespace Recrypt.Client;

/// <summary>The keys of one rotation: the identity's current key pair and the new one, made and kept by the caller.</summary>
/// <param name="SigningKeyPair">The identity's signing key pair (it stays the same: so does the id).</param>
/// <param name="CurrentPrivateKey">The private key of the current key version.</param>
/// <param name="CurrentKeyVersion">The current key version.</param>
/// <param name="NewPrivateKey">The new private key.</param>
/// <param name="NewPublicKey">The new public key; it becomes version <paramref name="CurrentKeyVersion"/> + 1.</param>
public sealed record KeyRotationKeys(
    SigningKeyPair SigningKeyPair, PrivateKey CurrentPrivateKey, int CurrentKeyVersion, PrivateKey NewPrivateKey, PublicKey NewPublicKey)
{
    /// <summary>The version the new key becomes.</summary>
    public int NewKeyVersion => CurrentKeyVersion + 1;
}

/// <summary>What a rotation did.</summary>
/// <param name="KeyVersion">The identity's key version now.</param>
/// <param name="Regranted">The grantees given a new transform key, from the new key.</param>
/// <param name="Dropped">The grantees whose grant was deleted instead, with why (their key could not be verified, or they no longer exist).</param>
/// <param name="DocumentKeysReencrypted">How many document keys were re-encrypted to the new key.</param>
/// <param name="DocumentKeysSkipped">Document keys left as they were because they are encrypted to a key version older than the current one (no private key for it).</param>
public sealed record KeyRotationResult(
    int KeyVersion, IReadOnlyList<string> Regranted, IReadOnlyDictionary<string, string> Dropped, int DocumentKeysReencrypted, IReadOnlyList<string> DocumentKeysSkipped);

/// <summary>
/// Key rotation that keeps the identity: a new recrypt key pair, certified as the next key version; every
/// current grantee granted again with a transform key from the new key (to the grantee's verified newest
/// key), which replaces the old transform key; every document key of the owner decrypted on this machine
/// and encrypted again to the new key (the plaintext, hence every file's AES key, stays the same), replacing
/// the old value at the service. Afterwards no transform key from the old key and no value encrypted to the
/// old key remain at the service, so an old transform key (kept by a revoked grantee, or in an old copy of
/// the database) opens nothing the service holds.
/// </summary>
/// <remarks>
/// Resumable: run it again with the same keys after a failure, and it picks up where it stopped (a key
/// version already added with the same public key is reused; document keys already at the new version are
/// skipped). The caller must keep the new private key safe before calling, and the old one until it returns.
/// </remarks>
public static class KeyRotation
{
    /// <summary>Rotates the key of the identity <paramref name="client"/> signs as.</summary>
    /// <param name="client">A client signed as the identity.</param>
    /// <param name="keys">The current and the new keys.</param>
    /// <param name="revoke">Grantees whose grants are deleted first, rather than granted again (revoke and rotate).</param>
    /// <param name="maxParallelism">How many document keys are re-encrypted at once; the processor count when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the rotation (run it again to finish).</param>
    /// <returns>What was done.</returns>
    public static async Task<KeyRotationResult> RotateAsync(
        RecryptServiceClient client,
        KeyRotationKeys keys,
        IEnumerable<string>? revoke = null,
        int? maxParallelism = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(keys);
        var recrypt = client.Recrypt;
        var ownerId = Protocol.IdentityId.FromSigningKey(keys.SigningKeyPair.PublicKey);
        if (recrypt.ComputePublicKey(keys.NewPrivateKey) != keys.NewPublicKey)
        {
            throw new ArgumentException("The new private key is not the new public key's.", nameof(keys));
        }

        // 1. The new key version, unless an interrupted run already added it.
        var self = await client.GetIdentityAsync(ownerId, cancellationToken).ConfigureAwait(false);
        if (self.KeyVersion == keys.CurrentKeyVersion)
        {
            self = await client.AddKeyVersionAsync(keys.NewKeyVersion, keys.NewPublicKey, keys.SigningKeyPair, cancellationToken).ConfigureAwait(false);
        }
        else if (self.KeyVersion != keys.NewKeyVersion || self.PublicKey != keys.NewPublicKey)
        {
            throw new InvalidOperationException(
                $"The service holds key version {self.KeyVersion} for {ownerId}, neither the current version {keys.CurrentKeyVersion} nor this rotation's new key.");
        }

        // 2. Revocations first, so that nobody revoked gets a transform key from the new key.
        foreach (var granteeId in revoke ?? [])
        {
            try
            {
                await client.RevokeGrantAsync(ownerId, granteeId, cancellationToken).ConfigureAwait(false);
            }
            catch (RecryptServiceException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Already revoked (an earlier run, or never granted).
            }
        }

        // 3. Every remaining grantee (identity or group), granted again from the new key to their verified newest key.
        var regranted = new List<string>();
        var dropped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var grant in await client.ListGrantsAsync(ownerId, cancellationToken).ConfigureAwait(false))
        {
            PublicKey granteeKey;
            try
            {
                granteeKey = grant.GranteeKind == Protocol.GrantKinds.Group
                    ? (await client.GetGroupAsync(grant.GranteeId, cancellationToken).ConfigureAwait(false)).PublicKey
                    : (await client.GetIdentityAsync(grant.GranteeId, cancellationToken).ConfigureAwait(false)).PublicKey;
            }
            catch (RecryptServiceException e) when (e is UntrustedKeyException || e.StatusCode == HttpStatusCode.NotFound)
            {
                // Never leave the old transform key behind: without a key to grant to, the grant goes.
                await client.RevokeGrantAsync(ownerId, grant.GranteeId, cancellationToken).ConfigureAwait(false);
                dropped[grant.GranteeId] = e.Message;
                continue;
            }
            var transformKey = recrypt.GenerateTransformKey(keys.NewPrivateKey, granteeKey, keys.SigningKeyPair);
            await client.PutGrantAsync(ownerId, grant.GranteeId, transformKey, keys.NewKeyVersion, cancellationToken).ConfigureAwait(false);
            regranted.Add(grant.GranteeId);
        }

        // 4. Every document key still encrypted to the old key, re-encrypted here to the new one.
        var documents = await client.ListDocumentKeysAsync(cancellationToken).ConfigureAwait(false);
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
                var stored = await client.GetDocumentKeyAsync(document.Id, token).ConfigureAwait(false);
                EncryptedValue again;
                using (var plaintext = recrypt.Decrypt(stored.EncryptedValue, keys.CurrentPrivateKey))
                {
                    again = recrypt.Encrypt(plaintext, keys.NewPublicKey, keys.SigningKeyPair);
                }
                await client.ReplaceDocumentKeyAsync(document.Id, again, keys.NewKeyVersion, token).ConfigureAwait(false);
                Interlocked.Increment(ref reencrypted);
            }).ConfigureAwait(false);

        return new KeyRotationResult(keys.NewKeyVersion, regranted, dropped, reencrypted, [.. skipped]);
    }
}
