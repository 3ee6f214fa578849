using System.CommandLine;
using System.Net;
using Recrypt.Cli.KeyStore;
using Recrypt.Cli.Service;
using Recrypt.Client;
using Recrypt.Protocol;
using Spectre.Console;

namespace Recrypt.Cli.Commands;

/// <summary><c>recrypt identity new|register|show|rotate</c>.</summary>
internal static class IdentityCommands
{
    public static Command Create(GlobalOptions options)
    {
        var identity = new Command("identity", "Create, register and show the local identity (one per key store directory)");
        identity.Subcommands.Add(New(options));
        identity.Subcommands.Add(Register(options));
        identity.Subcommands.Add(Show(options));
        identity.Subcommands.Add(Rotate(options));
        identity.Subcommands.Add(Export(options));
        identity.Subcommands.Add(Import(options));
        identity.Subcommands.Add(Upgrade(options));
        return identity;
    }

    private static Command New(GlobalOptions options)
    {
        var name = new Argument<string>("name") { Description = "A display name, for example alice" };
        var force = new Option<bool>("--force") { Description = "Replace an existing identity (its keys are lost; a registered one is confirmed first)" };
        var discard = DiscardKeysOption();
        var ask = new Option<bool>("--ask-passphrase") { Description = "Ask on the terminal for a passphrase to protect the secret keys" };
        var curveOption = new Option<string?>("--curve")
        {
            Description = $"The recrypt curve of the keys: {CliCurve.Known}. By default the curve of the service given by --server or "
                + $"${GlobalOptions.ServerVariable} (asked with GET /service), else {RecryptCurve.Api256}; refused when it differs from the service's",
            HelpName = "curve",
        };
        var command = new Command(
            "new",
            "Generate a recrypt key pair and an Ed25519 signing key pair locally and store them in the key store "
            + "(a file only you can read; sealed with a passphrase given by --passphrase-stdin, RECRYPT_PASSPHRASE or --ask-passphrase)")
        {
            name, force, discard, ask, curveOption,
        };
        command.SetAction(options, async context =>
        {
            var displayName = context.GetValue(name).Trim();
            if (displayName.Length == 0)
            {
                throw new CliException(ExitCodes.Usage, "The name must not be empty.");
            }
            var curve = await ChooseCurveAsync(context, context.GetValue(curveOption)).ConfigureAwait(false);
            ConfirmReplacing(context, context.GetValue(force), context.GetValue(discard));
            var passphrase = context.Passphrase(ask: context.GetValue(ask), confirm: true, subject: $"\"{displayName}\"");
            var created = context.KeyStore.Create(context.Curves[curve], displayName, passphrase, context.GetValue(force));

            if (context.Json)
            {
                context.WriteJson(new
                {
                    id = created.Id,
                    name = created.Name,
                    curve = created.Curve.ToString(),
                    publicKey = Convert.ToBase64String(created.PublicKey),
                    signingPublicKey = Convert.ToBase64String(created.SigningPublicKey.Export()),
                    path = context.KeyStore.IdentityPath,
                    passphraseProtected = created.IsPassphraseProtected,
                });
            }
            else
            {
                context.WriteLine($"Created identity \"{created.Name}\" in {context.KeyStore.IdentityPath}");
                context.WriteLine($"  id:         {created.Id}");
                context.WriteLine($"  curve:      {created.Curve}");
                context.WriteLine(created.IsPassphraseProtected
                    ? $"  protection: passphrase (PBKDF2-HMAC-SHA256, {IdentityKeyStore.DefaultIterations} iterations; AES-256-GCM)"
                    : "  protection: file permissions only (0600); no passphrase");
                context.WriteLine(context.HasServer
                    ? "Next: recrypt identity register"
                    : "Next: recrypt identity register --server <url>");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The curve of a new identity: <c>--curve</c>, else the curve of the service named by --server or RECRYPT_SERVER,
    /// else Api256. A --curve that differs from that service's is refused: the identity could not use it. A service that
    /// cannot be reached is warned about, not waited for.
    /// </summary>
    private static async Task<RecryptCurve> ChooseCurveAsync(CliContext context, string? requested)
    {
        RecryptCurve? given = null;
        if (requested is not null)
        {
            given = CliCurve.TryParse(requested.Trim(), out var parsed)
                ? parsed
                : throw new CliException(ExitCodes.Usage, $"--curve must be one of {CliCurve.Known} (got \"{requested}\").");
        }
        if (!context.HasServer)
        {
            return given ?? RecryptCurve.Api256;
        }
        var server = context.ResolveServer();
        RecryptCurve serviceCurve;
        try
        {
            using var session = context.ConnectAnonymously(server);
            serviceCurve = (await session.GetServiceInfoAsync(context.CancellationToken).ConfigureAwait(false)).Curve;
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.Unreachable)
        {
            // The keys are made here: an identity need not wait for the service. Registering checks the curve again.
            var chosen = given ?? RecryptCurve.Api256;
            context.WriteWarning(
                $"Could not ask the service for its curve ({e.Message}); making an {chosen} identity{(given is null ? " (choose with --curve)" : "")}. "
                + "`recrypt identity register` refuses it if the service uses the other curve.");
            return chosen;
        }
        if (given is { } curve && curve != serviceCurve)
        {
            throw new CliException(
                ExitCodes.Usage,
                $"--curve {curve} differs from the curve of the service at {server}, which is {serviceCurve}: an {curve} identity could not use it. "
                + $"Leave out --curve (a new identity follows the service's curve), or name a service of {curve} with --server.");
        }
        return serviceCurve;
    }

    private static Command Register(GlobalOptions options)
    {
        var command = new Command("register", "Register the identity's public keys with the service (safe to repeat)");
        command.SetAction(options, async context =>
        {
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);

            var alreadyRegistered = await session.CallAsync(
                async (client, token) =>
                {
                    try
                    {
                        await session.Curve.RegisterAsync(client, identity, token).ConfigureAwait(false);
                        return false;
                    }
                    catch (RecryptServiceException e) when (e.StatusCode == HttpStatusCode.Conflict)
                    {
                        return true;
                    }
                },
                context.CancellationToken).ConfigureAwait(false);
            if (alreadyRegistered)
            {
                // Fine if the service holds these very keys.
                var holdsKeys = await session.CallAsync((client, token) => session.Curve.HoldsKeysAsync(client, identity, token), context.CancellationToken)
                    .ConfigureAwait(false);
                if (!holdsKeys)
                {
                    throw new CliException(ExitCodes.Conflict, $"The service at {server} holds identity {identity.Id} with other keys.");
                }
            }
            context.KeyStore.SetServer(server.AbsoluteUri, context.Passphrase);

            if (context.Json)
            {
                context.WriteJson(new { id = identity.Id, name = identity.Name, server = server.AbsoluteUri, alreadyRegistered });
            }
            else
            {
                context.WriteLine(alreadyRegistered
                    ? $"Identity \"{identity.Name}\" ({identity.Id}) was already registered with {server}"
                    : $"Registered identity \"{identity.Name}\" ({identity.Id}) with {server}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(GlobalOptions options)
    {
        var command = new Command("show", "Print the public identity: id, name and public keys (never the secret keys)");
        command.SetAction(options, context =>
        {
            var identity = context.KeyStore.ReadPublic();
            context.WarnIfExposed();
            if (context.Json)
            {
                context.WriteJson(new
                {
                    id = identity.Id,
                    name = identity.Name,
                    curve = identity.Curve.ToString(),
                    publicKey = Convert.ToBase64String(identity.PublicKey),
                    signingPublicKey = Convert.ToBase64String(identity.SigningPublicKey.Export()),
                    fingerprint = IdentityId.Fingerprint(identity.Id),
                    keyVersion = identity.KeyVersion,
                    rotating = context.KeyStore.IsRotating,
                });
            }
            else
            {
                context.WriteLine($"name:               {identity.Name}");
                context.WriteLine($"id:                 {identity.Id}");
                context.WriteLine($"fingerprint:        {IdentityId.Fingerprint(identity.Id)}");
                context.WriteLine($"key version:        {identity.KeyVersion}{(context.KeyStore.IsRotating ? " (a rotation is unfinished: run `recrypt identity rotate`)" : "")}");
                context.WriteLine($"curve:              {identity.Curve}");
                context.WriteLine($"public key:         {Convert.ToBase64String(identity.PublicKey)}");
                context.WriteLine($"signing public key: {Convert.ToBase64String(identity.SigningPublicKey.Export())}");
                context.WriteLine($"created:            {Format.Time(identity.CreatedAt)}");
                context.WriteLine($"key store:          {context.KeyStore.IdentityPath} ({(identity.IsPassphraseProtected ? "passphrase-protected" : "no passphrase")})");
                context.WriteLine($"registered with:    {identity.Server ?? "(not yet registered)"}");
                context.WriteLine("Others should compare the fingerprint with you out of band (in person, on a call) before they grant you access.");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Rotate(GlobalOptions options)
    {
        var command = new Command(
            "rotate",
            "Replace your recrypt key pair, keeping your identity: certifies a new key as the next key version, grants every current "
            + "grantee again from it, re-encrypts your document keys to it on this machine and replaces them at the service, so that "
            + "old transform keys open nothing the service holds. Files already encrypted stay valid. Safe to run again if interrupted.")
        {
        };
        command.SetAction(options, async context =>
        {
            using var identity = context.UnlockIdentity();
            var server = context.ResolveServer(recorded: identity.Public.Server);
            using var session = context.Connect(server, identity);
            var result = await Rotation.RunAsync(context, identity, session, []).ConfigureAwait(false);
            Rotation.Report(context, identity, result);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<bool> DiscardKeysOption() => new("--discard-keys")
    {
        Description = "With --force, replace a registered identity without asking: its keys are lost, and files encrypted to it with them",
    };

    /// <summary>
    /// Whether the key store's identity may be replaced. None: yes. One that exists: only with --force. One that
    /// is registered with a service (files may be encrypted to it): only after the person confirms on a terminal,
    /// or with --discard-keys when there is no terminal to ask on.
    /// </summary>
    private static void ConfirmReplacing(CliContext context, bool force, bool discardKeys)
    {
        if (!context.KeyStore.Exists)
        {
            return;
        }
        if (!force)
        {
            throw new KeyStoreException(
                KeyStoreError.Exists, $"{context.KeyStore.IdentityPath} already holds an identity (pass --force to replace it, losing its keys).");
        }
        PublicIdentity existing;
        try
        {
            existing = context.KeyStore.ReadPublic();
        }
        catch (KeyStoreException e) when (e.Error == KeyStoreError.Corrupt)
        {
            return; // Nothing usable to lose.
        }
        if (existing.Server is null || discardKeys)
        {
            return;
        }
        var what = $"The identity \"{existing.Name}\" ({existing.Id}) is registered with {existing.Server}: replacing it destroys its keys, "
            + "and every file encrypted by it or shared with it can no longer be decrypted.";
        if (!context.CanAsk)
        {
            throw new CliException(
                ExitCodes.Conflict,
                $"{what} Back it up first with `recrypt identity export <file>`; then, to replace it without being asked, pass --discard-keys with --force.");
        }
        context.WriteWarning(what);
        if (!AnsiConsole.Confirm(SafeConfirm($"Replace \"{existing.Name}\" ({existing.Id})? Back it up first with `recrypt identity export <file>`"), defaultValue: false))
        {
            throw new CliException(ExitCodes.Conflict, "Kept the existing identity.");
        }
    }

    private static string SafeConfirm(string prompt) => Markup.Escape(Output.SafeText.Escape(prompt));

    private static Command Export(GlobalOptions options)
    {
        var file = new Argument<string>("file") { Description = "The backup file to write (mode 0600)" };
        var force = new Option<bool>("--force") { Description = "Replace the backup file if it exists" };
        var command = new Command(
            "export",
            "Write a backup of the identity, secret keys included, sealed with a passphrase (the key store's own, if it has one), "
            + "for `recrypt identity import` on this or another machine")
        {
            file, force,
        };
        command.SetAction(options, context =>
        {
            using var identity = context.UnlockIdentity();
            var passphrase = context.Passphrase(ask: true, confirm: true, subject: $"the backup {context.GetValue(file)}")
                ?? throw new CliException(
                    ExitCodes.Usage,
                    $"A backup is always sealed with a passphrase: give one with --passphrase-stdin, ${GlobalOptions.PassphraseVariable}, or on a terminal.");
            var backup = IdentityKeyStore.AtFile(context.GetValue(file));
            if (Directory.Exists(backup.IdentityPath))
            {
                throw new CliException(ExitCodes.Usage, $"{backup.IdentityPath} is a directory: name a file.");
            }
            try
            {
                backup.WriteSealed(identity, passphrase, context.GetValue(force));
            }
            catch (KeyStoreException e) when (e.Error == KeyStoreError.Exists)
            {
                throw new CliException(ExitCodes.Conflict, $"{backup.IdentityPath} already exists (pass --force to replace it).", e);
            }

            if (context.Json)
            {
                context.WriteJson(new { id = identity.Id, name = identity.Name, path = backup.IdentityPath });
            }
            else
            {
                context.WriteLine($"Exported identity \"{identity.Name}\" ({identity.Id}) to {backup.IdentityPath}");
                context.WriteLine("  sealed with the passphrase; keep the file and the passphrase apart. Restore with `recrypt identity import <file>`.");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Import(GlobalOptions options)
    {
        var file = new Argument<string>("file") { Description = "A backup written by `recrypt identity export`" };
        var force = new Option<bool>("--force") { Description = "Replace an existing identity (its keys are lost; a registered one is confirmed first)" };
        var discard = DiscardKeysOption();
        var command = new Command(
            "import",
            "Restore an identity from a backup written by `recrypt identity export` into the key store, sealed with the backup's passphrase")
        {
            file, force, discard,
        };
        command.SetAction(options, context =>
        {
            var path = Path.GetFullPath(context.GetValue(file));
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.NotFound, $"No such file: {path}");
            }
            using var identity = IdentityKeyStore.AtFile(path).Unlock(() => context.Passphrase(ask: true, confirm: false, subject: $"the backup {path}"), context.Curves);
            var passphrase = context.Passphrase()
                ?? throw new CliException(
                    ExitCodes.Usage,
                    $"The imported key store is sealed with a passphrase: give the backup's with --passphrase-stdin, ${GlobalOptions.PassphraseVariable}, or on a terminal.");
            var same = context.KeyStore.Exists && TryReadId(context.KeyStore) == identity.Id;
            if (!same)
            {
                ConfirmReplacing(context, context.GetValue(force), context.GetValue(discard));
            }
            context.KeyStore.WriteSealed(identity, passphrase, overwrite: context.KeyStore.Exists);

            if (context.Json)
            {
                context.WriteJson(new { id = identity.Id, name = identity.Name, path = context.KeyStore.IdentityPath, server = identity.Public.Server });
            }
            else
            {
                context.WriteLine($"Imported identity \"{identity.Name}\" ({identity.Id}) into {context.KeyStore.IdentityPath}");
                context.WriteLine($"  registered with: {identity.Public.Server ?? "(not yet registered)"}; protection: the backup's passphrase");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static string? TryReadId(IdentityKeyStore store)
    {
        try
        {
            return store.ReadPublic().Id;
        }
        catch (KeyStoreException)
        {
            return null;
        }
    }

    private static Command Upgrade(GlobalOptions options)
    {
        var command = new Command(
            "upgrade",
            $"Rewrite a key store of the first format ({IdentityKeyStore.LegacyFormat}) so that its passphrase seal covers all of it, name and service included");
        command.SetAction(options, context =>
        {
            var (identity, upgraded) = context.KeyStore.Upgrade(context.Passphrase);
            if (context.Json)
            {
                context.WriteJson(new { id = identity.Id, name = identity.Name, server = identity.Server, upgraded, format = IdentityKeyStore.Format });
            }
            else if (!upgraded)
            {
                context.WriteLine($"{context.KeyStore.IdentityPath} is already in format {IdentityKeyStore.Format}.");
            }
            else
            {
                context.WriteLine($"Upgraded {context.KeyStore.IdentityPath} to {IdentityKeyStore.Format}; now sealed with it:");
                context.WriteLine($"  name:            {identity.Name}");
                context.WriteLine($"  registered with: {identity.Server ?? "(not yet registered)"}");
                context.WriteLine("If either is not what you set, correct it (`recrypt identity register --server <url>`).");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
