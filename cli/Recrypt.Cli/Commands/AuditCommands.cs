using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recrypt.Cli.Files;
using Recrypt.Protocol;

namespace Recrypt.Cli.Commands;

/// <summary>
/// <c>recrypt audit</c> (the service's audit events that concern you: who fetched your document keys, when; or,
/// with <c>--group</c>, those of a group you administer) and
/// <c>recrypt receipts verify</c> (the signed receipts of your grants and revokes, kept in the key store's
/// <c>receipts/</c> folder).
/// </summary>
internal static class AuditCommands
{
    /// <summary>The folder of the key store where receipts are kept, one JSON file each.</summary>
    public const string ReceiptsFolder = "receipts";

    private static readonly JsonSerializerOptions s_receiptJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Audit(GlobalOptions options)
    {
        var since = new Option<string>("--since")
        {
            Description = "Only events at or after this time (ISO 8601, e.g. 2026-12-01 or 2026-12-01T09:30:00Z)",
        };
        var group = new Option<string>("--group")
        {
            Description = "Show the events of this group instead (you must be one of its admins): its changes, grants to it, fetches through it",
        };
        var command = new Command(
            "audit",
            "Show the service's audit events that concern you: who fetched your document keys and when, grants made and revoked, refusals")
        {
            since, group,
        };
        command.SetAction(options, async context =>
        {
            DateTimeOffset? from = null;
            if (context.GetValue(since) is { } text)
            {
                from = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new CliException(ExitCodes.Usage, $"--since '{text}' is not a time: use ISO 8601, e.g. 2026-12-01 or 2026-12-01T09:30:00Z.");
            }
            var groupId = context.GetValue(group) is { } given ? Format.GroupId(given, "--group") : null;
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);
            var events = await session.CallAsync(
                (client, token) => groupId is null ? client.GetAuditEventsAsync(identity.Id, from, null, token) : client.GetGroupAuditEventsAsync(groupId, from, null, token),
                context.CancellationToken).ConfigureAwait(false);
            var whose = groupId is null ? $"\"{identity.Name}\" ({identity.Id})" : $"the group {groupId}";

            if (context.Json)
            {
                context.WriteJson(events.Select(e => new
                {
                    sequence = e.Sequence,
                    at = e.At,
                    type = e.Type,
                    actor = e.Actor,
                    subject = e.Subjects.Count > 0 ? e.Subjects[0] : null,
                    subjects = e.Subjects,
                    outcome = e.Outcome,
                    requestId = e.RequestId,
                    hash = e.Hash,
                }).ToArray());
            }
            else if (events.Count == 0)
            {
                context.WriteLine($"No audit events concern {whose} at {server}{(from is null ? "" : $" since {Format.Time(from.Value)}")}.");
            }
            else
            {
                context.WriteLine($"Audit events that concern {whose} at {server}:");
                foreach (var e in events)
                {
                    var actor = e.Actor is null ? "-" : e.Actor == identity.Id ? "you" : e.Actor;
                    var subject = e.Subjects.Count > 0 ? e.Subjects[0] : "-";
                    context.WriteLine($"  {Format.Time(e.At)}  {e.Type,-20} by {actor,-32}  {subject,-32}  {e.Outcome}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Receipts(GlobalOptions options)
    {
        var files = new Argument<string[]>("receipt")
        {
            Description = "Receipt files to verify (default: every receipt in the key store's receipts folder)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var serviceKey = new Option<string>("--service-key")
        {
            Description = "Also require every receipt to be signed by this service key (64 hex digits, from GET /service)",
        };
        var verify = new Command("verify", "Verify receipts of your grants and revokes: each must carry a valid signature by the service's key")
        {
            files, serviceKey,
        };
        verify.SetAction(options, context =>
        {
            PublicSigningKey? expected = null;
            if (context.GetValue(serviceKey) is { } hex)
            {
                expected = hex.Length == 2 * PublicSigningKey.Size && IsHex(hex)
                    ? PublicSigningKey.Import(Convert.FromHexString(hex))
                    : throw new CliException(ExitCodes.Usage, $"--service-key must be {2 * PublicSigningKey.Size} hex digits.");
            }
            var paths = context.GetValue(files) is { Length: > 0 } given ? given : DefaultReceipts(context);
            if (paths.Length == 0)
            {
                throw new CliException(ExitCodes.NotFound, $"There are no receipts in {Path.Combine(context.KeyStore.Home, ReceiptsFolder)}.");
            }
            var results = paths.Select(path => (Path: path, Receipt: Read(path), Valid: false)).ToArray();
            for (var i = 0; i < results.Length; i++)
            {
                results[i].Valid = results[i].Receipt is { } receipt && Protocol.Receipts.Verify(context.Recrypt, receipt, expected);
            }
            if (context.Json)
            {
                context.WriteJson(results.Select(r => new
                {
                    file = r.Path,
                    valid = r.Valid,
                    action = r.Receipt?.Action,
                    ownerId = r.Receipt?.OwnerId,
                    granteeId = r.Receipt?.GranteeId,
                    at = r.Receipt?.At,
                    auditSequence = r.Receipt?.AuditSequence,
                    auditHash = r.Receipt?.AuditHash,
                }).ToArray());
            }
            else
            {
                foreach (var (path, receipt, valid) in results)
                {
                    context.WriteLine(receipt is null ? $"INVALID  {path}: not a receipt"
                        : $"{(valid ? "valid  " : "INVALID")}  {path}: {receipt.Action} {receipt.OwnerId} -> {receipt.GranteeId} at {Format.Time(receipt.At)}, audit record {receipt.AuditSequence}");
                }
            }
            var invalid = results.Count(r => !r.Valid);
            return Task.FromResult(invalid == 0 ? ExitCodes.Ok
                : throw new CliException(ExitCodes.Integrity, $"{invalid} of {results.Length} receipts do not verify: altered, forged, or signed by another key."));
        });
        return new Command("receipts", "The service's signed receipts of your grants and revokes") { verify };
    }

    /// <summary>
    /// Keeps <paramref name="receipt"/> in the key store's receipts folder, after checking it is signed by the service
    /// the session talks to; returns its path.
    /// </summary>
    public static async Task<string> KeepAsync(CliContext context, Service.ServiceSession session, Receipt? receipt)
    {
        if (receipt is null)
        {
            throw new CliException(ExitCodes.Internal, "The service's answer carries no receipt.");
        }
        var service = await session.CallAsync((client, token) => client.GetServiceInfoAsync(token), context.CancellationToken).ConfigureAwait(false);
        if (!Protocol.Receipts.Verify(context.Recrypt, receipt, service.SigningPublicKey))
        {
            throw new CliException(ExitCodes.Integrity, "The service's receipt does not verify under its signing key: it was not kept.");
        }
        var folder = Path.Combine(context.KeyStore.Home, ReceiptsFolder);
        Directory.CreateDirectory(folder);
        var name = $"{receipt.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{receipt.Action}-{receipt.GranteeId}-{receipt.AuditSequence}.json";
        var path = Path.Combine(folder, name);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(receipt, s_receiptJson);
        await AtomicFile.WriteAsync(path, overwrite: true, async stream =>
        {
            await stream.WriteAsync(bytes, context.CancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken: context.CancellationToken).ConfigureAwait(false);
        return path;
    }

    private static string[] DefaultReceipts(CliContext context)
    {
        var folder = Path.Combine(context.KeyStore.Home, ReceiptsFolder);
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal)] : [];
    }

    private static Receipt? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Receipt>(File.ReadAllBytes(path), s_receiptJson);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    private static bool IsHex(string text) => text.All(Uri.IsHexDigit);
}
