using System.Diagnostics;

namespace Recrypt.BlazorSample.Story;

/// <summary>The median time of one operation over some rounds.</summary>
/// <param name="Operation">The operation, named as in docs/benchmarks.md.</param>
/// <param name="MedianMilliseconds">The median of the rounds.</param>
/// <param name="Rounds">How many rounds were timed (after one untimed warm-up).</param>
public sealed record OperationTiming(string Operation, double MedianMilliseconds, int Rounds);

/// <summary>
/// Times each operation of the benchmarks (docs/benchmarks.md) in the page: one untimed warm-up, then
/// <c>rounds</c> timed calls, of which the median is reported. The inputs are made once, before timing.
/// </summary>
public static class OperationTimings
{
    /// <summary>Times every operation on <paramref name="recrypt"/>, yielding each result as it is known.</summary>
    public static async IAsyncEnumerable<OperationTiming> RunAsync(TransformEncryption recrypt, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var (alicePrivate, alicePublic) = recrypt.GenerateKeyPair();
        var (bobPrivate, bobPublic) = recrypt.GenerateKeyPair();
        using var aliceKey = alicePrivate;
        using var bobKey = bobPrivate;
        using var signing = recrypt.GenerateSigningKeyPair();
        using var plaintext = recrypt.GeneratePlaintext();
        var aliceToBob = recrypt.GenerateTransformKey(aliceKey, bobPublic, signing);
        var level0 = recrypt.Encrypt(plaintext, alicePublic, signing);
        var level1 = recrypt.Transform(level0, aliceToBob, signing);
        var message = "a message of the benchmarks"u8.ToArray();
        var ed25519Signature = recrypt.Ed25519Sign(signing, message);
        var schnorrSignature = recrypt.SchnorrSign(aliceKey, alicePublic, message);

        (string Name, Action Run)[] operations =
        [
            ("generate key pair", () => recrypt.GenerateKeyPair().PrivateKey.Dispose()),
            ("compute public key", () => recrypt.ComputePublicKey(aliceKey)),
            ("generate plaintext", () => recrypt.GeneratePlaintext().Dispose()),
            ("generate transform key", () => recrypt.GenerateTransformKey(aliceKey, bobPublic, signing)),
            ("encrypt", () => recrypt.Encrypt(plaintext, alicePublic, signing)),
            ("decrypt level 0", () => recrypt.Decrypt(level0, aliceKey).Dispose()),
            ("transform level 1", () => recrypt.Transform(level0, aliceToBob, signing)),
            ("decrypt level 1", () => recrypt.Decrypt(level1, bobKey).Dispose()),
            ("Schnorr sign", () => recrypt.SchnorrSign(aliceKey, alicePublic, message)),
            ("Schnorr verify", () => Check(recrypt.SchnorrVerify(alicePublic, null, message, schnorrSignature))),
            ("Ed25519 sign", () => recrypt.Ed25519Sign(signing, message)),
            ("Ed25519 verify", () => Check(recrypt.Ed25519Verify(signing.PublicKey, message, ed25519Signature))),
        ];

        var times = new double[rounds];
        foreach (var (name, run) in operations)
        {
            run();
            for (var round = 0; round < rounds; round++)
            {
                var start = Stopwatch.GetTimestamp();
                run();
                times[round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(times);
            var median = rounds % 2 == 1 ? times[rounds / 2] : (times[(rounds / 2) - 1] + times[rounds / 2]) / 2;
            await Task.Delay(1); // lets the page show the row
            yield return new OperationTiming(name, median, rounds);
        }
    }

    private static void Check(bool verified)
    {
        if (!verified)
        {
            throw new InvalidOperationException("A valid signature did not verify.");
        }
    }
}
