using Recrypt.Cli.KeyStore;
using Recrypt.Client;

namespace Recrypt.Cli.Service;

/// <summary>A document key as the CLI checks and opens it, whatever the curve: its encoded value and what the checks need of it.</summary>
/// <param name="Id">The document key's id.</param>
/// <param name="OwnerId">The identity that stored it.</param>
/// <param name="KeyVersion">The version of the caller's key the value is encrypted to.</param>
/// <param name="EncryptedValue">The value's encoding.</param>
/// <param name="SignatureIsValid">Whether the value's signature verifies.</param>
/// <param name="TransformBlockCount">How many times it was transformed (0: as its owner stored it).</param>
/// <param name="Signer">Who signed it: its owner, or the service that transformed it.</param>
internal sealed record FetchedDocumentKey(
    string Id, string OwnerId, int KeyVersion, byte[] EncryptedValue, bool SignatureIsValid, int TransformBlockCount, PublicSigningKey Signer);

/// <summary>One item of a batch fetch: the document key, or why the service refused it.</summary>
internal sealed record FetchedDocumentKeyResult(string Id, int StatusCode, FetchedDocumentKey? DocumentKey, string? ProblemType, string? Detail);

/// <summary>Who a grant goes to: an identity or a group, with its public key as the client verified it (encoded).</summary>
internal sealed record Grantee(string Kind, string? Name, byte[] PublicKey);

/// <summary>
/// The CLI's curve seam: everything it does differently on Api256 and Api480, chosen once from the identity's curve
/// (<see cref="CliCurves"/>). Keys and values cross it encoded; the one implementation,
/// <see cref="CliCurve{TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey}"/>, imports them as the
/// curve's types for the moment it uses them, and talks to the service through the client of that curve.
/// </summary>
internal abstract class CliCurve : IDisposable
{
    public abstract RecryptCurve Curve { get; }

    /// <summary>The size of the curve's private key encoding.</summary>
    public abstract int PrivateKeySize { get; }

    /// <summary>The private key's size on <paramref name="curve"/>, without making an engine.</summary>
    public static int PrivateKeySizeOf(RecryptCurve curve) => curve == RecryptCurve.Api480 ? PrivateKey480.Size : PrivateKey.Size;

    /// <summary>Whether <paramref name="encoding"/> is a public key of <paramref name="curve"/>.</summary>
    public static bool IsPublicKey(RecryptCurve curve, ReadOnlySpan<byte> encoding) =>
        curve == RecryptCurve.Api480 ? PublicKey480.TryImport(encoding, out _) : PublicKey.TryImport(encoding, out _);

