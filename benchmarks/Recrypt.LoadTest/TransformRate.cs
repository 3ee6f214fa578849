using System.Diagnostics;

namespace Recrypt.LoadTest;

/// <summary>
/// The in-process transform rate on one thread: the work a grantee fetch costs the service at the least
/// (one <see cref="TransformEncryption.Transform(ReadOnlySpan{byte}, ReadOnlySpan{byte}, SigningKeyPair)"/> of a
/// stored value's encoding with a stored transform key's, signed with the service's key, as the service runs it),
/// without HTTP, request signatures or storage. Run on the service's core, it is the ideal a grantee
/// fetch's throughput is compared with.
/// </summary>
public static class TransformRate
{
    /// <summary>
    /// <see cref="Measure"/> on a thread of its own, bound to CPU <paramref name="core"/> when given (Linux), so that a
    /// generator running elsewhere measures the service's core between its points.
    /// </summary>
    public static (double PerSecond, double CpuMilliseconds) MeasureOn(TransformEncryption recrypt, TimeSpan duration, int? core, bool prepared = false)
    {
        if (core is < 0 or >= 64)
        {
            throw new ArgumentOutOfRangeException(nameof(core), core, "The measuring thread can be bound to CPUs 0 to 63.");
        }
        (double, double) result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                if (core is { } cpu)
                {
                    ulong mask = 1UL << cpu;
                    if (SchedSetAffinity(0, (nuint)sizeof(ulong), ref mask) != 0)
                    {
                        throw new InvalidOperationException($"Could not bind the measuring thread to CPU {cpu} (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
                    }
                }
                result = Measure(recrypt, duration, prepared);
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        })
        { Name = "transform rate" };
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("Measuring the transform rate failed.", failure);
    }

    // sched_setaffinity(2) for the calling thread (pid 0).
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int pid, nuint size, ref ulong mask);

    /// <summary>
    /// Transforms per second on the calling thread (wall clock), and the thread's CPU milliseconds per transform
    /// (which a shared machine's load does not change), measured for <paramref name="duration"/> after a warm-up:
    /// transforms of the encodings, or with the key <paramref name="prepared"/> once (as the service does).
    /// </summary>
    public static (double PerSecond, double CpuMilliseconds) Measure(TransformEncryption recrypt, TimeSpan duration, bool prepared = false)
    {
        var (ownerPrivate, ownerPublic) = recrypt.GenerateKeyPair();
        var (granteePrivate, granteePublic) = recrypt.GenerateKeyPair();
        using var owner = recrypt.GenerateSigningKeyPair();
        using var service = recrypt.GenerateSigningKeyPair();
        using var plaintext = recrypt.GeneratePlaintext();
        var value = recrypt.Encrypt(plaintext, ownerPublic, owner).Export();
        var key = recrypt.GenerateTransformKey(ownerPrivate, granteePublic, owner).Export();
        using (var check = recrypt.Decrypt(EncryptedValue.Import(recrypt.Transform(value, key, service)), granteePrivate))
        {
            if (!check.Export().AsSpan().SequenceEqual(plaintext.Export()))
            {
                throw new InvalidOperationException("The transformed value does not decrypt to the plaintext.");
            }
        }
        ownerPrivate.Dispose();
        granteePrivate.Dispose();
        using var preparedKey = recrypt.PrepareTransformKey(key);
        Func<byte[]> transform = prepared ? () => recrypt.Transform(value, preparedKey, service) : () => recrypt.Transform(value, key, service);

        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(1))
        {
            _ = transform();
        }
        var cpu = ProcessCpu.CurrentThread();
        var clock = Stopwatch.StartNew();
        long count = 0;
        while (clock.Elapsed < duration)
        {
            _ = transform();
            count++;
        }
        var elapsed = clock.Elapsed;
        return (count / elapsed.TotalSeconds, (ProcessCpu.CurrentThread() - cpu).TotalMilliseconds / count);
    }

    /// <summary>
    /// The thread CPU milliseconds of a grantee fetch's cryptography as the service runs it (the transform of the
    /// stored encodings), and of the decoding and checking of each input that the transform includes.
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
        using var preparedKey = recrypt.PrepareTransformKey(storedKey);
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
            ("transform of the stored encodings", Time(() => recrypt.Transform(stored, storedKey, service))),
            ("  of which: decode and check the value", Time(() => EncryptedValue.Import(stored))),
            ("  of which: decode and check the transform key", Time(() => TransformKey.Import(storedKey))),
            ("transform with the key prepared (the service's, once the key is kept)", Time(() => recrypt.Transform(stored, preparedKey, service))),
        ];
    }
}
