using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Recrypt.Cli.Files;
using Recrypt.Cli.KeyStore;
using Recrypt.Cli.Service;
using Recrypt.Client;

namespace Recrypt.Cli.Commands;

/// <summary><c>recrypt encrypt|decrypt</c>.</summary>
internal static class FileCommands
{
    /// <summary>The extension <c>recrypt encrypt</c> adds and <c>recrypt decrypt</c> removes.</summary>
    public const string Extension = ".rcrypt";

    private const int MinCliChunkSize = 1024;

    public static Command Encrypt(GlobalOptions options)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to encrypt" };
        var output = new Option<string?>("--output", "-o") { Description = $"The encrypted file [default: <file>{Extension}]", HelpName = "out" };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists" };
        var chunkSize = new Option<int>("--chunk-size")
        {
            Description = $"Plaintext bytes per authenticated chunk, {Format.Bytes(MinCliChunkSize)} to {Format.Bytes(RecryptFileHeader.MaxChunkSize)} (suffixes k and m for KiB and MiB)",
            HelpName = "bytes",
            DefaultValueFactory = _ => RecryptFileHeader.DefaultChunkSize,
            CustomParser = ParseChunkSize,
        };
        var command = new Command(
            "encrypt",
            "Encrypt a file: a fresh document key is made locally and stored at the service encrypted to your own public key; "
            + "the file is encrypted with AES-256-GCM in authenticated chunks, streaming")
        {
            file, output, force, chunkSize,
        };
        command.SetAction(options, context => EncryptAsync(
            context, context.GetValue(file), context.GetValue(output), context.GetValue(force), context.GetValue(chunkSize)));
        return command;
    }

    public static Command Decrypt(GlobalOptions options)
    {
        var file = new Argument<FileInfo>("file") { Description = "The encrypted file" };
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"The decrypted file [default: <file> without {Extension}, else <file>.decrypted]",
            HelpName = "out",
        };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists" };
        var command = new Command(
            "decrypt",
            "Decrypt a file: fetches its document key from the service named in its header (transformed to you if the owner granted you access), "
            + "decrypts it locally, and writes the plaintext only once every chunk has authenticated")
        {
            file, output, force,
        };
        command.SetAction(options, context => DecryptAsync(context, context.GetValue(file), context.GetValue(output), context.GetValue(force)));
        return command;
    }

    private static async Task<int> EncryptAsync(CliContext context, FileInfo input, string? outputPath, bool force, int chunkSize)
    {
        input.Refresh();
        if (!input.Exists)
        {
            throw new CliException(ExitCodes.NotFound, $"No such file: {input.FullName}");
        }
        var output = Path.GetFullPath(string.IsNullOrEmpty(outputPath) ? input.FullName + Extension : outputPath);
        if (output == input.FullName)
        {
            throw new CliException(ExitCodes.Usage, "The output must not be the input file.");
        }
        if (!force && File.Exists(output))
        {
            throw new OutputExistsException(output);
        }

        context.RequireNoRotationInProgress();
        using var identity = context.UnlockIdentity();
        var server = context.ResolveServer(recorded: identity.Public.Server);
        using var session = context.Connect(server, identity);

        // The document key: a fresh plaintext, its symmetric key, and the plaintext encrypted to our own public key.
        var key = GC.AllocateArray<byte>(RecryptFileHeader.KeySize, pinned: true);
        EncryptedValue encryptedKey;
        using (var plaintext = context.Recrypt.GeneratePlaintext())
        {
            using var symmetricKey = context.Recrypt.DeriveSymmetricKey(plaintext);
            symmetricKey.TryExport(key, out _);
            encryptedKey = context.Recrypt.Encrypt(plaintext, identity.PublicKey, identity.SigningKeyPair);
        }

        try
        {
            var document = await session.CallAsync((client, token) => client.CreateDocumentKeyAsync(encryptedKey, identity.Public.KeyVersion, token), context.CancellationToken)
                .ConfigureAwait(false);
            try
            {
                var (header, bytes) = await context.WithProgressAsync(
                    $"Encrypting {input.Name}",
                    input.Length,
                    progress => FileCrypto.EncryptFileAsync(
                        input.FullName, output, force, chunkSize, server.AbsoluteUri, document.Id, identity.Id, key, progress, context.CancellationToken))
                    .ConfigureAwait(false);

                if (context.Json)
                {
                    context.WriteJson(new
                    {
                        input = input.FullName,
                        output,
                        bytes,
                        chunkSize = header.ChunkSize,
                        documentId = document.Id,
                        ownerId = identity.Id,
                        server = server.AbsoluteUri,
                    });
                }
                else
                {
                    context.WriteLine($"Encrypted {input.Name} ({Format.Bytes(bytes)}) to {output}");
                    context.WriteLine($"  document key {document.Id} at {server}, owned by \"{identity.Name}\" ({identity.Id})");
                }
                return ExitCodes.Ok;
            }
            catch
            {
                // No file carries this key: take it back from the service, if it will still answer.
                await DeleteQuietlyAsync(session, document.Id).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static async Task<int> DecryptAsync(CliContext context, FileInfo input, string? outputPath, bool force)
    {
        input.Refresh();
        if (!input.Exists)
        {
            throw new CliException(ExitCodes.NotFound, $"No such file: {input.FullName}");
        }
        var output = Path.GetFullPath(string.IsNullOrEmpty(outputPath) ? DefaultDecryptedPath(input.FullName) : outputPath);
        if (output == input.FullName)
        {
            throw new CliException(ExitCodes.Usage, "The output must not be the input file.");
        }
        if (!force && File.Exists(output))
        {
            throw new OutputExistsException(output);
        }

        var header = await FileCrypto.ReadHeaderAsync(input.FullName, context.CancellationToken).ConfigureAwait(false);
        using var identity = context.UnlockIdentity();
        // The header's URL is not authenticated until the key is in hand: it is used only when no service is
        // configured, so that a file cannot send this identity's signed requests anywhere it likes.
        var server = context.ResolveServer(recorded: identity.Public.Server, fallback: header.ServiceUrl);
        var named = TryParseServer(header.ServiceUrl);
        if (named is null || named != server)
        {
            context.WriteWarning($"The file names the service {header.ServiceUrl}; using {server}.");
        }
        using var session = context.Connect(server, identity);

        var documentKey = await session.CallAsync(
            (client, token) => client.GetDocumentKeyAsync(header.DocumentId, token),
            context.CancellationToken,
            e => e.StatusCode switch
            {
                HttpStatusCode.Forbidden => new CliException(
                    ExitCodes.Refused,
                    $"Access refused: \"{identity.Name}\" ({identity.Id}) has no grant from the owner {header.OwnerId} of this file "
                    + "(it was never granted, or it was revoked). Ask the owner to run `recrypt grant " + identity.Id + "`.",
                    e),
                HttpStatusCode.NotFound => new CliException(
                    ExitCodes.NotFound,
                    $"The service at {server} has no document key {header.DocumentId}: it was deleted, or it is held by another service "
                    + $"(the file names {header.ServiceUrl}; pass --server to use another).",
                    e),
                _ => null,
            }).ConfigureAwait(false);

        if (documentKey.Id != header.DocumentId || documentKey.OwnerId != header.OwnerId)
        {
            throw new FileIntegrityException(
                $"The service answered document key {documentKey.Id} of {documentKey.OwnerId} for {header.DocumentId} of {header.OwnerId}.");
        }
        await CheckSignerAsync(session, identity, documentKey, context.CancellationToken).ConfigureAwait(false);
        if (documentKey.KeyVersion != identity.Public.KeyVersion)
        {
            throw new CliException(
                ExitCodes.Conflict,
                $"The document key is encrypted to key version {documentKey.KeyVersion} of \"{identity.Name}\" ({identity.Id}), and this key store holds version "
                + $"{identity.Public.KeyVersion}" + (context.KeyStore.IsRotating ? ": finish the key rotation with `recrypt identity rotate`." : "."));
        }

        var key = GC.AllocateArray<byte>(RecryptFileHeader.KeySize, pinned: true);
        try
        {
            try
            {
                using var plaintext = context.Recrypt.Decrypt(documentKey.EncryptedValue, identity.PrivateKey);
                using var symmetricKey = context.Recrypt.DeriveSymmetricKey(plaintext);
                symmetricKey.TryExport(key, out _);
            }
            catch (RecryptException e)
            {
                throw new FileIntegrityException($"The document key from the service does not decrypt with your private key ({e.Error}).", e);
            }

            var bytes = await context.WithProgressAsync(
                $"Decrypting {input.Name}",
                input.Length,
                progress => FileCrypto.DecryptFileAsync(input.FullName, output, force, header, key, progress, context.CancellationToken))
                .ConfigureAwait(false);

            if (context.Json)
            {
                context.WriteJson(new
                {
                    input = input.FullName,
                    output,
                    bytes,
                    documentId = header.DocumentId,
                    ownerId = header.OwnerId,
                    server = server.AbsoluteUri,
                });
            }
            else
            {
                var role = header.OwnerId == identity.Id ? "your own file" : $"owner {header.OwnerId}";
                context.WriteLine($"Decrypted {input.Name} to {output} ({Format.Bytes(bytes)}; {role}; every chunk authenticated)");
            }
            return ExitCodes.Ok;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The owner gets back the value it signed itself; a grantee gets a value transformed and signed by the
    /// service. Anything else was not made by the parties it claims to come from.
    /// </summary>
    private static async Task CheckSignerAsync(ServiceSession session, LocalIdentity identity, DocumentKey documentKey, CancellationToken cancellationToken)
    {
        var value = documentKey.EncryptedValue;
        if (!value.VerifySignature())
        {
            throw new FileIntegrityException("The document key's signature does not verify.");
        }
        if (documentKey.OwnerId == identity.Id)
        {
            if (value.TransformBlocks.Count != 0 || value.PublicSigningKey != identity.SigningKeyPair.PublicKey)
            {
                throw new FileIntegrityException("The document key the service returned is not the one you stored (it is not signed by you).");
            }
            return;
        }
        var service = await session.CallAsync((client, token) => client.GetServiceInfoAsync(token), cancellationToken).ConfigureAwait(false);
        if (value.TransformBlocks.Count == 0 || value.PublicSigningKey != service.SigningPublicKey)
        {
            throw new FileIntegrityException("The document key the service returned was not transformed and signed by the service.");
        }
    }

    private static async Task DeleteQuietlyAsync(ServiceSession session, string documentId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await session.Client.DeleteDocumentKeyAsync(documentId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RecryptServiceException or HttpRequestException or OperationCanceledException)
        {
            // Best effort: the key is useless without the file, which was never written.
        }
    }

    private static Uri? TryParseServer(string url)
    {
        try
        {
            return CliContext.ParseServer(url, "the file's header");
        }
        catch (CliException)
        {
            return null;
        }
    }

    internal static string DefaultDecryptedPath(string input) =>
        input.EndsWith(Extension, StringComparison.Ordinal) && input.Length > Extension.Length
            ? input[..^Extension.Length]
            : input + ".decrypted";

    private static int ParseChunkSize(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim();
        var multiplier = 1;
        if (text.EndsWith('k') || text.EndsWith('K'))
        {
            multiplier = 1024;
            text = text[..^1];
        }
        else if (text.EndsWith('m') || text.EndsWith('M'))
        {
            multiplier = 1024 * 1024;
            text = text[..^1];
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value > RecryptFileHeader.MaxChunkSize || value * multiplier < MinCliChunkSize || value * multiplier > RecryptFileHeader.MaxChunkSize)
        {
            result.AddError($"--chunk-size must be {MinCliChunkSize} to {RecryptFileHeader.MaxChunkSize} bytes (for example 65536, 64k or 1m).");
            return 0;
        }
        return (int)(value * multiplier);
    }
}
