using System.CommandLine;
using System.Globalization;
using System.Net;
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

    /// <summary>Encrypted files carry no secret: readable by others (after the umask).</summary>
    private const UnixFileMode EncryptedFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Plaintext is the user's only.</summary>
    private const UnixFileMode DecryptedFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static Command Encrypt(GlobalOptions options)
    {
        var file = new Argument<string>("file") { Description = "The file to encrypt, or - for standard input" };
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"The encrypted file, or - for standard output [default: <file>{Extension}; standard output when <file> is -]",
            HelpName = "out",
        };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists" };
        var chunkSize = new Option<int>("--chunk-size")
        {
            Description = $"Plaintext bytes per authenticated chunk, {Format.Bytes(MinCliChunkSize)} to {Format.Bytes(DocumentCipher.MaxChunkSize)} (suffixes k and m for KiB and MiB)",
            HelpName = "bytes",
            DefaultValueFactory = _ => DocumentCipher.DefaultChunkSize,
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
        var files = new Argument<string[]>("file")
        {
            Description = "The encrypted file, or - for standard input; several files fetch their document keys in one request",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"The decrypted file, or - for standard output [default: <file> without {Extension}, else <file>.decrypted; standard output when <file> is -]; one file only",
            HelpName = "out",
        };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists" };
        var command = new Command(
            "decrypt",
            "Decrypt files: fetches their document keys (transformed to you if the owner granted you, or a group you belong to, access) "
            + "from the service given by --server, RECRYPT_SERVER or your key store, in that order, and from the service the file's "
            + "header names only when none of these is set (the first file's, for several); decrypts them locally, and writes each plaintext "
            + "only once every chunk has authenticated")
        {
            files, output, force,
        };
        command.SetAction(options, context =>
        {
            var inputs = context.GetValue(files);
            if (inputs.Length == 1)
            {
                return DecryptAsync(context, inputs[0], context.GetValue(output), context.GetValue(force));
            }
            if (context.GetValue(output) is not null)
            {
                throw new CliException(ExitCodes.Usage, "--output names one file: decrypt several files to their default names (<file> without .rcrypt).");
            }
            if (inputs.Contains(OutputTarget.StandardStream))
            {
                throw new CliException(ExitCodes.Usage, "Standard input (-) can only be decrypted alone.");
            }
            return DecryptManyAsync(context, inputs, context.GetValue(force));
        });
        return command;
    }

    private static async Task<int> EncryptAsync(CliContext context, string inputArgument, string? outputArgument, bool force, int chunkSize)
    {
        var input = InputSource.Open(inputArgument);
        await using (input.ConfigureAwait(false))
        {
            var output = ResolveOutput(context, input, outputArgument, force, input.IsStandardInput ? OutputTarget.StandardStream : input.Path + Extension);
            if (output.IsStandardOutput && !Console.IsOutputRedirected)
            {
                throw new CliException(
                    ExitCodes.Usage, "Refusing to write encrypted data to a terminal: pass -o <file>, or redirect standard output.");
            }

            context.RequireNoRotationInProgress();
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);

            // The document key: a fresh plaintext, its symmetric key, and the plaintext encrypted to our own public key.
            // The upload is not interrupted halfway (it is short, and bounded by the timeout): an upload cut off
            // after the service stored the key would leave a key no one knows the id of. An interruption is
            // seen as soon as it returns, and the key is deleted again.
            context.CancellationToken.ThrowIfCancellationRequested();
            var (document, newKey) = await session.CallAsync((client, token) => session.Curve.CreateDocumentKeyAsync(client, identity, token), CancellationToken.None)
                .ConfigureAwait(false);
            using var symmetricKey = newKey;
            try
            {
                TestHooks.Report($"document key {document.Id}");
                await TestHooks.PauseAsync(TestHooks.AfterUpload, context.CancellationToken).ConfigureAwait(false);
                context.CancellationToken.ThrowIfCancellationRequested();
                var header = DocumentHeader.Create(symmetricKey, server.AbsoluteUri, document.Id, identity.Id, chunkSize);
                var bytes = await context.WithProgressAsync(
                    $"Encrypting {input.Name}",
                    input.Length ?? 0,
                    progress => output.WriteAsync(
                        stream => DocumentCipher.EncryptAsync(
                            input.Stream, stream, header, symmetricKey, TestHooks.PauseAfterFirstChunk(progress, context.CancellationToken), context.CancellationToken),
                        EncryptedFileMode,
                        context.CancellationToken))
                    .ConfigureAwait(false);

                if (context.Json)
                {
                    context.WriteJson(new
                    {
                        input = input.Path ?? OutputTarget.StandardStream,
                        output = output.Path ?? OutputTarget.StandardStream,
                        bytes,
                        chunkSize = header.ChunkSize,
                        documentId = document.Id,
                        ownerId = identity.Id,
                        server = server.AbsoluteUri,
                    });
                }
                else
                {
                    context.WriteLine($"Encrypted {input.Name} ({Format.Bytes(bytes)}) to {output.Display}");
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
    }

    private static async Task<int> DecryptAsync(CliContext context, string inputArgument, string? outputArgument, bool force)
    {
        var input = InputSource.Open(inputArgument);
        await using (input.ConfigureAwait(false))
        {
            var output = ResolveOutput(
                context, input, outputArgument, force, input.IsStandardInput ? OutputTarget.StandardStream : DefaultDecryptedPath(input.Path!));

            // The header is read from the stream that is then decrypted: standard input can only be read once.
            var header = await DocumentHeader.ReadAsync(input.Stream, context.CancellationToken).ConfigureAwait(false);
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
                (client, token) => session.Curve.GetDocumentKeyAsync(client, header.DocumentId, token),
                context.CancellationToken,
                e => Refusal(e.StatusCode, identity, header, server, e)).ConfigureAwait(false);

            using var symmetricKey = await OpenDocumentKeyAsync(context, session, identity, header, documentKey).ConfigureAwait(false);
            return await WriteDecryptedAsync(context, identity, input, output, header, symmetricKey, server).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Several files: their headers first, then every document key in one batch request (per 100), then each file
    /// decrypted on its own. A file that fails is reported and the others go on; the exit code is the first failure's.
    /// </summary>
    private static async Task<int> DecryptManyAsync(CliContext context, string[] paths, bool force)
    {
        var inputs = new List<(InputSource Input, DocumentHeader Header)>();
        try
        {
            foreach (var path in paths)
            {
                var input = InputSource.Open(path);
                try
                {
                    inputs.Add((input, await DocumentHeader.ReadAsync(input.Stream, context.CancellationToken).ConfigureAwait(false)));
                }
                catch
                {
                    await input.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }

            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server, fallback: inputs[0].Header.ServiceUrl);
            foreach (var url in inputs.Select(item => item.Header.ServiceUrl).Distinct(StringComparer.Ordinal))
            {
                if (TryParseServer(url) is not { } named || named != server)
                {
                    context.WriteWarning($"A file names the service {url}; using {server}.");
                }
            }
            using var session = context.Connect(server, identity);

            var results = new List<FetchedDocumentKeyResult>();
            foreach (var chunk in inputs.Select(item => item.Header.DocumentId).Chunk(BatchSize))
            {
                results.AddRange(await session.CallAsync((client, token) => session.Curve.GetDocumentKeysAsync(client, chunk, token), context.CancellationToken)
                    .ConfigureAwait(false));
            }
            if (results.Count != inputs.Count)
            {
                throw new DocumentIntegrityException($"The service answered {results.Count} document keys for {inputs.Count} files.");
            }

            int? firstFailure = null;
            for (var i = 0; i < inputs.Count; i++)
            {
                var (input, header) = inputs[i];
                try
                {
                    var result = results[i];
                    if (result.DocumentKey is not { } documentKey)
                    {
                        throw Refusal((HttpStatusCode)result.StatusCode, identity, header, server, null)
                            ?? session.Translate(new RecryptServiceException((HttpStatusCode)result.StatusCode, result.ProblemType, null, result.Detail));
                    }
                    var output = ResolveOutput(context, input, null, force, DefaultDecryptedPath(input.Path!));
                    using var symmetricKey = await OpenDocumentKeyAsync(context, session, identity, header, documentKey).ConfigureAwait(false);
                    await WriteDecryptedAsync(context, identity, input, output, header, symmetricKey, server).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var (code, message) = CommandRunner.Describe(e, context.CancellationToken);
                    CommandRunner.Report(code, $"{input.Name}: {message}", context.Json, context.Parse);
                    firstFailure ??= code;
                }
            }
            return firstFailure ?? ExitCodes.Ok;
        }
        finally
        {
            foreach (var (input, _) in inputs)
            {
                await input.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>How many document keys one batch request asks for: the service's default batch size.</summary>
    private const int BatchSize = 100;

    /// <summary>What a refused fetch means for this file, with what to do; <see langword="null"/> for other failures.</summary>
    private static CliException? Refusal(HttpStatusCode status, LocalIdentity identity, DocumentHeader header, Uri server, Exception? inner) => status switch
    {
        HttpStatusCode.Forbidden => new CliException(
            ExitCodes.Refused,
            $"Access refused: \"{identity.Name}\" ({identity.Id}) has no grant from the owner {header.OwnerId} of this file "
            + "(it was never granted, or it was revoked). Ask the owner to run `recrypt grant " + identity.Id + "`.",
            inner),
        HttpStatusCode.NotFound => new CliException(
            ExitCodes.NotFound,
            $"The service at {server} has no document key {header.DocumentId}: it was deleted, or it is held by another service "
            + $"(the file names {header.ServiceUrl}; pass --server to use another).",
            inner),
        _ => null,
    };

    /// <summary>The file's symmetric key from the document key the service answered, once every check passes.</summary>
    private static async Task<SymmetricKey> OpenDocumentKeyAsync(
        CliContext context, ServiceSession session, LocalIdentity identity, DocumentHeader header, FetchedDocumentKey documentKey)
    {
        if (documentKey.Id != header.DocumentId || documentKey.OwnerId != header.OwnerId)
        {
            throw new DocumentIntegrityException(
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
        try
        {
            return session.Curve.OpenDocumentKey(documentKey, identity);
        }
        catch (RecryptException e)
        {
            throw new DocumentIntegrityException($"The document key from the service does not decrypt with your private key ({e.Error}).", e);
        }
    }

    /// <summary>Decrypts <paramref name="input"/> (its header already read) to <paramref name="output"/> and says so.</summary>
    private static async Task<int> WriteDecryptedAsync(
        CliContext context, LocalIdentity identity, InputSource input, OutputTarget output, DocumentHeader header, SymmetricKey symmetricKey, Uri server)
    {
        long bytes;
        try
        {
            bytes = await context.WithProgressAsync(
                $"Decrypting {input.Name}",
                input.Length ?? 0,
                progress => output.WriteAsync(
                    stream => DocumentCipher.DecryptAsync(input.Stream, stream, header, symmetricKey, progress, context.CancellationToken),
                    DecryptedFileMode,
                    context.CancellationToken))
                .ConfigureAwait(false);
        }
        catch (DocumentIntegrityException e) when (output.IsWrittenThrough)
        {
            throw new DocumentIntegrityException(
                $"{e.Message} {output.Display} received the chunks before it, each authenticated: discard what it got.", e);
        }

        if (context.Json)
        {
            context.WriteJson(new
            {
                input = input.Path ?? OutputTarget.StandardStream,
                output = output.Path ?? OutputTarget.StandardStream,
                bytes,
                documentId = header.DocumentId,
                ownerId = header.OwnerId,
                server = server.AbsoluteUri,
            });
        }
        else
        {
            var role = header.OwnerId == identity.Id ? "your own file" : $"owner {header.OwnerId}";
            context.WriteLine($"Decrypted {input.Name} to {output.Display} ({Format.Bytes(bytes)}; {role}; every chunk authenticated)");
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Where the command writes: <paramref name="outputArgument"/>, else <paramref name="defaultPath"/>; never the
    /// input itself. Data on standard output sends the command's own messages to stderr.
    /// </summary>
    private static OutputTarget ResolveOutput(CliContext context, InputSource input, string? outputArgument, bool force, string defaultPath)
    {
        var output = OutputTarget.Resolve(string.IsNullOrEmpty(outputArgument) ? defaultPath : outputArgument, force);
        if (input.Path is not null && output.Path == input.Path)
        {
            throw new CliException(ExitCodes.Usage, "The output must not be the input file.");
        }
        if (input.IsStandardInput && context.ReadsPassphraseFromStdin)
        {
            throw new CliException(
                ExitCodes.Usage, $"The input is standard input, so --passphrase-stdin cannot be used: set {GlobalOptions.PassphraseVariable} instead.");
        }
        if (output.IsStandardOutput)
        {
            context.SendMessagesToStderr();
        }
        return output;
    }

    /// <summary>
    /// The owner gets back the value it signed itself; a grantee gets a value transformed and signed by the
    /// service. Anything else was not made by the parties it claims to come from.
    /// </summary>
    private static async Task CheckSignerAsync(ServiceSession session, LocalIdentity identity, FetchedDocumentKey documentKey, CancellationToken cancellationToken)
    {
        if (!documentKey.SignatureIsValid)
        {
            throw new DocumentIntegrityException("The document key's signature does not verify.");
        }
        if (documentKey.OwnerId == identity.Id)
        {
            if (documentKey.TransformBlockCount != 0 || documentKey.Signer != identity.SigningKeyPair.PublicKey)
            {
                throw new DocumentIntegrityException("The document key the service returned is not the one you stored (it is not signed by you).");
            }
            return;
        }
        var service = await session.CallAsync((client, token) => client.GetServiceInfoAsync(token), cancellationToken).ConfigureAwait(false);
        if (documentKey.TransformBlockCount == 0 || documentKey.Signer != service.SigningPublicKey)
        {
            throw new DocumentIntegrityException("The document key the service returned was not transformed and signed by the service.");
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
            || value > DocumentCipher.MaxChunkSize || value * multiplier < MinCliChunkSize || value * multiplier > DocumentCipher.MaxChunkSize)
        {
            result.AddError($"--chunk-size must be {MinCliChunkSize} to {DocumentCipher.MaxChunkSize} bytes (for example 65536, 64k or 1m).");
            return 0;
        }
        return (int)(value * multiplier);
    }
}
