using System.CommandLine;
using System.Net;
using Recrypt.Cli.Service;
using Recrypt.Client;

namespace Recrypt.Cli.Commands;

/// <summary>
/// <c>recrypt group create|show|add|remove|admins add|admins remove|rotate</c> and <c>recrypt groups</c>. The group's
/// private key is recovered on an admin's machine only, for the moment a command needs it.
/// </summary>
internal static class GroupCommands
{
    public static Command Group(GlobalOptions options)
    {
        var command = new Command(
            "group",
            "Groups: an owner grants a group once (`recrypt grant <group-id>`); its admins add and remove members, who then decrypt "
            + "the owner's files (transformed owner → group → member); nobody but the admins can recover the group's private key")
        {
            Create(options), Show(options), Add(options), Remove(options), Admins(options), Rotate(options),
        };
        return command;
    }

    public static Command List(GlobalOptions options)
    {
        var command = new Command("groups", "List the groups you administer or belong to");
        command.SetAction(options, async context =>
        {
            using var identity = context.UnlockIdentity();
            using var session = context.Connect(context.ResolveServer(recorded: identity.Public.Server), identity);
            var groups = await session.CallAsync((client, token) => client.ListGroupsAsync(token), context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(new { groups = groups.Select(group => new { id = group.Id, name = group.Name, isAdmin = group.IsAdmin, isMember = group.IsMember, keyVersion = group.KeyVersion }) });
            }
            else if (groups.Count == 0)
            {
                context.WriteLine($"\"{identity.Name}\" ({identity.Id}) administers and belongs to no group.");
            }
            else
            {
                foreach (var group in groups)
                {
                    var roles = string.Join(", ", new[] { group.IsAdmin ? "admin" : null, group.IsMember ? "member" : null }.OfType<string>());
                    context.WriteLine($"{group.Id}  \"{group.Name}\"  ({roles})");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Create(GlobalOptions options)
    {
        var name = new Argument<string>("name") { Description = "The group's display name" };
        var command = new Command("create", "Create a group, with you as its admin: its key pair is made here, and only its public key leaves this machine")
        {
            name,
        };
        command.SetAction(options, async context =>
        {
            var groupName = context.GetValue(name).Trim();
            if (groupName.Length is 0 or > 200)
            {
                throw new CliException(ExitCodes.Usage, "A group's name is 1 to 200 characters.");
            }
            context.RequireNoRotationInProgress();
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);
            var group = await session.CallAsync(
                (client, token) => session.Curve.CreateGroupAsync(client, groupName, identity, token), context.CancellationToken)
                .ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(new { id = group.Id, name = group.Name, adminId = identity.Id, keyVersion = group.KeyVersion, server = server.AbsoluteUri });
            }
            else
            {
                context.WriteLine($"Created group \"{group.Name}\" with \"{identity.Name}\" ({identity.Id}) as its admin");
                context.WriteLine($"  id: {group.Id}");
                context.WriteLine($"Next: recrypt group add {group.Id} <identity-id>; owners share with it by `recrypt grant {group.Id}`");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(GlobalOptions options)
    {
        var groupArgument = GroupIdArgument();
        var command = new Command("show", "Show a group: its key, and (to its admins and members) who they are") { groupArgument };
        command.SetAction(options, async context =>
        {
            var groupId = Format.GroupId(context.GetValue(groupArgument), "group-id");
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);
            var group = await GetAsync(session, groupId, server, context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(new
                {
                    id = group.Id,
                    name = group.Name,
                    creatorId = group.CreatorId,
                    keyVersion = group.KeyVersion,
                    certifiedBy = group.CertifiedBy,
                    createdAt = group.CreatedAt,
                    admins = group.Admins,
                    members = group.Members?.Select(member => new { id = member.IdentityId, memberKeyVersion = member.MemberKeyVersion, addedAt = member.AddedAt }),
                });
                return ExitCodes.Ok;
            }
            context.WriteLine($"Group \"{group.Name}\"");
            context.WriteLine($"  id:          {group.Id}");
            context.WriteLine($"  created by:  {group.CreatorId} on {Format.Time(group.CreatedAt)}");
            context.WriteLine($"  key version: {group.KeyVersion} (certified by {group.CertifiedBy})");
            if (group.Admins is null || group.Members is null)
            {
                context.WriteLine("  (only its admins and members see who they are)");
                return ExitCodes.Ok;
            }
            context.WriteLine($"  admins:      {string.Join(", ", group.Admins)}");
            context.WriteLine(group.Members.Count == 0 ? "  members:     none" : "  members:");
            foreach (var member in group.Members)
            {
                context.WriteLine($"    {member.IdentityId}  since {Format.Time(member.AddedAt)}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(GlobalOptions options)
    {
        var (groupArgument, identityArgument) = (GroupIdArgument(), IdentityIdArgument("The identity to add (from its `recrypt identity show`)"));
        var command = new Command(
            "add",
            "Add a member (as an admin): the transform key from the group to the member is made here and uploaded; the member can then "
            + "decrypt every file shared with the group, also those encrypted before it joined")
        {
            groupArgument, identityArgument,
        };
        command.SetAction(options, context => ChangeAsync(context, groupArgument, identityArgument, "added", "a member of",
            (session, client, identity, groupId, memberId, token) => session.Curve.AddGroupMemberAsync(client, groupId, memberId, identity, token)));
        return command;
    }

    private static Command Remove(GlobalOptions options)
    {
        var (groupArgument, identityArgument) = (GroupIdArgument(), IdentityIdArgument("The member to remove"));
        var command = new Command("remove", "Remove a member (as an admin, or yourself to leave): it is refused the group's files from then on")
        {
            groupArgument, identityArgument,
        };
        command.SetAction(options, context => ChangeAsync(context, groupArgument, identityArgument, "removed", "a member of",
            (_, client, _, groupId, memberId, token) => client.RemoveGroupMemberAsync(groupId, memberId, token)));
        return command;
    }

    private static Command Admins(GlobalOptions options)
    {
        var (addGroup, addIdentity) = (GroupIdArgument(), IdentityIdArgument("The identity to make an admin"));
        var add = new Command("add", "Make an identity an admin (as an admin): the group plaintext is encrypted to it here") { addGroup, addIdentity };
        add.SetAction(options, context => ChangeAsync(context, addGroup, addIdentity, "added", "an admin of",
            (session, client, identity, groupId, adminId, token) => session.Curve.AddGroupAdminAsync(client, groupId, adminId, identity, token)));

        var (removeGroup, removeIdentity) = (GroupIdArgument(), IdentityIdArgument("The admin to remove"));
        var remove = new Command(
            "remove",
            "Remove an admin (as an admin; not the last one). It may have kept the group's private key: run `recrypt group rotate` after")
        {
            removeGroup, removeIdentity,
        };
        remove.SetAction(options, context => ChangeAsync(context, removeGroup, removeIdentity, "removed", "an admin of",
            (_, client, _, groupId, adminId, token) => client.RemoveGroupAdminAsync(groupId, adminId, token)));

        return new Command("admins", "Add or remove a group's admins") { add, remove };
    }

    private static Command Rotate(GlobalOptions options)
    {
        var groupArgument = GroupIdArgument();
        var command = new Command(
            "rotate",
            "Rotate the group's key (as an admin): a new key pair, given to every admin and member at once. Owners' grants to the old key "
            + "stop serving until each owner runs `recrypt grant <group-id>` again")
        {
            groupArgument,
        };
        command.SetAction(options, async context =>
        {
            var groupId = Format.GroupId(context.GetValue(groupArgument), "group-id");
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);
            var group = await session.CallAsync(
                async (client, token) =>
                {
                    try
                    {
                        return await session.Curve.RotateGroupKeyAsync(client, groupId, identity, token).ConfigureAwait(false);
                    }
                    catch (InvalidOperationException e)
                    {
                        throw new CliException(ExitCodes.Refused, $"Refused: {e.Message} Only the group's admins may rotate its key.", e);
                    }
                },
                context.CancellationToken,
                e => Explain(e, groupId, server)).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(new { id = group.Id, keyVersion = group.KeyVersion });
            }
            else
            {
                context.WriteLine($"Rotated the key of group \"{group.Name}\" ({group.Id}) to version {group.KeyVersion}: "
                    + "owners must grant the group again for its members to decrypt their files");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> ChangeAsync(
        CliContext context, Argument<string> groupArgument, Argument<string> identityArgument, string done, string role,
        Func<ServiceSession, RecryptServiceClientBase, KeyStore.LocalIdentity, string, string, CancellationToken, Task> change)
    {
        var groupId = Format.GroupId(context.GetValue(groupArgument), "group-id");
        var otherId = Format.IdentityId(context.GetValue(identityArgument), "identity-id");
        using var identity = context.UnlockIdentity();
        var server = context.ResolveServer(recorded: identity.Public.Server);
        using var session = context.Connect(server, identity);
        await session.CallAsync(
            async (client, token) =>
            {
                try
                {
                    await change(session, client, identity, groupId, otherId, token).ConfigureAwait(false);
                }
                catch (InvalidOperationException e)
                {
                    // The client found this identity holds no copy of the group's key: it is no admin.
                    throw new CliException(ExitCodes.Refused, $"Refused: {e.Message} Only the group's admins may change it.", e);
                }
                return true;
            },
            context.CancellationToken,
            e => Explain(e, groupId, server)).ConfigureAwait(false);
        if (context.Json)
        {
            context.WriteJson(new { groupId, identityId = otherId, change = done });
        }
        else
        {
            context.WriteLine($"{Capitalized(done)} {otherId} as {role} the group {groupId}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>A group as the client verified it; a missing group is a clear not-found.</summary>
    public static Task<GroupInfo<byte[], byte[]>> GetAsync(ServiceSession session, string groupId, Uri server, CancellationToken cancellationToken) =>
        session.CallAsync((client, token) => session.Curve.GetGroupAsync(client, groupId, token), cancellationToken, e => Explain(e, groupId, server));

    private static CliException? Explain(RecryptServiceException e, string groupId, Uri server) => e.StatusCode switch
    {
        HttpStatusCode.Forbidden => new CliException(ExitCodes.Refused, $"Refused: {e.Detail ?? e.Message} (only the group's admins may change it).", e),
        HttpStatusCode.NotFound => new CliException(ExitCodes.NotFound, $"Not found at {server}: {e.Detail ?? $"no group {groupId}"}", e),
        _ => null,
    };

    private static Argument<string> GroupIdArgument() => new("group-id") { Description = "The group's id (from `recrypt group create` or `recrypt groups`)" };

    private static Argument<string> IdentityIdArgument(string description) => new("identity-id") { Description = description };

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
