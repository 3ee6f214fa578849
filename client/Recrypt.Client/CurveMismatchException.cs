namespace Recrypt.Client;

/// <summary>
/// The service uses another curve than the client (<see cref="RecryptServiceClient{TPrivateKey, TPublicKey, TPlaintext, TEncryptedValue, TTransformKey}.Curve"/>):
/// none of the client's keys or values would work there, so the client refuses before it sends any. Use the client of the
/// service's curve (<see cref="RecryptServiceClient"/> for Api256, <see cref="RecryptServiceClient480"/> for Api480) with an
/// identity of that curve.
/// </summary>
public sealed class CurveMismatchException : RecryptServiceException
{
    /// <summary>Creates the exception for a service at <paramref name="service"/> of <paramref name="serviceCurve"/>.</summary>
    /// <param name="service">The service's address, when known.</param>
    /// <param name="serviceCurve">The curve the service announces.</param>
    /// <param name="clientCurve">The curve the client was made for.</param>
    public CurveMismatchException(Uri? service, RecryptCurve serviceCurve, RecryptCurve clientCurve)
        : base($"The service{(service is null ? "" : $" at {service}")} uses {serviceCurve}; this client was made for {clientCurve}: "
            + $"use {ClientFor(serviceCurve)} with an {serviceCurve} identity, or a service of {clientCurve}.")
    {
        ServiceCurve = serviceCurve;
        ClientCurve = clientCurve;
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public CurveMismatchException()
    {
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    /// <param name="message">The message.</param>
    public CurveMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of its own and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CurveMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The curve the service announces (<c>GET /service</c>).</summary>
    public RecryptCurve ServiceCurve { get; }

    /// <summary>The curve the client was made for.</summary>
    public RecryptCurve ClientCurve { get; }

    private static string ClientFor(RecryptCurve curve) => curve == RecryptCurve.Api480 ? nameof(RecryptServiceClient480) : nameof(RecryptServiceClient);
}
