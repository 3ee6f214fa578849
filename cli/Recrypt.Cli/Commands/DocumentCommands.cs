using System.CommandLine;
using System.Net;

namespace Recrypt.Cli.Commands;

/// <summary><c>recrypt documents</c> and <c>recrypt documents delete &lt;id&gt;</c>: the caller's document keys at the service.</summary>
internal static class DocumentCommands
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command(
            "documents",
            "List your document keys at the service: one for each file you encrypted (the file's header names its id)")
        {
            Delete(options),
        };
        command.SetAction(options, async context =>
        {
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);
            var documents = await session.CallAsync((client, token) => client.ListDocumentKeysAsync(token), context.CancellationToken)
                .ConfigureAwait(false);

            if (context.Json)
            {
                context.WriteJson(new
                {
                    ownerId = identity.Id,
                    server = server.AbsoluteUri,
                    documents = documents.Select(document => new { id = document.Id, createdAt = document.CreatedAt, keyVersion = document.KeyVersion }),
                });
            }
            else if (documents.Count == 0)
            {
                context.WriteLine($"\"{identity.Name}\" ({identity.Id}) has no document keys at {server}.");
            }
            else
            {
                context.WriteLine($"\"{identity.Name}\" ({identity.Id}) has {Count(documents.Count)} at {server}:");
                foreach (var document in documents)
                {
                    context.WriteLine($"  {document.Id}  since {Format.Time(document.CreatedAt)}  (key version {document.KeyVersion})");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(GlobalOptions options)
    {
        var id = new Argument<string>("document-id") { Description = "The document key's id (`recrypt documents` lists them)" };
        var command = new Command(
            "delete",
            "Delete one of your document keys at the service: every file encrypted with it can then never be decrypted again, by anyone")
        {
            id,
        };
        command.SetAction(options, async context =>
        {
            var documentId = Format.DocumentId(context.GetValue(id), "document-id");
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);
            await session.CallAsync(
                (client, token) => client.DeleteDocumentKeyAsync(documentId, token),
                context.CancellationToken,
                e => e.StatusCode switch
                {
                    HttpStatusCode.NotFound => new CliException(ExitCodes.NotFound, $"There is no document key {documentId} at {server}.", e),
                    HttpStatusCode.Forbidden => new CliException(
                        ExitCodes.Refused, $"The document key {documentId} at {server} is not one of yours: only its owner may delete it.", e),
                    _ => null,
                }).ConfigureAwait(false);

            if (context.Json)
            {
                context.WriteJson(new { ownerId = identity.Id, documentId, deleted = true });
            }
            else
            {
                context.WriteLine($"Deleted the document key {documentId} at {server}: the files encrypted with it can no longer be decrypted.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Count(int documents) => documents == 1 ? "1 document key" : $"{documents} document keys";
}
