namespace Recrypt.Client;

/// <summary>
/// The typed client of a Recrypt service of the Api256 curve (the default deployment): its keys and values are
/// <see cref="PublicKey"/>, <see cref="EncryptedValue"/>, <see cref="TransformKey"/>. For an Api480 service use
/// <see cref="RecryptServiceClient480"/>; a client of one curve refuses a service of the other with a
/// <see cref="CurveMismatchException"/> before it sends any key or value.
/// </summary>
/// <remarks>The methods and what they check are described on <see cref="RecryptServiceClient{TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey}"/>.</remarks>
public sealed class RecryptServiceClient : RecryptServiceClient<PrivateKey, PublicKey, Plaintext, EncryptedValue, TransformKey>
{
    /// <summary>Creates a client over <paramref name="httpClient"/>, which the caller keeps owning.</summary>
    /// <param name="httpClient">An HTTP client whose base address is the service.</param>
    /// <param name="recrypt">The process's <see cref="TransformEncryption"/>, which verifies key certificates.</param>
    /// <param name="keyVersions">Remembers the highest key version seen per identity; one for this client when <see langword="null"/>.</param>
    public RecryptServiceClient(HttpClient httpClient, TransformEncryption recrypt, IKeyVersionMemory? keyVersions = null)
        : base(httpClient, keyVersions)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        Recrypt = recrypt;
    }

    /// <summary>The recrypt library this client verifies with.</summary>
    public TransformEncryption Recrypt { get; }

    /// <inheritdoc/>
    public override RecryptCurve Curve => RecryptCurve.Api256;

    private protected override byte[] Ed25519Sign(SigningKeyPair signingKeyPair, byte[] message) => Recrypt.Ed25519Sign(signingKeyPair, message);

    private protected override bool Ed25519Verify(PublicSigningKey signingKey, byte[] message, byte[] signature) => Recrypt.Ed25519Verify(signingKey, message, signature);

    private protected override Plaintext GeneratePlaintext() => Recrypt.GeneratePlaintext();

    private protected override PrivateKey DerivePrivateKey(Plaintext plaintext) => Recrypt.DerivePrivateKey(plaintext);

    private protected override PublicKey ComputePublicKey(PrivateKey privateKey) => Recrypt.ComputePublicKey(privateKey);

    private protected override EncryptedValue Encrypt(Plaintext plaintext, PublicKey publicKey, SigningKeyPair signingKeyPair) =>
        Recrypt.Encrypt(plaintext, publicKey, signingKeyPair);

    private protected override Plaintext Decrypt(EncryptedValue encryptedValue, PrivateKey privateKey) => Recrypt.Decrypt(encryptedValue, privateKey);

    private protected override TransformKey GenerateTransformKey(PrivateKey fromPrivateKey, PublicKey toPublicKey, SigningKeyPair signingKeyPair) =>
        Recrypt.GenerateTransformKey(fromPrivateKey, toPublicKey, signingKeyPair);

    private protected override byte[] ExportKey(PublicKey publicKey) => publicKey.Export();

    private protected override bool TryImportKey(byte[] bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PublicKey? publicKey) =>
        PublicKey.TryImport(bytes, out publicKey);

    private protected override byte[] ExportValue(EncryptedValue encryptedValue) => encryptedValue.Export();

    private protected override EncryptedValue ImportValue(byte[] encoding) => EncryptedValue.Import(encoding);

    private protected override byte[] ExportTransformKey(TransformKey transformKey) => transformKey.Export();
}
