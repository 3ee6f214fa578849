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
        : base(httpClient, new ClientCurve256(recrypt), keyVersions)
    {
    }

    /// <summary>The recrypt library this client verifies with.</summary>
    public TransformEncryption Recrypt => ((ClientCurve256)Ops).Recrypt;
}