    /// <summary>A curve name as the CLI accepts it (<c>--curve</c>, the key store's <c>curve</c>), ignoring case.</summary>
    public static bool TryParse(string? name, out RecryptCurve curve)
    {
        foreach (var known in Enum.GetValues<RecryptCurve>())
        {
            if (string.Equals(known.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                curve = known;
                return true;
            }
        }
        curve = default;
        return false;
    }

    /// <summary>The curves the CLI knows, for messages and help.</summary>
    public static string Known => string.Join(", ", Enum.GetNames<RecryptCurve>());

    // The key store

    public abstract SigningKeyPair GenerateSigningKeyPair();

    /// <summary>A new key pair: the private key written to <paramref name="privateKey"/>, the public key's encoding returned.</summary>
    public abstract byte[] GenerateKeyPair(Span<byte> privateKey);

    /// <summary>Whether <paramref name="publicKey"/> is the public key of <paramref name="privateKey"/>; throws <see cref="RecryptException"/> for a malformed private key.</summary>
    public abstract bool IsPublicKeyOf(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey);

    // The service

    /// <summary>The client of this curve over <paramref name="http"/>.</summary>
    public abstract RecryptServiceClientBase CreateClient(HttpClient http, IKeyVersionMemory keyVersions);

    public abstract Task RegisterAsync(RecryptServiceClientBase client, LocalIdentity identity, CancellationToken cancellationToken);

    /// <summary>Whether the service holds <paramref name="identity"/> with these very keys.</summary>
    public abstract Task<bool> HoldsKeysAsync(RecryptServiceClientBase client, LocalIdentity identity, CancellationToken cancellationToken);

    /// <summary>The verified identity <paramref name="granteeId"/>, or else the verified group.</summary>
    public abstract Task<Grantee> FindGranteeAsync(RecryptServiceClientBase client, string granteeId, CancellationToken cancellationToken);

    /// <summary>A transform key from <paramref name="identity"/> to <paramref name="grantee"/>, made here and stored as the grant.</summary>
    public abstract Task<GrantInfo> PutGrantAsync(RecryptServiceClientBase client, LocalIdentity identity, string granteeId, Grantee grantee, CancellationToken cancellationToken);

    /// <summary>A fresh document key encrypted to the identity and stored; its symmetric key, which the caller disposes.</summary>
    public abstract Task<(DocumentKeyInfo Document, SymmetricKey Key)> CreateDocumentKeyAsync(
        RecryptServiceClientBase client, LocalIdentity identity, CancellationToken cancellationToken);

    public abstract Task<FetchedDocumentKey> GetDocumentKeyAsync(RecryptServiceClientBase client, string id, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<FetchedDocumentKeyResult>> GetDocumentKeysAsync(
        RecryptServiceClientBase client, IEnumerable<string> ids, CancellationToken cancellationToken);

    /// <summary>The symmetric key of a document key encrypted to <paramref name="identity"/>; throws <see cref="RecryptException"/> when it does not decrypt.</summary>
    public abstract SymmetricKey OpenDocumentKey(FetchedDocumentKey documentKey, LocalIdentity identity);

    /// <summary>A new group administered by <paramref name="identity"/>; its keys come back encoded.</summary>
    public abstract Task<GroupInfo<byte[], byte[]>> CreateGroupAsync(
        RecryptServiceClientBase client, string name, LocalIdentity identity, CancellationToken cancellationToken);

    public abstract Task<GroupInfo<byte[], byte[]>> GetGroupAsync(RecryptServiceClientBase client, string groupId, CancellationToken cancellationToken);

    public abstract Task AddGroupMemberAsync(
        RecryptServiceClientBase client, string groupId, string memberId, LocalIdentity identity, CancellationToken cancellationToken);

    public abstract Task AddGroupAdminAsync(
        RecryptServiceClientBase client, string groupId, string adminId, LocalIdentity identity, CancellationToken cancellationToken);

    public abstract Task<GroupInfo<byte[], byte[]>> RotateGroupKeyAsync(
        RecryptServiceClientBase client, string groupId, LocalIdentity identity, CancellationToken cancellationToken);

    /// <summary>Rotates <paramref name="current"/>'s key to <paramref name="next"/>'s (<see cref="KeyRotation"/>).</summary>
    public abstract Task<KeyRotationResult> RotateKeyAsync(
        RecryptServiceClientBase client, LocalIdentity current, LocalIdentity next, IEnumerable<string> revoke, CancellationToken cancellationToken);

    public abstract void Dispose();
}

/// <summary>The CLI's curve seam, written once over the curve's types (see <see cref="CliCurve"/>).</summary>
internal sealed class CliCurve<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey> : CliCurve
    where TPrivateKey : class, IDisposable
    where TPublicKey : class, IEquatable<TPublicKey>
    where TPlaintext : class, IDisposable
    where TEncryptedValue : class
    where TTransformKey : class
{
    private readonly ClientCurve<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey> _ops;
    private readonly Func<HttpClient, IKeyVersionMemory, RecryptServiceClient<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>> _newClient;
    private readonly IDisposable? _owned;

    /// <param name="ops">The curve's operations.</param>
    /// <param name="newClient">Makes the client of the curve.</param>
    /// <param name="owned">The recrypt library behind <paramref name="ops"/>, when this object owns it.</param>
    public CliCurve(
        ClientCurve<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey> ops,
        Func<HttpClient, IKeyVersionMemory, RecryptServiceClient<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>> newClient,
        IDisposable? owned)
    {
        _ops = ops;
        _newClient = newClient;
        _owned = owned;
    }

    public override RecryptCurve Curve => _ops.Curve;

    public override int PrivateKeySize => _ops.PrivateKeySize;

    public override SigningKeyPair GenerateSigningKeyPair() => _ops.GenerateSigningKeyPair();

    public override byte[] GenerateKeyPair(Span<byte> privateKey)
    {
        var (generated, publicKey) = _ops.GenerateKeyPair();
        using (generated)
        {
            _ops.ExportPrivateKey(generated, privateKey);
        }
        return _ops.ExportKey(publicKey);
    }

    public override bool IsPublicKeyOf(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey)
    {
        using var key = _ops.ImportPrivateKey(privateKey);
        return _ops.ExportKey(_ops.ComputePublicKey(key)).AsSpan().SequenceEqual(publicKey);
    }

    public override RecryptServiceClientBase CreateClient(HttpClient http, IKeyVersionMemory keyVersions) => _newClient(http, keyVersions);

    public override Task RegisterAsync(RecryptServiceClientBase client, LocalIdentity identity, CancellationToken cancellationToken) =>
        Typed(client).RegisterIdentityAsync(PublicKeyOf(identity), identity.Public.KeyVersion, identity.SigningKeyPair, identity.Name, cancellationToken);

    public override async Task<bool> HoldsKeysAsync(RecryptServiceClientBase client, LocalIdentity identity, CancellationToken cancellationToken)
    {
        var existing = await Typed(client).GetIdentityAsync(identity.Id, cancellationToken).ConfigureAwait(false);
        return existing.PublicKey.Equals(PublicKeyOf(identity)) && existing.SigningPublicKey == identity.SigningKeyPair.PublicKey;
    }

    public override async Task<Grantee> FindGranteeAsync(RecryptServiceClientBase client, string granteeId, CancellationToken cancellationToken)
    {
        // An identity, or else a group: both keys are verified by the client (certified by the signing key the id
        // names, or by the group's creator or admin), and not older than one seen before.
        try
        {
            var identity = await Typed(client).GetIdentityAsync(granteeId, cancellationToken).ConfigureAwait(false);
            return new Grantee(Protocol.GrantKinds.Identity, identity.Name, _ops.ExportKey(identity.PublicKey));
        }
        catch (RecryptServiceException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound && e is not UntrustedKeyException)
        {
            var group = await Typed(client).GetGroupAsync(granteeId, cancellationToken).ConfigureAwait(false);
            return new Grantee(Protocol.GrantKinds.Group, group.Name, _ops.ExportKey(group.PublicKey));
        }
    }

    public override Task<GrantInfo> PutGrantAsync(
        RecryptServiceClientBase client, LocalIdentity identity, string granteeId, Grantee grantee, CancellationToken cancellationToken)
    {
        TTransformKey transformKey;
        using (var privateKey = _ops.ImportPrivateKey(identity.PrivateKey))
        {
            transformKey = _ops.GenerateTransformKey(privateKey, Import(grantee.PublicKey), identity.SigningKeyPair);
        }
        return Typed(client).PutGrantAsync(identity.Id, granteeId, transformKey, identity.Public.KeyVersion, cancellationToken);
    }

    public override async Task<(DocumentKeyInfo Document, SymmetricKey Key)> CreateDocumentKeyAsync(
        RecryptServiceClientBase client, LocalIdentity identity, CancellationToken cancellationToken)
    {
        // A fresh plaintext, its symmetric key, and the plaintext encrypted to our own public key.
        TEncryptedValue encrypted;
        SymmetricKey key;
        using (var plaintext = _ops.GeneratePlaintext())
        {
            encrypted = _ops.Encrypt(plaintext, PublicKeyOf(identity), identity.SigningKeyPair);
            key = _ops.DeriveSymmetricKey(plaintext);
        }
        try
        {
            var document = await Typed(client).CreateDocumentKeyAsync(encrypted, identity.Public.KeyVersion, cancellationToken).ConfigureAwait(false);
            return (document, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public override async Task<FetchedDocumentKey> GetDocumentKeyAsync(RecryptServiceClientBase client, string id, CancellationToken cancellationToken) =>
        Fetched(await Typed(client).GetDocumentKeyAsync(id, cancellationToken).ConfigureAwait(false));

    public override async Task<IReadOnlyList<FetchedDocumentKeyResult>> GetDocumentKeysAsync(
        RecryptServiceClientBase client, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var results = await Typed(client).GetDocumentKeysAsync(ids, cancellationToken).ConfigureAwait(false);
        return [.. results.Select(result => new FetchedDocumentKeyResult(
            result.Id, result.StatusCode, result.DocumentKey is { } key ? Fetched(key) : null, result.ProblemType, result.Detail))];
    }

    public override SymmetricKey OpenDocumentKey(FetchedDocumentKey documentKey, LocalIdentity identity)
    {
        using var privateKey = _ops.ImportPrivateKey(identity.PrivateKey);
        using var plaintext = _ops.Decrypt(_ops.ImportValue(documentKey.EncryptedValue), privateKey);
        return _ops.DeriveSymmetricKey(plaintext);
    }

    public override async Task<GroupInfo<byte[], byte[]>> CreateGroupAsync(
        RecryptServiceClientBase client, string name, LocalIdentity identity, CancellationToken cancellationToken) =>
        Encoded(await Typed(client).CreateGroupAsync(name, PublicKeyOf(identity), identity.SigningKeyPair, cancellationToken).ConfigureAwait(false));

    public override async Task<GroupInfo<byte[], byte[]>> GetGroupAsync(RecryptServiceClientBase client, string groupId, CancellationToken cancellationToken) =>
        Encoded(await Typed(client).GetGroupAsync(groupId, cancellationToken).ConfigureAwait(false));

    public override async Task AddGroupMemberAsync(
        RecryptServiceClientBase client, string groupId, string memberId, LocalIdentity identity, CancellationToken cancellationToken)
    {
        using var privateKey = _ops.ImportPrivateKey(identity.PrivateKey);
        await Typed(client).AddGroupMemberAsync(groupId, memberId, privateKey, identity.SigningKeyPair, cancellationToken).ConfigureAwait(false);
    }

    public override async Task AddGroupAdminAsync(
        RecryptServiceClientBase client, string groupId, string adminId, LocalIdentity identity, CancellationToken cancellationToken)
    {
        using var privateKey = _ops.ImportPrivateKey(identity.PrivateKey);
        await Typed(client).AddGroupAdminAsync(groupId, adminId, privateKey, identity.SigningKeyPair, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<GroupInfo<byte[], byte[]>> RotateGroupKeyAsync(
        RecryptServiceClientBase client, string groupId, LocalIdentity identity, CancellationToken cancellationToken)
    {
        using var privateKey = _ops.ImportPrivateKey(identity.PrivateKey);
        return Encoded(await Typed(client).RotateGroupKeyAsync(groupId, privateKey, identity.SigningKeyPair, cancellationToken).ConfigureAwait(false));
    }

    public override async Task<KeyRotationResult> RotateKeyAsync(
        RecryptServiceClientBase client, LocalIdentity current, LocalIdentity next, IEnumerable<string> revoke, CancellationToken cancellationToken)
    {
        using var currentKey = _ops.ImportPrivateKey(current.PrivateKey);
        using var nextKey = _ops.ImportPrivateKey(next.PrivateKey);
        var keys = new Keys(current.SigningKeyPair, currentKey, current.Public.KeyVersion, nextKey, PublicKeyOf(next));
        return await KeyRotation.RotateAsync(Typed(client), keys, revoke, maxParallelism: null, cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose() => _owned?.Dispose();

    /// <summary>The client this curve made (<see cref="CreateClient"/>).</summary>
    private static RecryptServiceClient<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey> Typed(RecryptServiceClientBase client) =>
        client as RecryptServiceClient<TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey>
            ?? throw new InvalidOperationException($"Internal error in recrypt: a {client.Curve} client for {typeof(TPublicKey).Name} keys.");

    private TPublicKey PublicKeyOf(LocalIdentity identity) => Import(identity.PublicKey);

    private TPublicKey Import(byte[] publicKey) =>
        _ops.TryImportKey(publicKey, out var key) ? key : throw new InvalidOperationException($"Internal error in recrypt: a public key that is not on {Curve}.");

    private FetchedDocumentKey Fetched(DocumentKey<TEncryptedValue> key) => new(
        key.Id, key.OwnerId, key.KeyVersion, _ops.ExportValue(key.EncryptedValue), _ops.VerifySignature(key.EncryptedValue),
        _ops.TransformBlockCount(key.EncryptedValue), _ops.SignerOf(key.EncryptedValue));

    private GroupInfo<byte[], byte[]> Encoded(GroupInfo<TPublicKey, TEncryptedValue> group) => new(
        group.Id, group.Name, group.CreatorId, _ops.ExportKey(group.PublicKey), group.KeyVersion, group.CertifiedBy, group.CreatedAt, group.Admins, group.Members,
        group.EncryptedPlaintext is { } encrypted ? _ops.ExportValue(encrypted) : null);

    /// <summary>The rotation's keys of this curve.</summary>
    private sealed record Keys(SigningKeyPair SigningKeyPair, TPrivateKey CurrentPrivateKey, int CurrentKeyVersion, TPrivateKey NewPrivateKey, TPublicKey NewPublicKey)
        : KeyRotationKeys<TPrivateKey, TPublicKey>(SigningKeyPair, CurrentPrivateKey, CurrentKeyVersion, NewPrivateKey, NewPublicKey);
}

/// <summary>The process's curve seams, one per curve, made when first needed and disposed with the invocation.</summary>
internal sealed class CliCurves : IDisposable
{
    private readonly Dictionary<RecryptCurve, CliCurve> _made = [];

    /// <summary>The seam of <paramref name="curve"/>.</summary>
    public CliCurve this[RecryptCurve curve]
    {
        get
        {
            if (!_made.TryGetValue(curve, out var made))
            {
                _made[curve] = made = Create(curve);
            }
            return made;
        }
    }

    /// <summary>A seam of <paramref name="curve"/> that owns its recrypt library.</summary>
    public static CliCurve Create(RecryptCurve curve) => curve switch
    {
        RecryptCurve.Api256 => Api256(new TransformEncryption(), owned: true),
        RecryptCurve.Api480 => Api480(new TransformEncryption480()),
        _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, $"Not a curve recrypt knows ({CliCurve.Known})."),
    };

    /// <summary>The Api256 seam over <paramref name="recrypt"/> (owned, or the caller's).</summary>
    public static CliCurve<PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey> Api256(TransformEncryption recrypt, bool owned) =>
        new CliCurve<PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey>(
            new ClientCurve256(recrypt), (http, keyVersions) => new RecryptServiceClient(http, recrypt, keyVersions), owned ? recrypt : null);

    private static CliCurve<PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480> Api480(TransformEncryption480 recrypt) =>
        new CliCurve<PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480>(
            new ClientCurve480(recrypt), (http, keyVersions) => new RecryptServiceClient480(http, recrypt, keyVersions), recrypt);

    public void Dispose()
    {
        foreach (var curve in _made.Values)
        {
            curve.Dispose();
        }
        _made.Clear();
    }
}
