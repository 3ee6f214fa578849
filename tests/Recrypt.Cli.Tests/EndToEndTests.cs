using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Recrypt.Cli.Files;
using Recrypt.Testing;
using Xunit.Abstractions;

namespace Recrypt.Cli.Tests;

/// <summary>
/// The whole story against the real service process, with the real CLI run as separate processes, one key
/// store per person: Alice, Bob and Charlie create and register identities; Alice grants Bob; Alice
/// encrypts a 20 MB and a 200 MB file; Bob decrypts both to identical bytes; Charlie is refused; altered,
/// reordered and re-headed files are refused with no output left behind; Alice revokes Bob and Bob is
/// refused. The peak memory of encrypt and decrypt must not grow with the file.
/// </summary>
public sealed class EndToEndTests(ITestOutputHelper output) : IDisposable
{
    private const long Megabyte = 1_000_000;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AliceSharesAFileWithBobButNotWithCharlieThenRevokesBob()
    {
        var total = Stopwatch.StartNew();
        await using var service = await ServiceProcess.StartAsync(_directory.File("service.db"), ServiceProcess.FreePort());
        var files = Directory.CreateDirectory(_directory.File("files")).FullName;

        var alice = Person("alice", service);
        var bob = Person("bob", service);
        var charlie = Person("charlie", service);
        const string BobsPassphrase = "bob's long passphrase";

        // Identities, made and kept locally; Bob's key store is sealed with a passphrase.
        Expect(0, await alice.RunAsync("identity", "new", "alice"));
        Expect(0, await bob.RunAsync(["identity", "new", "bob", "--passphrase-stdin"], stdin: BobsPassphrase));
        Expect(0, await charlie.RunAsync("identity", "new", "charlie"));
        Expect(0, await alice.RunAsync("identity", "register"));
        Expect(0, await bob.RunAsync(["identity", "register", "--passphrase-stdin"], stdin: BobsPassphrase));
        Expect(0, await charlie.RunAsync("identity", "register", "--json"));

        var registeredAgain = Expect(0, await alice.RunAsync("identity", "register", "--json"));
        Assert.True(registeredAgain.Json.GetProperty("alreadyRegistered").GetBoolean());

        var aliceId = Expect(0, await alice.RunAsync("identity", "show", "--json")).Json.GetProperty("id").GetString()!;
        var bobId = Expect(0, await bob.RunAsync("identity", "show", "--json")).Json.GetProperty("id").GetString()!;
        var charlieId = Expect(0, await charlie.RunAsync("identity", "show", "--json")).Json.GetProperty("id").GetString()!;
        Assert.Equal(3, new[] { aliceId, bobId, charlieId }.Distinct().Count());

        // Alice grants Bob.
        var grant = Expect(0, await alice.RunAsync("grant", bobId, "--json"));
        Assert.Equal(bobId, grant.Json.GetProperty("granteeId").GetString());
        Assert.Equal("bob", grant.Json.GetProperty("granteeName").GetString());
        var grants = Expect(0, await alice.RunAsync("grants", "--json")).Json.GetProperty("grants");
        Assert.Equal(bobId, Assert.Single(grants.EnumerateArray()).GetProperty("granteeId").GetString());

        // Alice encrypts a 20 MB and a 200 MB file.
        var small = Path.Combine(files, "small.bin");
        var large = Path.Combine(files, "large.bin");
        var smallHash = await WriteRandomFileAsync(small, 20 * Megabyte, seed: 20);
        var largeHash = await WriteRandomFileAsync(large, 200 * Megabyte, seed: 200);

        var encryptSmall = Expect(0, await alice.RunAsync("encrypt", small, "--json"));
        var encryptLarge = Expect(0, await alice.RunAsync("encrypt", large, "-o", large + ".rcrypt", "--json"));
        Assert.Equal(200 * Megabyte, encryptLarge.Json.GetProperty("bytes").GetInt64());
        Assert.Equal(aliceId, encryptLarge.Json.GetProperty("ownerId").GetString());
        Assert.Equal(service.BaseAddress.AbsoluteUri, encryptLarge.Json.GetProperty("server").GetString());
        Assert.Equal(DocumentCipher.DefaultChunkSize, encryptLarge.Json.GetProperty("chunkSize").GetInt32());
        Assert.NotEqual(
            encryptSmall.Json.GetProperty("documentId").GetString(), encryptLarge.Json.GetProperty("documentId").GetString());

        // The header names the service, the document key and the owner; the chunking costs 16 bytes per 64 KiB.
        var header = await FileCrypto.ReadHeaderAsync(large + ".rcrypt");
        Assert.Equal(encryptLarge.Json.GetProperty("documentId").GetString(), header.DocumentId);
        Assert.Equal(aliceId, header.OwnerId);
        Assert.Equal(DocumentCipher.GetEncryptedLength(header, 200 * Megabyte), new FileInfo(large + ".rcrypt").Length);

        // Bob decrypts both to identical bytes.
        var decryptSmall = Expect(0, await bob.RunAsync(["decrypt", small + ".rcrypt", "-o", Path.Combine(files, "small.bob"), "--json", "--passphrase-stdin"], stdin: BobsPassphrase));
        var decryptLarge = Expect(0, await bob.RunAsync(["decrypt", large + ".rcrypt", "-o", Path.Combine(files, "large.bob"), "--json", "--passphrase-stdin"], stdin: BobsPassphrase));
        Assert.Equal(smallHash, await HashFileAsync(Path.Combine(files, "small.bob")));
        Assert.Equal(largeHash, await HashFileAsync(Path.Combine(files, "large.bob")));
        Assert.Equal(200 * Megabyte, decryptLarge.Json.GetProperty("bytes").GetInt64());

        // Alice, the owner, can decrypt her own file too.
        Expect(0, await alice.RunAsync("decrypt", small + ".rcrypt", "-o", Path.Combine(files, "small.alice")));
        Assert.Equal(smallHash, await HashFileAsync(Path.Combine(files, "small.alice")));

        // Peak memory does not grow with the file.
        Report("encrypt", encryptSmall, encryptLarge);
        Report("decrypt", decryptSmall, decryptLarge);
        AssertFlat("encrypt", encryptSmall, encryptLarge);
        AssertFlat("decrypt", decryptSmall, decryptLarge);

        // Charlie has no grant: refused, with a clear message and exit code 3, and nothing written.
        var charlieOutput = Path.Combine(files, "small.charlie");
        var refused = Expect(3, await charlie.RunAsync("decrypt", small + ".rcrypt", "-o", charlieOutput));
        Assert.Contains("Access refused", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("no grant from the owner", refused.Stderr, StringComparison.Ordinal);
        AssertNoOutput(files, charlieOutput);

        // Tampering with a chunk, the header or the order of chunks, or dropping the final chunk: exit code 4 and nothing written.
        var encrypted = await File.ReadAllBytesAsync(small + ".rcrypt");
        var sealedChunk = DocumentCipher.DefaultChunkSize + DocumentCipher.TagSize;
        var headerLength = BinaryPrimitives.ReadUInt16BigEndian(encrypted.AsSpan(8));

        var alteredChunk = (byte[])encrypted.Clone();
        alteredChunk[headerLength + (100 * sealedChunk) + 12345] ^= 0x20;
        await ExpectTamperedAsync(bob, BobsPassphrase, files, "altered-chunk", alteredChunk, "Chunk 100 failed authentication");

        var alteredHeader = (byte[])encrypted.Clone();
        alteredHeader[20] ^= 0x01; // the nonce base
        await ExpectTamperedAsync(bob, BobsPassphrase, files, "altered-header", alteredHeader, "header was altered");

        var alteredUrl = (byte[])encrypted.Clone();
        alteredUrl[60 + 7] ^= 0x01; // a character of the service URL
        await ExpectTamperedAsync(bob, BobsPassphrase, files, "altered-url", alteredUrl, "header was altered");

        var swapped = (byte[])encrypted.Clone();
        encrypted.AsSpan(headerLength + (3 * sealedChunk), sealedChunk).CopyTo(swapped.AsSpan(headerLength + (4 * sealedChunk)));
        encrypted.AsSpan(headerLength + (4 * sealedChunk), sealedChunk).CopyTo(swapped.AsSpan(headerLength + (3 * sealedChunk)));
        await ExpectTamperedAsync(bob, BobsPassphrase, files, "swapped-chunks", swapped, "Chunk 3 failed authentication");

        await ExpectTamperedAsync(bob, BobsPassphrase, files, "truncated", encrypted[..^((encrypted.Length - headerLength) % sealedChunk)], "truncated");

        // Alice revokes Bob: Bob is refused from now on.
        Expect(0, await alice.RunAsync("revoke", bobId));
        Assert.Empty(Expect(0, await alice.RunAsync("grants", "--json")).Json.GetProperty("grants").EnumerateArray());
        var bobAfterRevoke = Path.Combine(files, "small.bob-after-revoke");
        var revoked = Expect(3, await bob.RunAsync(["decrypt", small + ".rcrypt", "-o", bobAfterRevoke, "--passphrase-stdin"], stdin: BobsPassphrase));
        Assert.Contains("Access refused", revoked.Stderr, StringComparison.Ordinal);
        AssertNoOutput(files, bobAfterRevoke);
        Expect(2, await alice.RunAsync("revoke", bobId)); // nothing left to revoke

        // Someone the service does not know is refused too.
        var dave = Person("dave", service);
        Expect(0, await dave.RunAsync("identity", "new", "dave"));
        Expect(3, await dave.RunAsync("decrypt", small + ".rcrypt", "-o", Path.Combine(files, "small.dave")));

        output.WriteLine($"End-to-end story: {total.Elapsed.TotalSeconds:0.0} s");
    }

    private CliProcess Person(string name, ServiceProcess service) =>
        new(Directory.CreateDirectory(_directory.File(name)).FullName, service.BaseAddress);

    private static CliResult Expect(int exitCode, CliResult result)
    {
        Assert.True(result.ExitCode == exitCode, $"Expected exit code {exitCode}, got {result}");
        return result;
    }

    private static async Task ExpectTamperedAsync(CliProcess person, string passphrase, string directory, string name, byte[] content, string message)
    {
        var path = Path.Combine(directory, name + ".rcrypt");
        await File.WriteAllBytesAsync(path, content);
        var decrypted = Path.Combine(directory, name);
        var result = Expect(4, await person.RunAsync(["decrypt", path, "-o", decrypted, "--passphrase-stdin"], stdin: passphrase));
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        AssertNoOutput(directory, decrypted);
        File.Delete(path);
    }

    private static void AssertNoOutput(string directory, string path)
    {
        Assert.False(File.Exists(path), $"{path} was left behind.");
        Assert.Empty(Directory.GetFiles(directory, "*" + AtomicFile.TemporarySuffix));
    }

    private void Report(string operation, CliResult small, CliResult large) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{operation}: peak memory (VmHWM) 20 MB file {Mib(small.PeakMemoryBytes):0.0} MiB in {small.Elapsed.TotalSeconds:0.00} s, "
            + $"200 MB file {Mib(large.PeakMemoryBytes):0.0} MiB in {large.Elapsed.TotalSeconds:0.00} s"));

    private static void AssertFlat(string operation, CliResult small, CliResult large)
    {
        Assert.True(small.PeakMemoryBytes > 0 && large.PeakMemoryBytes > 0, $"No peak memory was sampled for {operation}.");
        var bound = (1.5 * small.PeakMemoryBytes) + (20 * 1024 * 1024);
        Assert.True(
            large.PeakMemoryBytes <= bound,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{operation} of 200 MB peaked at {Mib(large.PeakMemoryBytes):0.0} MiB, over 1.5 × {Mib(small.PeakMemoryBytes):0.0} MiB + 20 MiB."));
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);

    /// <summary>Writes <paramref name="length"/> pseudo-random bytes a megabyte at a time and returns their SHA-256.</summary>
    private static async Task<string> WriteRandomFileAsync(string path, long length, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        await using (file)
        {
            for (var written = 0L; written < length;)
            {
                var count = (int)Math.Min(buffer.Length, length - written);
                random.NextBytes(buffer.AsSpan(0, count));
                hash.AppendData(buffer, 0, count);
                await file.WriteAsync(buffer.AsMemory(0, count));
                written += count;
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<string> HashFileAsync(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        await using (file)
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
        }
    }
}
