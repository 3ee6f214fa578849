namespace Recrypt.Client;

/// <summary>
/// The service returned a recrypt public key that does not belong to the identity it was asked for: the
/// key certificate does not verify under the signing key the identity's id names, or it certifies an older
/// key version than one this client has already seen. The key was not used.
/// </summary>
public sealed class UntrustedKeyException : RecryptServiceException
{
    /// <summary>Creates the exception for <paramref name="identityId"/>.</summary>
    /// <param name="identityId">The identity whose key was refused.</param>
    /// <param name="name">The identity's display name as the service gave it (unverified), if any.</param>
    /// <param name="reason">Why the key was refused.</param>
    public UntrustedKeyException(string identityId, string? name, string reason)
        : base($"The service returned a key for {(name is { Length: > 0 } ? $"\"{name}\" ({identityId})" : identityId)} that does not belong to it: {reason}. The key was not used.")
    {
        IdentityId = identityId;
        Reason = reason;
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public UntrustedKeyException()
    {
        IdentityId = "";
        Reason = "";
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    /// <param name="message">The message.</param>
    public UntrustedKeyException(string message)
        : base(message)
    {
        IdentityId = "";
        Reason = message;
    }

    /// <summary>Creates the exception with a message of its own and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UntrustedKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
        IdentityId = "";
        Reason = message;
    }

    /// <summary>The identity whose key was refused.</summary>
    public string IdentityId { get; }

    /// <summary>Why the key was refused.</summary>
    public string Reason { get; }
}
