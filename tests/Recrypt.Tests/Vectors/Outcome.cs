using System.Text.Json;

namespace Recrypt.Tests.Vectors;

/// <summary>
/// How an IronCore outcome (<c>result</c>, or <c>error</c> with <c>errorKind</c>) shows in .NET: a
/// wrong length (a panic in IronCore's build) is an <see cref="ArgumentException"/>; a recrypt error
/// is a <see cref="RecryptException"/> with the matching <see cref="RecryptError"/> and the same message.
/// </summary>
internal static class Outcome
{
    private static readonly Dictionary<string, RecryptError> s_errors = new()
    {
        ["The public key was not valid. Ensure it was generated from a valid PrivateKey."] = RecryptError.InvalidPublicKey,
        ["The signature of the encrypted value could not be verified."] = RecryptError.InvalidEncryptedValueSignature,
        ["The transform key signature was incorrect."] = RecryptError.InvalidTransformKeySignature,
        ["The decryption failed. Ensure you're using the correct PrivateKey."] = RecryptError.DecryptFailed,
        ["The bytes could not be decoded into the appropriate data type."] = RecryptError.DecodeFailed,
        ["The signing public key provided was invalid."] = RecryptError.InvalidSigningKeyPair,
    };

    /// <summary>
    /// The starts of recrypt's messages for a wrong length in the native build, as in the Api480 vectors:
    /// InputWrongSize, and the one for a signing key pair.
    /// </summary>
    private static readonly string[] s_wrongSizes = ["The input value was the wrong size.", "The key pair provided was of an invalid length."];

    public static bool IsError(JsonElement outcome) => outcome.TryGetProperty("error", out _);

    /// <summary>Runs <paramref name="call"/> and checks that it fails as IronCore's build did.</summary>
    public static void AssertFails(JsonElement outcome, Action call)
    {
        var message = outcome.Text("error");
        switch (outcome.Text("errorKind"))
        {
            case "panic":
            // Api480's vectors come from the native build, where a wrong length is recrypt's
            // InputWrongSize error rather than a panic: here both are the argument checks' ArgumentException.
            case "recrypt" when s_wrongSizes.Any(start => message.StartsWith(start, StringComparison.Ordinal)):
                Assert.Throws<ArgumentException>(call);
                break;
            case "recrypt":
                var exception = Assert.Throws<RecryptException>(call);
                Assert.Equal(s_errors[message], exception.Error);
                Assert.Equal(message, exception.Message);
                break;
            case var kind:
                Assert.Fail($"IronCore failed with a {kind} error, which has no .NET counterpart: {message}");
                break;
        }
    }

    /// <summary>
    /// Checks <paramref name="call"/> against the outcome: it returns what <paramref name="expected"/>
    /// reads from the entry, or it fails as IronCore's build did.
    /// </summary>
    public static void AssertMatches<T>(JsonElement outcome, Func<T> call, Func<T> expected)
    {
        if (IsError(outcome))
        {
            AssertFails(outcome, () => call());
        }
        else
        {
            Assert.Equal(expected(), call());
        }
    }
}
