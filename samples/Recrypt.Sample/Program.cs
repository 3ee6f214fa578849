// Alice shares a document with Bob through a proxy that can never read it, and Charlie, who was not
// given access, cannot read it either. Run with `dotnet run --project samples/Recrypt.Sample` after
// packing Recrypt into artifacts/packages (see samples/nuget.config). Exit code 0 when the story ends
// as it should, 1 otherwise.

using System.Security.Cryptography;
using System.Text;
using Recrypt;

try
{
    Console.WriteLine($"Recrypt native library {RecryptLibrary.Version} (ABI {RecryptLibrary.AbiVersion}), assembly {typeof(TransformEncryption).Assembly.Location}");

    using var recrypt = new TransformEncryption();
    var (alicePrivate, alicePublic) = recrypt.GenerateKeyPair();
    var (bobPrivate, bobPublic) = recrypt.GenerateKeyPair();
    var (charliePrivate, _) = recrypt.GenerateKeyPair();
    using var app = recrypt.GenerateSigningKeyPair(); // signs everything this application produces
    using (alicePrivate)
    using (bobPrivate)
    using (charliePrivate)
    {
        // The document is sealed with AES-GCM under a key derived from a fresh plaintext; the
        // plaintext itself is what transform encryption protects.
        var document = Encoding.UTF8.GetBytes("Quarterly numbers, for Bob's eyes only.");
        using var plaintext = recrypt.GeneratePlaintext();
        var (nonce, sealedDocument, tag) = Seal(recrypt, plaintext, document);

        var toAlice = recrypt.Encrypt(plaintext, alicePublic, app);
        Console.WriteLine($"Encrypted to Alice: {toAlice.Size} bytes");

        // Alice delegates to Bob. The proxy holds only the transform key: it cannot decrypt.
        var aliceToBob = recrypt.GenerateTransformKey(alicePrivate, bobPublic, app);
        var toBob = recrypt.Transform(toAlice, aliceToBob, app);
        Console.WriteLine($"Transformed Alice -> Bob: {toBob.TransformBlocks.Count} transform block(s)");

        using var bobsPlaintext = recrypt.Decrypt(toBob, bobPrivate);
        var bobReads = Open(recrypt, bobsPlaintext, nonce, sealedDocument, tag);
        Console.WriteLine($"Bob decrypts: \"{Encoding.UTF8.GetString(bobReads)}\"");
        if (!bobReads.AsSpan().SequenceEqual(document))
        {
            return Fail("Bob read something other than the document.");
        }

        try
        {
            using var charlies = recrypt.Decrypt(toBob, charliePrivate);
            return Fail("Charlie decrypted a value that was not transformed to him.");
        }
        catch (RecryptException e) when (e.Error == RecryptError.DecryptFailed)
        {
            Console.WriteLine($"Charlie cannot decrypt: {e.Error}");
        }
    }

    Console.WriteLine("OK: Bob reads the document, Charlie does not.");
    return 0;
}
catch (Exception e)
{
    return Fail(e.ToString());
}

static (byte[] Nonce, byte[] Ciphertext, byte[] Tag) Seal(TransformEncryption recrypt, Plaintext plaintext, byte[] document)
{
    using var aes = NewAesGcm(recrypt, plaintext);
    var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
    var ciphertext = new byte[document.Length];
    var tag = new byte[AesGcm.TagByteSizes.MaxSize];
    aes.Encrypt(nonce, document, ciphertext, tag);
    return (nonce, ciphertext, tag);
}

static byte[] Open(TransformEncryption recrypt, Plaintext plaintext, byte[] nonce, byte[] ciphertext, byte[] tag)
{
    using var aes = NewAesGcm(recrypt, plaintext);
    var document = new byte[ciphertext.Length];
    aes.Decrypt(nonce, ciphertext, tag, document);
    return document;
}

// AES-256-GCM keyed with the plaintext's symmetric key; the key bytes are wiped once AesGcm has them.
static AesGcm NewAesGcm(TransformEncryption recrypt, Plaintext plaintext)
{
    using var key = recrypt.DeriveSymmetricKey(plaintext);
    Span<byte> bytes = stackalloc byte[SymmetricKey.Size];
    try
    {
        key.TryExport(bytes, out _);
        return new AesGcm(bytes, AesGcm.TagByteSizes.MaxSize);
    }
    finally
    {
        CryptographicOperations.ZeroMemory(bytes);
    }
}

static int Fail(string message)
{
    Console.Error.WriteLine($"FAILED: {message}");
    return 1;
}
