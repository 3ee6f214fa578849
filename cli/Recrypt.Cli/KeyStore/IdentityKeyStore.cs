using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recrypt.Cli.Files;
using Recrypt.Cli.Service;
using Recrypt.Client;
using Recrypt.Protocol;

namespace Recrypt.Cli.KeyStore;

/// <summary>
/// The local key store: one identity per directory, in <c>identity.json</c>, readable and writable by the
/// user only and always replaced atomically. The public keys are stored in the clear; the secret keys (the
/// recrypt private key and the Ed25519 signing key pair) either in the clear too, or sealed with
/// AES-256-GCM under a key derived from a passphrase with PBKDF2-HMAC-SHA256, the seal authenticating the
/// whole store (<see cref="StoreSeal"/>): its server, its name and any member added later.
/// </summary>
/// <remarks>
/// The file is read and written with <see cref="Utf8JsonReader"/> and <see cref="Utf8JsonWriter"/> over
/// buffers this class owns, so that every copy of a secret it makes can be zeroed.
/// </remarks>
internal sealed class IdentityKeyStore
{
    /// <summary>The key store file's name in its directory.</summary>
    public const string FileName = "identity.json";

    /// <summary>The value of the file's <c>format</c> member.</summary>
    public const string Format = "recrypt-identity/2";

    /// <summary>
    /// The first format, still read: its seal authenticated only the id and the public keys. A sealed store in
    /// it must be upgraded (<see cref="Upgrade"/>) before it is used; one without a passphrase is read as it is.
    /// </summary>
    public const string LegacyFormat = "recrypt-identity/1";

    /// <summary>The PBKDF2 iteration count for new files (OWASP's 2023 advice for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The fewest PBKDF2 iterations a file may record.</summary>
    public const int MinIterations = 600_000;

    /// <summary>The most PBKDF2 iterations a file may record (bounds the time a bad file can cost).</summary>
    public const int MaxIterations = 50_000_000;

    private const string KdfAlgorithm = "PBKDF2-HMAC-SHA256";
    private const string CipherAlgorithm = "AES-256-GCM";
    private const int SaltSize = StoreSeal.SaltSize;
    private const int NonceSize = StoreSeal.NonceSize;
    private const int TagSize = StoreSeal.TagSize;
    private static int SecretsSize(RecryptCurve curve) => CliCurve.PrivateKeySizeOf(curve) + SigningKeyPair.Size;
    private const int MaxFileSize = 64 * 1024;

    private static readonly UnixFileMode s_directoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The file that holds the next key version while a key rotation is unfinished.</summary>
    public const string RotationFileName = "identity.rotating.json";

    /// <summary>The file that records the highest key version seen for each identity.</summary>
    public const string KnownKeyVersionsFileName = "known-keys.json";

    /// <summary>A key store in <paramref name="home"/> (which need not exist yet).</summary>
    public IdentityKeyStore(string home)
        : this(home, FileName)
    {
    }

    private IdentityKeyStore(string home, string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(home);
        Home = Path.GetFullPath(home);
        IdentityPath = Path.Combine(Home, fileName);
    }

    /// <summary>A key store kept in the file <paramref name="path"/> itself: an export (backup) file.</summary>
    public static IdentityKeyStore AtFile(string path)
    {
        var full = Path.GetFullPath(path);
        return new IdentityKeyStore(Path.GetDirectoryName(full) ?? "/", Path.GetFileName(full));
    }

    /// <summary>The key store's directory.</summary>
    public string Home { get; }

    /// <summary>The key store file.</summary>
    public string IdentityPath { get; }

    /// <summary>The identity with its next key version, while a rotation is unfinished (see <see cref="BeginRotation"/>).</summary>
    public IdentityKeyStore Rotation => new(Home, RotationFileName);

    /// <summary>Whether a key rotation was begun and not completed.</summary>
    public bool IsRotating => File.Exists(Path.Combine(Home, RotationFileName));

    /// <summary>The file of the highest key version seen per identity.</summary>
    public string KnownKeyVersionsPath => Path.Combine(Home, KnownKeyVersionsFileName);

    /// <summary>Whether the key store holds an identity.</summary>
    public bool Exists => File.Exists(IdentityPath);

