using System.Diagnostics;

namespace Recrypt.LoadTest;

/// <summary>
/// The in-process transform rate on one thread: the work a grantee fetch costs the service at the least
/// (one <see cref="TransformEncryption.Transform"/> of a stored value with a transform key, signed with the
/// service's key), without HTTP, signatures or storage. Run on the service's core, it is the ideal a grantee
/// fetch's throughput is compared with.
/// </summary>
public static class TransformRate
{
    /// <summary>
    /// Transforms per second on the calling thread (wall clock), and the thread's CPU milliseconds per transform
    /// (which a shared machine's load does not change), measured for <paramref name="duration"/> after a warm-up.
    /// </summary>
    public static (double PerSecond, double CpuMilliseconds) Measure(TransformEncryption recrypt, TimeSpan duration)
    {
        var (ownerPrivate, ownerPublic) = recrypt.GenerateKeyPair();
        var (granteePrivate, granteePublic) = recrypt.GenerateKeyPair();
        using var owner = recrypt.GenerateSigningKeyPair();
        using var service = recrypt.GenerateSigningKeyPair();
        using var plaintext = recrypt.GeneratePlaintext();
        var value = recrypt.Encrypt(plaintext, ownerPublic, owner);
        var key = recrypt.GenerateTransformKey(ownerPrivate, granteePublic, owner);
        using (var check = recrypt.Decrypt(recrypt.Transform(value, key, service), granteePrivate))
        {
            if (!check.Export().AsSpan().SequenceEqual(plaintext.Export()))
            {
                throw new InvalidOperationException("The transformed value does not decrypt to the plaintext.");
            }
        }
        ownerPrivate.Dispose();
        granteePrivate.Dispose();

        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(1))
        {
            _ = recrypt.Transform(value, key, service);
        }
        var cpu = ProcessCpu.CurrentThread();
        var clock = Stopwatch.StartNew();
        long count = 0;
        while (clock.Elapsed < duration)
        {
            _ = recrypt.Transform(value, key, service);
            count++;
        }
        var elapsed = clock.Elapsed;
        return (count / elapsed.TotalSeconds, (ProcessCpu.CurrentThread() - cpu).TotalMilliseconds / count);
    }

    /// <summary>
    /// The thread CPU milliseconds of each step of a grantee fetch's cryptography as the service runs it: decoding
    /// the stored value and the transform key, the transform, and encoding the result.
    /// </summary>
    public static IReadOnlyList<(string Step, double CpuMilliseconds)> MeasureSteps(TransformEncryption recrypt, int count)
    {
        var (ownerPrivate, ownerPublic) = recrypt.GenerateKeyPair();
        var (granteePrivate, granteePublic) = recrypt.GenerateKeyPair();
        using var owner = recrypt.GenerateSigningKeyPair();
        using var service = recrypt.GenerateSigningKeyPair();
        using var plaintext = recrypt.GeneratePlaintext();
        var stored = recrypt.Encrypt(plaintext, ownerPublic, owner).Export();
        var storedKey = recrypt.GenerateTransformKey(ownerPrivate, granteePublic, owner).Export();
        ownerPrivate.Dispose();
        granteePrivate.Dispose();
        var value = EncryptedValue.Import(stored);
        var key = TransformKey.Import(storedKey);
        var transformed = recrypt.Transform(value, key, service);
        double Time(Action step)
        {
            step();
            var before = ProcessCpu.CurrentThread();
            for (var i = 0; i < count; i++)
            {
                step();
            }
            return (ProcessCpu.CurrentThread() - before).TotalMilliseconds / count;
        }
        return
        [
            ("decode the stored value", Time(() => EncryptedValue.Import(stored))),
            ("decode the transform key", Time(() => TransformKey.Import(storedKey))),
            ("transform", Time(() => recrypt.Transform(value, key, service))),
            ("encode the result", Time(() => transformed.Export())),
        ];
    }
}
