namespace Recrypt.Cli.KeyStore;

/// <summary>What went wrong with the local key store.</summary>
internal enum KeyStoreError
{
    /// <summary>There is no identity in the key store.</summary>
    Missing,

    /// <summary>The key store already holds an identity.</summary>
    Exists,

    /// <summary>The identity is protected by a passphrase and none was given.</summary>
    PassphraseRequired,

    /// <summary>The passphrase does not open the identity (or the sealed secrets were altered).</summary>
    WrongPassphrase,

    /// <summary>The file is not a key store this version can read, or its keys do not belong together.</summary>
    Corrupt,

    /// <summary>The passphrase is right but the sealed store was changed after it was written.</summary>
    Tampered,

    /// <summary>A sealed store in the first format, whose seal does not cover the whole store: upgrade it first.</summary>
    NeedsUpgrade,
}

/// <summary>The local key store could not be used.</summary>
internal sealed class KeyStoreException : Exception
{
    public KeyStoreException()
    {
    }

    public KeyStoreException(string message)
        : base(message)
    {
    }

    public KeyStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KeyStoreException(KeyStoreError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    public KeyStoreError Error { get; } = KeyStoreError.Corrupt;
}