    /// <summary>The default key store directory, <c>~/.recrypt</c>.</summary>
    public static string DefaultHome => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".recrypt");

    /// <summary>
    /// Generates a recrypt key pair and an Ed25519 signing key pair and stores them as a new identity.
    /// </summary>
    /// <param name="curve">Generates the keys, of its curve (recorded as the store's <c>curve</c>).</param>
    /// <param name="name">The display name.</param>
    /// <param name="passphrase">Seals the secrets when not <see langword="null"/>.</param>
    /// <param name="overwrite">Whether an existing identity may be replaced (it is then lost).</param>
    /// <param name="iterations">PBKDF2 iterations, at least <see cref="MinIterations"/>.</param>
    /// <returns>The new identity's public part.</returns>
    public PublicIdentity Create(CliCurve curve, string name, string? passphrase, bool overwrite, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        if (!overwrite && Exists)
        {
            throw new KeyStoreException(KeyStoreError.Exists, $"{IdentityPath} already holds an identity (pass --force to replace it, losing its keys).");
        }

        var privateKey = GC.AllocateArray<byte>(curve.PrivateKeySize, pinned: true);
        try
        {
            var publicKey = curve.GenerateKeyPair(privateKey);
            using var signingKeyPair = curve.GenerateSigningKeyPair();
            var identity = new PublicIdentity(
                IdentityId.FromSigningKey(signingKeyPair.PublicKey),
                name,
                publicKey,
                signingKeyPair.PublicKey,
                DateTimeOffset.UtcNow,
                Server: null,
                IsPassphraseProtected: passphrase is not null,
                Curve: curve.Curve);

            WriteWithSecrets(identity, privateKey, signingKeyPair, passphrase, iterations, overwrite);
            return identity;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>
    /// Begins a key rotation: generates a new recrypt key pair and stores it, as the next key version of the
    /// same identity (same signing key, name and service), in <see cref="RotationFileName"/> beside the
    /// identity, sealed with the same passphrase. The identity file is left as it is until
    /// <see cref="CompleteRotation"/>; an unfinished rotation keeps both keys, so it can always be resumed.
    /// </summary>
    /// <param name="curve">Generates the key pair: the identity's curve.</param>
    /// <param name="current">The unlocked identity.</param>
    /// <param name="passphrase">The identity's passphrase, when it has one.</param>
    /// <returns>The identity with the new key, which the caller disposes.</returns>
    public LocalIdentity BeginRotation(CliCurve curve, LocalIdentity current, string? passphrase)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(current);
        if (curve.Curve != current.Curve)
        {
            throw new ArgumentException($"A rotation of an {current.Curve} identity makes an {current.Curve} key, not an {curve.Curve} one.", nameof(curve));
        }
        if (current.Public.IsPassphraseProtected && passphrase is null)
        {
            throw new KeyStoreException(KeyStoreError.PassphraseRequired, $"The identity in {IdentityPath} is protected by a passphrase.");
        }
        var privateKey = GC.AllocateArray<byte>(curve.PrivateKeySize, pinned: true);
        try
        {
            var next = current.Public with { PublicKey = curve.GenerateKeyPair(privateKey), KeyVersion = current.Public.KeyVersion + 1 };
            Rotation.WriteWithSecrets(next, privateKey, current.SigningKeyPair, current.Public.IsPassphraseProtected ? passphrase : null, DefaultIterations, overwrite: false);
            return new LocalIdentity(next, privateKey, SigningKeyPair.Import(current.SigningKeyPair.Export()));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Completes a key rotation: the rotation file atomically replaces the identity file.</summary>
    public void CompleteRotation()
    {
        var rotation = Rotation;
        _ = rotation.ReadPublic(); // a readable identity, or an error: never move a broken file into place
        File.Move(rotation.IdentityPath, IdentityPath, overwrite: true);
    }

    /// <summary>Writes <paramref name="identity"/> with its secrets, sealed with <paramref name="passphrase"/> when there is one.</summary>
    private void WriteWithSecrets(PublicIdentity identity, ReadOnlySpan<byte> privateKey, SigningKeyPair signingKeyPair, string? passphrase, int iterations, bool overwrite)
    {
        var secrets = GC.AllocateArray<byte>(SecretsSize(identity.Curve), pinned: true);
        try
        {
            privateKey.CopyTo(secrets);
            signingKeyPair.TryExport(secrets.AsSpan(privateKey.Length), out _);
            if (passphrase is null)
            {
                Write(identity, secrets, null, overwrite);
            }
            else
            {
                var salt = RandomNumberGenerator.GetBytes(SaltSize);
                var masterKey = StoreSeal.DeriveMasterKey(passphrase, salt, iterations);
                try
                {
                    Write(identity, null, Seal(identity, secrets, masterKey, salt, iterations), overwrite);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(masterKey);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
        }
    }

    /// <summary>Reads the identity's public part, without its secrets.</summary>
    public PublicIdentity ReadPublic()
    {
        var (identity, _, _) = Read(withSecrets: false);
        return identity;
    }

    /// <summary>Whether the key store file can be read or written by anyone but its owner.</summary>
    public bool IsAccessibleByOthers()
    {
        if (OperatingSystem.IsWindows() || !Exists)
        {
            return false;
        }
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(IdentityPath) & others) != 0;
    }

    /// <summary>Reads the identity with its secret keys.</summary>
    /// <param name="passphrase">Asked for the passphrase, only when the secrets are sealed; returns <see langword="null"/> when there is none to give.</param>
    /// <param name="curves">Check that the private key is the public key's, on the store's curve; new ones when <see langword="null"/>.</param>
    /// <returns>The unlocked identity, which the caller disposes.</returns>
    /// <exception cref="KeyStoreException">No identity, no or a wrong passphrase, an altered store, or a sealed store in the first format.</exception>
    public LocalIdentity Unlock(Func<string?> passphrase, CliCurves? curves = null)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var (identity, plainSecrets, sealedSecrets) = Read(withSecrets: true);
        if (sealedSecrets is { IsLegacy: true })
        {
            throw new KeyStoreException(
                KeyStoreError.NeedsUpgrade,
                $"{IdentityPath} is in the first key store format ({LegacyFormat}), whose passphrase seal does not cover the identity's name "
                + $"(\"{identity.Name}\") and service ({identity.Server ?? "none"}). Check them with `recrypt identity show`, then run "
                + "`recrypt identity upgrade` to seal the whole store.");
        }
        var secrets = plainSecrets ?? (sealedSecrets is null ? throw Corrupt("it has no secret keys") : OpenWith(sealedSecrets, passphrase));
        try
        {
            return ToLocalIdentity(identity, secrets, curves);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
        }
    }

    /// <summary>
    /// Rewrites the store with <paramref name="change"/> applied to its public part, keeping its secrets and
    /// their protection; a sealed store is sealed again (same passphrase) over its new content.
    /// </summary>
    /// <returns>The identity as written.</returns>
    public PublicIdentity Update(Func<PublicIdentity, PublicIdentity> change, Func<string?> passphrase)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(passphrase);
        var (identity, plainSecrets, sealedSecrets) = Read(withSecrets: true);
        var changed = change(identity) with { IsPassphraseProtected = sealedSecrets is not null };
        if (sealedSecrets is null)
        {
            try
            {
                Write(changed, plainSecrets ?? throw Corrupt("it has no secret keys"), null, overwrite: true);
                return changed;
            }
            finally
            {
                if (plainSecrets is not null)
                {
                    CryptographicOperations.ZeroMemory(plainSecrets);
                }
            }
        }

        var given = AskPassphrase(passphrase);
        var masterKey = StoreSeal.DeriveMasterKey(given, sealedSecrets.Salt, sealedSecrets.Iterations);
        byte[]? secrets = null;
        try
        {
            secrets = Open(sealedSecrets, masterKey);
            // Proves the keys belong together before anything is sealed over them again.
            ToLocalIdentity(identity, secrets, null).Dispose();
            Write(changed, null, Seal(changed, secrets, masterKey, sealedSecrets.Salt, sealedSecrets.Iterations), overwrite: true);
            return changed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(masterKey);
            if (secrets is not null)
            {
                CryptographicOperations.ZeroMemory(secrets);
            }
        }
    }

    /// <summary>Records the service the identity is registered with, keeping everything else as it is.</summary>
    public PublicIdentity SetServer(string server, Func<string?> passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(server);
        return Update(identity => identity with { Server = server }, passphrase);
    }

    /// <summary>
    /// Rewrites a store of the first format in the current one, its whole content sealed, after checking the
    /// old seal (the id and keys); returns the identity as written and whether anything changed.
    /// </summary>
    public (PublicIdentity Identity, bool Upgraded) Upgrade(Func<string?> passphrase)
    {
        var (identity, plainSecrets, sealedSecrets) = Read(withSecrets: false);
        if (plainSecrets is not null)
        {
            CryptographicOperations.ZeroMemory(plainSecrets);
        }
        if (ReadFormat() == Format)
        {
            return (identity, false);
        }
        return (Update(same => same, passphrase), true);
    }

    /// <summary>
    /// Writes <paramref name="identity"/> with its secrets into this store, sealed with <paramref name="passphrase"/>:
    /// how <c>recrypt identity export</c> writes a backup file and <c>import</c> a key store. The file has mode
    /// 0600 and appears complete or not at all.
    /// </summary>
    public void WriteSealed(LocalIdentity identity, string passphrase, bool overwrite, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(passphrase);
        var secrets = GC.AllocateArray<byte>(SecretsSize(identity.Curve), pinned: true);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var masterKey = StoreSeal.DeriveMasterKey(passphrase, salt, iterations);
        try
        {
            identity.PrivateKey.CopyTo(secrets);
            identity.SigningKeyPair.TryExport(secrets.AsSpan(identity.PrivateKey.Length), out _);
            var written = identity.Public with { IsPassphraseProtected = true };
            Write(written, null, Seal(written, secrets, masterKey, salt, iterations), overwrite);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
            CryptographicOperations.ZeroMemory(masterKey);
        }
    }

    private LocalIdentity ToLocalIdentity(PublicIdentity identity, byte[] secrets, CliCurves? curves)
    {
        var privateKeySize = CliCurve.PrivateKeySizeOf(identity.Curve);
        SigningKeyPair? signingKeyPair = null;
        var own = curves is null ? new CliCurves() : null;
        try
        {
            var privateKey = secrets.AsSpan(0, privateKeySize);
            signingKeyPair = SigningKeyPair.Import(secrets.AsSpan(privateKeySize, SigningKeyPair.Size));
            if (signingKeyPair.PublicKey != identity.SigningPublicKey || !(curves ?? own!)[identity.Curve].IsPublicKeyOf(privateKey, identity.PublicKey))
            {
                throw Corrupt("its secret keys are not the keys of its public keys");
            }
            return new LocalIdentity(identity, privateKey, signingKeyPair);
        }
        catch (RecryptException e)
        {
            signingKeyPair?.Dispose();
            throw Corrupt("its secret keys are malformed", e);
        }
        catch
        {
            signingKeyPair?.Dispose();
            throw;
        }
        finally
        {
            own?.Dispose();
        }
    }

    private string AskPassphrase(Func<string?> passphrase) =>
        passphrase() ?? throw new KeyStoreException(
            KeyStoreError.PassphraseRequired,
            $"The identity in {IdentityPath} is protected by a passphrase: pass --passphrase-stdin or set RECRYPT_PASSPHRASE.");

    private byte[] OpenWith(SealedSecrets sealedSecrets, Func<string?> passphrase)
    {
        var masterKey = StoreSeal.DeriveMasterKey(AskPassphrase(passphrase), sealedSecrets.Salt, sealedSecrets.Iterations);
        try
        {
            return Open(sealedSecrets, masterKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(masterKey);
        }
    }

    // Sealing

    /// <summary>
    /// The sealed secrets as stored. <see cref="AssociatedData"/> is what the seal authenticates: for format 2 the
    /// whole store (<see cref="StoreSeal.AssociatedData"/>), for the first format its id and public keys.
    /// </summary>
    private sealed record SealedSecrets(
        int Iterations, byte[] Salt, byte[] Nonce, byte[]? Check, byte[] Tag, byte[] Ciphertext, byte[] AssociatedData, bool IsLegacy);

    /// <summary>Seals <paramref name="secrets"/> over the whole store as <see cref="Write"/> will write it for <paramref name="identity"/>.</summary>
    private static SealedSecrets Seal(PublicIdentity identity, ReadOnlySpan<byte> secrets, byte[] masterKey, byte[] salt, int iterations)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var check = StoreSeal.Check(masterKey);
        var unsealed = new SealedSecrets(iterations, salt, nonce, check, [], [], [], IsLegacy: false);
        var body = Serialize(identity, null, unsealed);
        byte[] associatedData;
        try
        {
            associatedData = StoreSeal.AssociatedData(body.WrittenSpan);
        }
        finally
        {
            body.Clear();
        }
        var tag = new byte[TagSize];
        var ciphertext = new byte[secrets.Length];
        var key = StoreSeal.SealKey(masterKey);
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, secrets, ciphertext, tag, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        return unsealed with { Tag = tag, Ciphertext = ciphertext, AssociatedData = associatedData };
    }

    /// <summary>Opens the seal with the master key: a wrong passphrase and an altered store are told apart by the check.</summary>
    private byte[] Open(SealedSecrets sealedSecrets, byte[] masterKey)
    {
        if (!sealedSecrets.IsLegacy && !CryptographicOperations.FixedTimeEquals(StoreSeal.Check(masterKey), sealedSecrets.Check))
        {
            throw new KeyStoreException(KeyStoreError.WrongPassphrase, $"The passphrase does not open the identity in {IdentityPath}.");
        }
        var key = sealedSecrets.IsLegacy ? masterKey.ToArray() : StoreSeal.SealKey(masterKey);
        var secrets = GC.AllocateArray<byte>(sealedSecrets.Ciphertext.Length, pinned: true);
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedSecrets.Nonce, sealedSecrets.Ciphertext, sealedSecrets.Tag, secrets, sealedSecrets.AssociatedData);
            return secrets;
        }
        catch (AuthenticationTagMismatchException e)
        {
            CryptographicOperations.ZeroMemory(secrets);
            throw sealedSecrets.IsLegacy
                ? new KeyStoreException(KeyStoreError.WrongPassphrase, $"The passphrase does not open the identity in {IdentityPath} (or the file was altered).", e)
                : new KeyStoreException(
                    KeyStoreError.Tampered,
                    $"{IdentityPath} was altered after it was written: the passphrase is right, but the store (its service, name, keys or "
                    + "another member) no longer matches its seal. Do not use it; restore it from a backup (`recrypt identity import`).",
                    e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>What the first format's seal authenticated: its id and public keys.</summary>
    private static byte[] LegacyAssociatedData(string id, byte[] publicKey, PublicSigningKey signingPublicKey) => Encoding.UTF8.GetBytes(string.Join('\n',
        LegacyFormat,
        id,
        Convert.ToHexStringLower(publicKey),
        Convert.ToHexStringLower(signingPublicKey.Export())));

    private string ReadFormat()
    {
        var bytes = File.ReadAllBytes(IdentityPath);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.TryGetProperty("format", out var format) ? format.GetString() ?? "" : "";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    // The file

    private void Write(PublicIdentity identity, byte[]? plainSecrets, SealedSecrets? sealedSecrets, bool overwrite)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Home);
        }
        else
        {
            Directory.CreateDirectory(Home, s_directoryMode);
        }
        var buffer = Serialize(identity, plainSecrets, sealedSecrets);
        try
        {
            AtomicFile.Write(IdentityPath, overwrite, stream => stream.Write(buffer.WrittenSpan));
        }
        catch (OutputExistsException e)
        {
            throw new KeyStoreException(KeyStoreError.Exists, $"{IdentityPath} already holds an identity (pass --force to replace it, losing its keys).", e);
        }
        finally
        {
            buffer.Clear(); // zeroes what was written
        }
    }

    /// <summary>
    /// The store's JSON. With sealed secrets whose ciphertext is empty (while sealing), the members the seal
    /// produces are left out: the rest is exactly what the seal authenticates.
    /// </summary>
    private static ArrayBufferWriter<byte> Serialize(PublicIdentity identity, byte[]? plainSecrets, SealedSecrets? sealedSecrets)
    {
        // A file is under 1 KiB: the buffer never grows, so no copy of the secrets is left behind unzeroed.
        var buffer = new ArrayBufferWriter<byte>(8192);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("id", identity.Id);
            writer.WriteString("name", identity.Name);
            writer.WriteString("curve", identity.Curve.ToString());
            writer.WriteBase64String("publicKey", identity.PublicKey);
            writer.WriteBase64String("signingPublicKey", identity.SigningPublicKey.Export());
            writer.WriteString("createdAt", identity.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteNumber("keyVersion", identity.KeyVersion);
            if (identity.Server is not null)
            {
                writer.WriteString("server", identity.Server);
            }
            writer.WriteStartObject("secrets");
            if (sealedSecrets is not null)
            {
                writer.WriteString("protection", "passphrase");
                writer.WriteStartObject("kdf");
                writer.WriteString("algorithm", KdfAlgorithm);
                writer.WriteNumber("iterations", sealedSecrets.Iterations);
                writer.WriteBase64String("salt", sealedSecrets.Salt);
                writer.WriteBase64String("check", sealedSecrets.Check);
                writer.WriteEndObject();
                writer.WriteStartObject("cipher");
                writer.WriteString("algorithm", CipherAlgorithm);
                writer.WriteBase64String("nonce", sealedSecrets.Nonce);
                if (sealedSecrets.Ciphertext.Length != 0)
                {
                    writer.WriteBase64String("tag", sealedSecrets.Tag);
                }
                writer.WriteEndObject();
                if (sealedSecrets.Ciphertext.Length != 0)
                {
                    writer.WriteBase64String("ciphertext", sealedSecrets.Ciphertext);
                }
            }
            else
            {
                var secrets = plainSecrets ?? throw new ArgumentNullException(nameof(plainSecrets));
                writer.WriteString("protection", "none");
                var privateKeySize = CliCurve.PrivateKeySizeOf(identity.Curve);
                writer.WriteBase64String("privateKey", secrets.AsSpan(0, privateKeySize));
                writer.WriteBase64String("signingKeyPair", secrets.AsSpan(privateKeySize, SigningKeyPair.Size));
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer;
    }

    private (PublicIdentity Identity, byte[]? PlainSecrets, SealedSecrets? SealedSecrets) Read(bool withSecrets)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(IdentityPath);
            if (!info.Exists)
            {
                throw new KeyStoreException(
                    KeyStoreError.Missing, $"There is no identity in {Home}: create one with `recrypt identity new <name>`.");
            }
            if (info.Length > MaxFileSize)
            {
                throw Corrupt("it is too large");
            }
            bytes = File.ReadAllBytes(IdentityPath);
        }
        catch (DirectoryNotFoundException)
        {
            throw new KeyStoreException(KeyStoreError.Missing, $"There is no identity in {Home}: create one with `recrypt identity new <name>`.");
        }

        byte[]? privateKey = null;
        byte[]? signingKeyPair = null;
        try
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            byte[]? salt = null, check = null, nonce = null, tag = null, ciphertext = null;
            int? iterations = null;
            var keyVersion = KeyCertificate.FirstVersion;
            string? protection = null, kdfAlgorithm = null, cipherAlgorithm = null;

            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var property = reader.GetString()!;
                Next(ref reader);
                if (property == "secrets")
                {
                    ExpectCurrent(ref reader, JsonTokenType.StartObject);
                    while (Next(ref reader) == JsonTokenType.PropertyName)
                    {
                        var secretProperty = reader.GetString()!;
                        Next(ref reader);
                        switch (secretProperty)
                        {
                            case "protection":
                                protection = reader.GetString();
                                break;
                            case "privateKey" when withSecrets:
                                privateKey = reader.GetBytesFromBase64();
                                break;
                            case "signingKeyPair" when withSecrets:
                                signingKeyPair = reader.GetBytesFromBase64();
                                break;
                            case "ciphertext":
                                ciphertext = reader.GetBytesFromBase64();
                                break;
                            case "kdf":
                                ExpectCurrent(ref reader, JsonTokenType.StartObject);
                                while (Next(ref reader) == JsonTokenType.PropertyName)
                                {
                                    var kdfProperty = reader.GetString();
                                    Next(ref reader);
                                    switch (kdfProperty)
                                    {
                                        case "algorithm": kdfAlgorithm = reader.GetString(); break;
                                        case "iterations": iterations = reader.GetInt32(); break;
                                        case "salt": salt = reader.GetBytesFromBase64(); break;
                                        case "check": check = reader.GetBytesFromBase64(); break;
                                        default: reader.Skip(); break;
                                    }
                                }
                                break;
                            case "cipher":
                                ExpectCurrent(ref reader, JsonTokenType.StartObject);
                                while (Next(ref reader) == JsonTokenType.PropertyName)
                                {
                                    var cipherProperty = reader.GetString();
                                    Next(ref reader);
                                    switch (cipherProperty)
                                    {
                                        case "algorithm": cipherAlgorithm = reader.GetString(); break;
                                        case "nonce": nonce = reader.GetBytesFromBase64(); break;
                                        case "tag": tag = reader.GetBytesFromBase64(); break;
                                        default: reader.Skip(); break;
                                    }
                                }
                                break;
                            default:
                                reader.Skip();
                                break;
                        }
                    }
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    fields[property] = reader.GetString()!;
                }
                else if (property == "keyVersion")
                {
                    keyVersion = reader.GetInt32();
                    if (keyVersion < KeyCertificate.FirstVersion)
                    {
                        throw Corrupt($"its key version {keyVersion} is not a version");
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            if (!fields.TryGetValue("format", out var format) || (format != Format && format != LegacyFormat))
            {
                throw Corrupt($"its format is not {Format} (nor {LegacyFormat})");
            }
            var legacy = format == LegacyFormat;
            // A store without a curve is from before Api480: Api256. The keys must be points of the curve it names.
            var curve = RecryptCurve.Api256;
            if (fields.TryGetValue("curve", out var curveName) && !CliCurve.TryParse(curveName, out curve))
            {
                throw Corrupt($"its curve \"{curveName}\" is not one of {CliCurve.Known}");
            }
            var publicKey = Convert.FromBase64String(Field(fields, "publicKey"));
            if (!CliCurve.IsPublicKey(curve, publicKey))
            {
                throw Corrupt($"its public key is not a point on the {curve} curve");
            }
            var signingPublicKey = PublicSigningKey.Import(Convert.FromBase64String(Field(fields, "signingPublicKey")));
            var id = Field(fields, "id");
            if (IdentityId.FromSigningKey(signingPublicKey) != id)
            {
                throw Corrupt("its id is not the id of its signing key");
            }
            var createdAt = DateTimeOffset.Parse(Field(fields, "createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            fields.TryGetValue("server", out var server);

            SealedSecrets? sealedSecrets = null;
            byte[]? plainSecrets = null;
            switch (protection)
            {
                case "passphrase":
                    if (kdfAlgorithm != KdfAlgorithm || cipherAlgorithm != CipherAlgorithm)
                    {
                        throw Corrupt($"its secrets are sealed with {kdfAlgorithm}/{cipherAlgorithm}, not {KdfAlgorithm}/{CipherAlgorithm}");
                    }
                    if (iterations is not { } count || count < MinIterations || count > MaxIterations
                        || salt is not { Length: >= SaltSize } || nonce is not { Length: NonceSize } || tag is not { Length: TagSize }
                        || ciphertext is null || ciphertext.Length != SecretsSize(curve) || (!legacy && check is not { Length: StoreSeal.CheckSize }))
                    {
                        throw Corrupt("its sealed secrets are malformed");
                    }
                    var associatedData = legacy ? LegacyAssociatedData(id, publicKey, signingPublicKey) : StoreSeal.AssociatedData(bytes);
                    sealedSecrets = new SealedSecrets(count, salt, nonce, check, tag, ciphertext, associatedData, legacy);
                    break;
                case "none":
                    if (withSecrets)
                    {
                        if (privateKey is null || privateKey.Length != CliCurve.PrivateKeySizeOf(curve) || signingKeyPair is not { Length: SigningKeyPair.Size })
                        {
                            throw Corrupt("its secret keys are malformed");
                        }
                        plainSecrets = GC.AllocateArray<byte>(SecretsSize(curve), pinned: true);
                        privateKey.CopyTo(plainSecrets, 0);
                        signingKeyPair.CopyTo(plainSecrets, privateKey.Length);
                    }
                    break;
                default:
                    throw Corrupt($"its secrets' protection \"{protection}\" is unknown");
            }

            var identity = new PublicIdentity(
                id, fields.GetValueOrDefault("name") ?? "", publicKey, signingPublicKey, createdAt, server, sealedSecrets is not null, keyVersion, curve);
            return (identity, plainSecrets, sealedSecrets);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or RecryptException)
        {
            throw Corrupt("it is malformed", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            if (privateKey is not null)
            {
                CryptographicOperations.ZeroMemory(privateKey);
            }
            if (signingKeyPair is not null)
            {
                CryptographicOperations.ZeroMemory(signingKeyPair);
            }
        }
    }

    private static string Field(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value : throw new FormatException($"The member \"{name}\" is missing.");

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The JSON ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        Next(ref reader);
        ExpectCurrent(ref reader, type);
    }

    private static void ExpectCurrent(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type}, found {reader.TokenType}.");
        }
    }

    private KeyStoreException Corrupt(string why, Exception? inner = null) =>
        new(KeyStoreError.Corrupt, $"{IdentityPath} is not a usable key store: {why}.", inner);
}
