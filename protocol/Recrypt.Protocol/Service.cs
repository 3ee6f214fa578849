namespace Recrypt.Protocol;

/// <summary>Facts about the service that clients need.</summary>
/// <param name="SigningPublicKey">
/// The service's Ed25519 public key, 32 bytes, base64. It signs the values the service transforms, and its
/// hex is the audience that every signed request names (<see cref="SignedRequest.Audience"/>).
/// </param>
/// <param name="Curve">
/// The recrypt curve of the deployment, <c>Api256</c> or <c>Api480</c>: every public key, encrypted value and
/// transform key sent to the service must be on it. A service that does not name one is Api256.
/// </param>
public sealed record ServiceInfoResponse(byte[] SigningPublicKey, string Curve = "Api256");

/// <summary>A ProblemDetails answer, as clients read it.</summary>
/// <param name="Type">The stable <c>urn:recrypt:problem:*</c> type.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Detail">What exactly went wrong.</param>
public sealed record ProblemResponse(string? Type, string? Title, string? Detail);
