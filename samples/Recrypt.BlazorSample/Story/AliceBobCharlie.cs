using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Recrypt.BlazorSample.Story;

/// <summary>
/// The story of the README, in the page: Alice, Bob and Charlie make their identities; Alice grants Bob,
/// encrypts a document key once, and the service (<see cref="InPageService"/>) transforms it to Bob, who
/// decrypts the same bytes; Charlie, who has no grant, gets nothing and cannot decrypt Bob's copy; Alice
/// revokes Bob and his next request is refused. Every step is timed.
/// </summary>
public static class AliceBobCharlie
{
    private const string Alice = "Alice";
    private const string Bob = "Bob";
    private const string Charlie = "Charlie";
    private const string Service = "service";

    /// <summary>Runs the story on <paramref name="recrypt"/>, yielding each step as it ends.</summary>
    public static async IAsyncEnumerable<StoryStep> RunAsync(TransformEncryption recrypt, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        // Identities: each person's key pair never leaves the person; the public halves are registered.
        var (alicePrivate, alicePublic, step) = TimeKeyPair("alice-keys", Alice, "generates her key pair", recrypt.GenerateKeyPair,
            keys => $"public key {Fingerprint(keys.PublicKey.Export())}");
        using var aliceKey = alicePrivate;
        yield return await Shown(step, cancellation);
        (var bobPrivate, var bobPublic, step) = TimeKeyPair("bob-keys", Bob, "generates his key pair", recrypt.GenerateKeyPair,
            keys => $"public key {Fingerprint(keys.PublicKey.Export())}");
        using var bobKey = bobPrivate;
        yield return await Shown(step, cancellation);
        (var charliePrivate, var charliePublic, step) = TimeKeyPair("charlie-keys", Charlie, "generates his key pair", recrypt.GenerateKeyPair,
            keys => $"public key {Fingerprint(keys.PublicKey.Export())}");
        using var charlieKey = charliePrivate;
        yield return await Shown(step, cancellation);

        (var aliceSigning, step) = Time("alice-signing-key", Alice, "generates her signing key pair (Ed25519)", recrypt.GenerateSigningKeyPair,
            keys => $"public signing key {Fingerprint(keys.PublicKey.Export())}");
        using var aliceSigns = aliceSigning;
        yield return await Shown(step, cancellation);
        (var serviceSigning, step) = Time("service-signing-key", Service, "generates its signing key pair (Ed25519)", recrypt.GenerateSigningKeyPair,
            keys => $"public signing key {Fingerprint(keys.PublicKey.Export())}");
        using var serviceSigns = serviceSigning;
        yield return await Shown(step, cancellation);

        var service = new InPageService(recrypt, serviceSigning);
        step = Time("register", Service, "registers the three public keys (each checked to be on the curve)", () =>
        {
            service.Register(Alice, alicePublic.Export());
            service.Register(Bob, bobPublic.Export());
            service.Register(Charlie, charliePublic.Export());
        }, "Alice, Bob and Charlie registered");
        yield return await Shown(step, cancellation);

        // Alice grants Bob: the transform key is made with her private key, on her side, and uploaded.
        (var grant, step) = Time("grant", Alice, "grants Bob: makes the transform key Alice → Bob", () =>
            recrypt.GenerateTransformKey(aliceKey, bobPublic, aliceSigns).Export(), key => $"transform key, {key.Length} bytes");
        yield return await Shown(step, cancellation);
        step = Time("store-grant", Service, "stores the grant (checks its signature)", () => service.Grant(Alice, Bob, grant),
            "grant Alice → Bob stored");
        yield return await Shown(step, cancellation);

        // Alice encrypts a document key once, to herself; only the encrypted value goes to the service.
        (var documentKey, step) = Time("document-key", Alice, "generates a document key", recrypt.GeneratePlaintext,
            key => $"{Plaintext.Size} bytes, fingerprint {Fingerprint(key)}");
        using var aliceDocumentKey = documentKey;
        yield return await Shown(step, cancellation);
        (var encrypted, step) = Time("encrypt", Alice, "encrypts it once, to her own public key", () =>
            recrypt.Encrypt(aliceDocumentKey, alicePublic, aliceSigns).Export(), value => $"encrypted value, {value.Length} bytes");
        yield return await Shown(step, cancellation);
        (var documentId, step) = Time("store-document", Service, "stores the encrypted document key (checks its signature)",
            () => service.Store(Alice, encrypted), id => $"document {id}");
        yield return await Shown(step, cancellation);

        // Bob asks for it: the service transforms it to him with Alice's grant, and he decrypts it.
        (var forBob, step) = Time("transform-to-bob", Service, "transforms the document key to Bob with Alice's grant", () =>
            service.TryFetch(documentId, Bob, out var value) ? value : throw new InvalidOperationException("The service refused Bob before the revoke."),
            value => $"transformed value, {value.Length} bytes (one transform block)");
        yield return await Shown(step, cancellation);
        (var bobsKey, step) = Time("bob-decrypts", Bob, "decrypts it with his private key", () =>
            recrypt.Decrypt(EncryptedValue.Import(forBob), bobKey), key => SameBytes(aliceDocumentKey, key));
        using (bobsKey)
        {
            yield return await Shown(step, cancellation);
        }

        // Charlie has no grant: the service gives him nothing, and Bob's copy is of no use to him.
        step = Time("charlie-asks", Service, "is asked by Charlie for the document key", () =>
            service.TryFetch(documentId, Charlie, out _) ? throw new InvalidOperationException("The service gave Charlie a document key.") : "refused: Alice never granted Charlie",
            StepOutcome.Refused);
        yield return await Shown(step, cancellation);
        step = Time("charlie-decrypts", Charlie, "tries to decrypt Bob's copy with his private key", () =>
        {
            try
            {
                using var charliesKey = recrypt.Decrypt(EncryptedValue.Import(forBob), charlieKey);
            }
            catch (RecryptException e) when (e.Error == RecryptError.DecryptFailed)
            {
                return $"refused: {e.Error}";
            }
            throw new InvalidOperationException("Charlie decrypted a value transformed to Bob.");
        }, StepOutcome.Refused);
        yield return await Shown(step, cancellation);

        // Alice revokes Bob: the service deletes the grant, and Bob's next request is refused.
        step = Time("revoke", Alice, "revokes Bob", () => service.Revoke(Alice, Bob)
            ? "grant Alice → Bob deleted" : throw new InvalidOperationException("There was no grant to revoke."), StepOutcome.Done);
        yield return await Shown(step, cancellation);
        step = Time("bob-asks-after-revoke", Service, "is asked by Bob again, after the revoke", () =>
            service.TryFetch(documentId, Bob, out _) ? throw new InvalidOperationException("The service still transforms to Bob after the revoke.") : "refused: the grant was revoked",
            StepOutcome.Refused);
        yield return await Shown(step, cancellation);
    }

