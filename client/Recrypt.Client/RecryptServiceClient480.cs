namespace Recrypt.Client;

/// <summary>
/// The typed client of a Recrypt service of the Api480 curve (a deployment with <c>Scheme:Curve=Api480</c>): its keys and
/// values are <see cref="PublicKey480"/>, <see cref="EncryptedValue480"/>, <see cref="TransformKey480"/>, so an Api256 value
/// cannot reach it. For an Api256 service use <see cref="RecryptServiceClient"/>; a client of one curve refuses a service
/// of the other with a <see cref="CurveMismatchException"/> before it sends any key or value.
/// </summary>
/// <remarks>The methods and what they check are described on <see cref="RecryptServiceClient{TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey}"/>.</remarks>
public sealed class RecryptServiceClient480 : RecryptServiceClient<PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480>
{
    /// <summary>Creates a client over <paramref name="httpClient"/>, which the caller keeps owning.</summary>
    /// <param name="httpClient">An HTTP client whose base address is the service.</param>
    /// <param name="recrypt">The process's <see cref="TransformEncryption480"/>, which verifies key certificates.</param>
    /// <param name="keyVersions">Remembers the highest key version seen per identity; one for this client when <see langword="null"/>.</param>
    public RecryptServiceClient480(HttpClient httpClient, TransformEncryption480 recrypt, IKeyVersionMemory? keyVersions = null)
        : base(httpClient, keyVersions)
    {
        ArgumentNullException.ThrowIfNull(recrypt);
        Recrypt = recrypt;
    }

    /// <summary>The recrypt library this client verifies with.</summary>
    public TransformEncryption480 Recrypt { get; }

    /// <inheritdoc/>
    public override RecryptCurve Curve => RecryptCurve.Api480;

    private protected override byte[] Ed25519Sign(SigningKeyPair signingKeyPair, byte[] message) => Recrypt.Ed25519Sign(signingKeyPair, message);

    private protected override bool Ed25519Verify(PublicSigningKey signingKey, byte[] message, byte[] signature) => Recrypt.Ed25519Verify(signingKey, message, signature);

    private protected override Plaintext480 GeneratePlaintext() => Recrypt.GeneratePlaintext();

    private protected override PrivateKey480 DerivePrivateKey(Plaintext480 plaintext) => Recrypt.DerivePrivateKey(plaintext);

    private protected override PublicKey480 ComputePublicKey(PrivateKey480 privateKey) => Recrypt.ComputePublicKey(privateKey);

    private protected override EncryptedValue480 Encrypt(Plaintext480 plaintext, PublicKey480 publicKey, SigningKeyPair signingKeyPair) =>
        Recrypt.Encrypt(plaintext, publicKey, signingKeyPair);

    private protected override Plaintext480 Decrypt(EncryptedValue480 encryptedValue, PrivateKey480 privateKey) => Recrypt.Decrypt(encryptedValue, privateKey);

    private protected override TransformKey480 GenerateTransformKey(PrivateKey480 fromPrivateKey, PublicKey480 toPublicKey, SigningKeyPair signingKeyPair) =>
        Recrypt.GenerateTransformKey(fromPrivateKey, toPublicKey, signingKeyPair);

    private protected override byte[] ExportKey(PublicKey480 publicKey) => publicKey.Export();

    private protected override bool TryImportKey(byte[] bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PublicKey480? publicKey) =>
        PublicKey480.TryImport(bytes, out publicKey);

    private protected override byte[] ExportValue(EncryptedValue480 encryptedValue) => encryptedValue.Export();

    private protected override EncryptedValue480 ImportValue(byte[] encoding) => EncryptedValue480.Import(encoding);

    private protected override byte[] ExportTransformKey(TransformKey480 transformKey) => transformKey.Export();
}
