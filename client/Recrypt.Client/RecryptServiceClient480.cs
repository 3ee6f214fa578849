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
        : base(httpClient, new ClientCurve480(recrypt), keyVersions)
    {
    }

    /// <summary>The recrypt library this client verifies with.</summary>
    public TransformEncryption480 Recrypt => ((ClientCurve480)Ops).Recrypt;
}
