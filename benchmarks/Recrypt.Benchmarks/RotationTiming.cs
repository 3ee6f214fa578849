using System.Diagnostics;
using System.Globalization;
using Recrypt.Client;

namespace Recrypt.Benchmarks;

/// <summary>
/// How long a key rotation takes end to end against a real service: an owner with 1,000 document keys and
/// 10 grantees rotates with <see cref="KeyRotation"/> (new key version, 10 new transform keys, 1,000 document
/// keys fetched, decrypted, encrypted to the new key and replaced). A timed run, printed, never asserted.
/// </summary>
internal static class RotationTiming
{
    public static async Task<int> RunAsync(Uri service, string[] args)
    {
        var documents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var grantees = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        using var recrypt = new TransformEncryption();
        var times = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var seconds = await RunOnceAsync(recrypt, service, documents, grantees).ConfigureAwait(false);
            times.Add(seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: rotation of {documents} document keys and {grantees} grantees took {seconds:0.00} s"));
        }
        times.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"median {times[times.Count / 2]:0.00} s, min {times[0]:0.00} s, max {times[^1]:0.00} s over {runs} runs ({Environment.ProcessorCount} cores)"));
        return 0;
    }

    private static async Task<double> RunOnceAsync(TransformEncryption recrypt, Uri service, int documentCount, int granteeCount)
    {
        var (ownerPrivate, ownerPublic) = recrypt.GenerateKeyPair();
        using var ownerSigning = recrypt.GenerateSigningKeyPair();
        using var http = Signed(recrypt, service, ownerSigning);
        var owner = new RecryptServiceClient(http, recrypt);
        var ownerId = (await owner.RegisterIdentityAsync(ownerPublic, ownerSigning, "owner").ConfigureAwait(false)).Id;

        for (var i = 0; i < granteeCount; i++)
        {
            var (granteePrivate, granteePublic) = recrypt.GenerateKeyPair();
            granteePrivate.Dispose();
            using var granteeSigning = recrypt.GenerateSigningKeyPair();
            using var granteeHttp = Signed(recrypt, service, granteeSigning);
            var grantee = await new RecryptServiceClient(granteeHttp, recrypt).RegisterIdentityAsync(granteePublic, granteeSigning).ConfigureAwait(false);
            await owner.PutGrantAsync(ownerId, grantee.Id, recrypt.GenerateTransformKey(ownerPrivate, grantee.PublicKey, ownerSigning)).ConfigureAwait(false);
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, documentCount), async (_, token) =>
        {
            using var plaintext = recrypt.GeneratePlaintext();
            await owner.CreateDocumentKeyAsync(recrypt.Encrypt(plaintext, ownerPublic, ownerSigning), 1, cancellationToken: token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var (newPrivate, newPublic) = recrypt.GenerateKeyPair();
        using (ownerPrivate)
        using (newPrivate)
        {
            var stopwatch = Stopwatch.StartNew();
            var result = await KeyRotation.RotateAsync(owner, new KeyRotationKeys(ownerSigning, ownerPrivate, 1, newPrivate, newPublic)).ConfigureAwait(false);
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            if (result.DocumentKeysReencrypted != documentCount || result.Regranted.Count != granteeCount)
            {
                throw new InvalidOperationException($"The rotation re-encrypted {result.DocumentKeysReencrypted} document keys and granted {result.Regranted.Count} grantees again.");
            }
            return elapsed;
        }
    }

    private static HttpClient Signed(TransformEncryption recrypt, Uri service, SigningKeyPair signing) =>
        new(new RecryptRequestSigner(recrypt, signing, service) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = service };
}