    // Yields to the browser (a timer, not a microtask) so that the page shows each step as it ends.
    private static async Task<StoryStep> Shown(StoryStep step, CancellationToken cancellation)
    {
        await Task.Delay(1, cancellation);
        return step;
    }

    private static (T Result, StoryStep Step) Time<T>(string id, string actor, string operation, Func<T> run, Func<T, string> describe)
    {
        var start = Stopwatch.GetTimestamp();
        var result = run();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return (result, new StoryStep(id, actor, operation, elapsed, StepOutcome.Done, describe(result)));
    }

    private static (PrivateKey PrivateKey, PublicKey PublicKey, StoryStep Step) TimeKeyPair(
        string id, string actor, string operation, Func<KeyPair> run, Func<KeyPair, string> describe)
    {
        // The private key is handed on (the story disposes it); the pair itself holds nothing else.
        var (keys, step) = Time(id, actor, operation, run, describe);
        return (keys.PrivateKey, keys.PublicKey, step);
    }

    private static StoryStep Time(string id, string actor, string operation, Func<string> run, StepOutcome outcome)
    {
        var (detail, step) = Time(id, actor, operation, run, detail => detail);
        return step with { Outcome = outcome };
    }

    private static StoryStep Time(string id, string actor, string operation, Action run, string detail) =>
        Time(id, actor, operation, () =>
        {
            run();
            return detail;
        }, StepOutcome.Done);

    // Whether Bob's plaintext is Alice's, compared in constant time; both exports are wiped.
    private static string SameBytes(Plaintext expected, Plaintext actual)
    {
        var a = expected.Export();
        var b = actual.Export();
        try
        {
            return CryptographicOperations.FixedTimeEquals(a, b)
                ? $"the same {Plaintext.Size} bytes as Alice's document key, fingerprint {Fingerprint(b)}"
                : throw new InvalidOperationException("Bob decrypted bytes other than Alice's document key.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(a);
            CryptographicOperations.ZeroMemory(b);
        }
    }

    private static string Fingerprint(Plaintext plaintext)
    {
        var bytes = plaintext.Export();
        try
        {
            return Fingerprint(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    // The first 8 bytes of the SHA-256 of a value, in hex: enough to see two values are the same.
    private static string Fingerprint(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 8);
}
