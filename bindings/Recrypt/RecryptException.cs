using System.Security.Cryptography;

namespace Recrypt;

/// <summary>
/// A cryptographic operation failed because of its inputs: a value that was altered, a key that
/// does not fit, bytes that are not an encoding. <see cref="Error"/> says which. The message is
/// the one IronCore's recrypt gives for the same failure, and never contains key material.
/// </summary>
public sealed class RecryptException : CryptographicException
{
    /// <summary>Creates an exception for <paramref name="error"/>.</summary>
    /// <param name="error">Why the operation failed.</param>
    /// <param name="message">A message that describes the failure.</param>
    public RecryptException(RecryptError error, string? message)
        : base(message) => Error = error;

    /// <summary>Creates an exception for <paramref name="error"/> caused by <paramref name="innerException"/>.</summary>
    /// <param name="error">Why the operation failed.</param>
    /// <param name="message">A message that describes the failure.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public RecryptException(RecryptError error, string? message, Exception? innerException)
        : base(message, innerException) => Error = error;

    /// <summary>Why the operation failed.</summary>
    public RecryptError Error { get; }
}
