namespace Recrypt.Client;

/// <summary>The keys of one rotation, of either curve: the identity's current key pair and the new one, made and kept by the caller.</summary>
/// <typeparam name="TPrivateKey">The curve's private key.</typeparam>
/// <typeparam name="TPublicKey">The curve's public key.</typeparam>
/// <param name="SigningKeyPair">The identity's signing key pair (it stays the same: so does the id).</param>
/// <param name="CurrentPrivateKey">The private key of the current key version.</param>
/// <param name="CurrentKeyVersion">The current key version.</param>
/// <param name="NewPrivateKey">The new private key.</param>
/// <param name="NewPublicKey">The new public key; it becomes version <paramref name="CurrentKeyVersion"/> + 1.</param>
public abstract record KeyRotationKeys<TPrivateKey, TPublicKey>(
    SigningKeyPair SigningKeyPair, TPrivateKey CurrentPrivateKey, int CurrentKeyVersion, TPrivateKey NewPrivateKey, TPublicKey NewPublicKey)
{
    /// <summary>The version the new key becomes.</summary>
    public int NewKeyVersion => CurrentKeyVersion + 1;
}

/// <summary>The Api256 keys of one rotation (<see cref="KeyRotationKeys{TPrivateKey, TPublicKey}"/>).</summary>
/// <param name="SigningKeyPair">The identity's signing key pair (it stays the same: so does the id).</param>
/// <param name="CurrentPrivateKey">The private key of the current key version.</param>
/// <param name="CurrentKeyVersion">The current key version.</param>
/// <param name="NewPrivateKey">The new private key.</param>
/// <param name="NewPublicKey">The new public key; it becomes version <paramref name="CurrentKeyVersion"/> + 1.</param>
public sealed record KeyRotationKeys(
    SigningKeyPair SigningKeyPair, PrivateKey CurrentPrivateKey, int CurrentKeyVersion, PrivateKey NewPrivateKey, PublicKey NewPublicKey)
    : KeyRotationKeys<PrivateKey, PublicKey>(SigningKeyPair, CurrentPrivateKey, CurrentKeyVersion, NewPrivateKey, NewPublicKey);

/// <summary>The Api480 keys of one rotation (<see cref="KeyRotationKeys{TPrivateKey, TPublicKey}"/>).</summary>
/// <param name="SigningKeyPair">The identity's signing key pair (it stays the same: so does the id).</param>
/// <param name="CurrentPrivateKey">The private key of the current key version.</param>
/// <param name="CurrentKeyVersion">The current key version.</param>
/// <param name="NewPrivateKey">The new private key.</param>
/// <param name="NewPublicKey">The new public key; it becomes version <paramref name="CurrentKeyVersion"/> + 1.</param>
public sealed record KeyRotationKeys480(
    SigningKeyPair SigningKeyPair, PrivateKey480 CurrentPrivateKey, int CurrentKeyVersion, PrivateKey480 NewPrivateKey, PublicKey480 NewPublicKey)
    : KeyRotationKeys<PrivateKey480, PublicKey480>(SigningKeyPair, CurrentPrivateKey, CurrentKeyVersion, NewPrivateKey, NewPublicKey);

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
    /// <typeparam name="TPrivateKey">The curve's private key.</typeparam>
    /// <typeparam name="TPublicKey">The curve's public key.</typeparam>
    /// <typeparam name="TPlaintext">The curve's plaintext.</typeparam>
    /// <typeparam name="TEncryptedValue">The curve's encrypted value.</typeparam>
    /// <typeparam name="TTransformKey">The curve's transform key.</typeparam>
    /// <param name="client">A client signed as the identity (<see cref="RecryptServiceClient"/> or <see cref="RecryptServiceClient480"/>).</param>
    /// <param name="keys">The current and the new keys, of the client's curve (<see cref="KeyRotationKeys"/> or <see cref="KeyRotationKeys480"/>).</param>
    /// <param name="revoke">Grantees whose grants are deleted first, rather than granted again (revoke and rotate).</param>
    /// <param name="maxParallelism">How many document keys are re-encrypted at once; the processor count when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the rotation (run it again to finish).</param>
    /// <returns>What was done.</returns>
    public static Task<KeyRotationResult> RotateAsync<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>(
        RecryptServiceClient<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey> client,
        KeyRotationKeys<TPrivateKey, TPublicKey> keys,
        IEnumerable<string>? revoke = null,
        int? maxParallelism = null,
        CancellationToken cancellationToken = default)
        where TPrivateKey : class, IDisposable
        where TPublicKey : class, IEquatable<TPublicKey>
        where TPlaintext : class, IDisposable
        where TEncryptedValue : class
        where TTransformKey : class
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.RotateKeyAsync(keys, revoke, maxParallelism, cancellationToken);
    }
}
