using System.CommandLine;
using System.Net;

namespace Recrypt.Cli.Commands;

/// <summary><c>recrypt grant|revoke|grants</c>.</summary>
internal static class GrantCommands
{
    public static Command Grant(GlobalOptions options)
    {
        var grantee = new Argument<string>("grantee-id")
        {
            Description = "The id of the identity (from its `recrypt identity show`) or of the group (from `recrypt groups`) to grant access to",
        };
        var command = new Command(
            "grant",
            "Let another identity, or every member of a group, decrypt the files you encrypt: fetches its public key, makes the transform key "
            + "locally and uploads it")
        {
            grantee,
        };
        command.SetAction(options, async context =>
        {
            var granteeId = Format.GranteeId(context.GetValue(grantee), "grantee-id");
            context.RequireNoRotationInProgress();
            using var identity = context.UnlockIdentity();
            if (granteeId == identity.Id)
            {
                throw new CliException(ExitCodes.Usage, "You cannot grant access to yourself: the owner always has access.");
            }
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);

            var found = await session.CallAsync(
                (client, token) => session.Curve.FindGranteeAsync(client, granteeId, token),
                context.CancellationToken,
                e => e.StatusCode == HttpStatusCode.NotFound
                    ? new CliException(ExitCodes.NotFound, $"No identity or group {granteeId} is registered with {server}.", e)
                    : null).ConfigureAwait(false);
            var (kind, name) = (found.Kind, found.Name);

            var grant = await session.CallAsync(
                (client, token) => session.Curve.PutGrantAsync(client, identity, granteeId, found, token), context.CancellationToken)
                .ConfigureAwait(false);

            var receipt = await AuditCommands.KeepAsync(context, session, grant.Receipt).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(new { ownerId = identity.Id, granteeId, granteeKind = kind, granteeName = name, granteeKeyVersion = grant.GranteeKeyVersion, createdAt = grant.CreatedAt, receipt });
            }
            else
            {
                var who = name is { Length: > 0 } ? $"\"{name}\" ({granteeId})" : granteeId;
                context.WriteLine(kind == "group"
                    ? $"Granted the group {who} access to the documents of \"{identity.Name}\" ({identity.Id})"
                    : $"Granted {who} access to the documents of \"{identity.Name}\" ({identity.Id})");
                context.WriteLine($"  receipt: {receipt}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Revoke(GlobalOptions options)
    {
        var grantee = new Argument<string>("grantee-id") { Description = "The id of the identity, or the group, whose access to revoke" };
        var rekey = new Option<bool>("--rekey")
        {
            Description = "Then rotate your key (`recrypt identity rotate`): a copy of the old transform key, or of the service's database, "
                + "then opens none of your document keys",
        };
        var command = new Command("revoke", "Revoke a grant: the service deletes the transform key, so the grantee can no longer decrypt your files")
        {
            grantee, rekey,
        };
        command.SetAction(options, async context =>
        {
            var granteeId = Format.GranteeId(context.GetValue(grantee), "grantee-id");
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);

            if (context.GetValue(rekey))
            {
                var result = await Rotation.RunAsync(context, identity, session, [granteeId]).ConfigureAwait(false);
                Rotation.Report(context, identity, result, revoked: granteeId);
                return ExitCodes.Ok;
            }

            var revoked = await session.CallAsync(
                (client, token) => client.RevokeGrantAsync(identity.Id, granteeId, token),
                context.CancellationToken,
                e => e.StatusCode == HttpStatusCode.NotFound
                    ? new CliException(ExitCodes.NotFound, $"\"{identity.Name}\" ({identity.Id}) has no grant to {granteeId} at {server}.", e)
                    : null).ConfigureAwait(false);

            var receipt = await AuditCommands.KeepAsync(context, session, revoked).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(new { ownerId = identity.Id, granteeId, revoked = true, receipt });
            }
            else
            {
                context.WriteLine($"Revoked the grant to {granteeId}");
                context.WriteLine($"  receipt: {receipt}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command List(GlobalOptions options)
    {
        var command = new Command("grants", "List the identities you have granted access to");
        command.SetAction(options, async context =>
        {
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);
            var grants = await session.CallAsync((client, token) => client.ListGrantsAsync(identity.Id, token), context.CancellationToken)
                .ConfigureAwait(false);

            if (context.Json)
            {
                context.WriteJson(new
                {
                    ownerId = identity.Id,
                    grants = grants.Select(grant => new { granteeId = grant.GranteeId, granteeKind = grant.GranteeKind, createdAt = grant.CreatedAt }),
                });
            }
            else if (grants.Count == 0)
            {
                context.WriteLine($"\"{identity.Name}\" ({identity.Id}) has granted no one access.");
            }
            else
            {
                context.WriteLine($"\"{identity.Name}\" ({identity.Id}) has granted access to:");
                foreach (var grant in grants)
                {
                    context.WriteLine($"  {grant.GranteeId}  since {Format.Time(grant.CreatedAt)}{(grant.GranteeKind == Protocol.GrantKinds.Group ? "  (group)" : "")}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
