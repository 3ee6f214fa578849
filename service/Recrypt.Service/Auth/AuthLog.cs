namespace Recrypt.Service.Auth;

/// <summary>What the service logs about request signatures: ids and outcomes, never headers' values.</summary>
internal static partial class AuthLog
{
    public const string Malformed = "malformed signature headers";
    public const string UnknownIdentity = "unknown identity";
    public const string BadSignature = "signature, timestamp or nonce refused";

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a signed request from {IdentityId}: {Reason}")]
    public static partial void Refused(ILogger logger, string identityId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a signed request: {Reason}")]
    public static partial void RefusedUnidentified(ILogger logger, string reason);
}
