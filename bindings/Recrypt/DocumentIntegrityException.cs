using System.Security.Cryptography;

namespace Recrypt;

/// <summary>
/// An encrypted document, its header or its key failed a check of <see cref="DocumentCipher"/>: the
/// bytes were altered, truncated, extended or reordered, are not an encrypted document, or the key is
/// not the document's. The message says which, and never contains key material or plaintext.
/// </summary>
public sealed class DocumentIntegrityException : CryptographicException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public DocumentIntegrityException()
        : base("The encrypted document failed an integrity check.")
    {
    }

    /// <summary>Creates an exception that says what failed.</summary>
    /// <param name="message">What failed.</param>
    public DocumentIntegrityException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that says what failed, caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DocumentIntegrityException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
