using System.CommandLine;
using System.Net;
using Recrypt.Cli.KeyStore;
using Recrypt.Client;
using Recrypt.Protocol;

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
        return identity;
    }

    private static Command New(GlobalOptions options)
    {
        var name = new Argument<string>("name") { Description = "A display name, for example alice" };
        var force = new Option<bool>("--force") { Description = "Replace an existing identity (its keys are lost)" };
        var ask = new Option<bool>("--ask-passphrase") { Description = "Ask on the terminal for a passphrase to protect the secret keys" };
        var command = new Command(
            "new",
            "Generate a recrypt key pair and an Ed25519 signing key pair locally and store them in the key store "
            + "(a file only you can read; sealed with a passphrase given by --passphrase-stdin, RECRYPT_PASSPHRASE or --ask-passphrase)")
        {
            name, force, ask,
        };
        command.SetAction(options, context =>
        {
            var displayName = context.GetValue(name).Trim();
            if (displayName.Length == 0)
            {
                throw new CliException(ExitCodes.Usage, "The name must not be empty.");
            }
            if (!context.GetValue(force) && context.KeyStore.Exists)
            {
                throw new KeyStoreException(
                    KeyStoreError.Exists, $"{context.KeyStore.IdentityPath} already holds an identity (pass --force to replace it, losing its keys).");
            }
            var passphrase = context.Passphrase(ask: context.GetValue(ask), confirm: true);
            var created = context.KeyStore.Create(context.Recrypt, displayName, passphrase, context.GetValue(force));

            if (context.Json)
            {
                context.WriteJson(new
                {
                    id = created.Id,
                    name = created.Name,
                    publicKey = Convert.ToBase64String(created.PublicKey.Export()),
                    signingPublicKey = Convert.ToBase64String(created.SigningPublicKey.Export()),
                    path = context.KeyStore.IdentityPath,
                    passphraseProtected = created.IsPassphraseProtected,
                });
            }
            else
            {
                context.WriteLine($"Created identity \"{created.Name}\" in {context.KeyStore.IdentityPath}");
                context.WriteLine($"  id:         {created.Id}");
                context.WriteLine(created.IsPassphraseProtected
                    ? $"  protection: passphrase (PBKDF2-HMAC-SHA256, {IdentityKeyStore.DefaultIterations} iterations; AES-256-GCM)"
                    : "  protection: file permissions only (0600); no passphrase");
                context.WriteLine(context.HasServer
                    ? "Next: recrypt identity register"
                    : "Next: recrypt identity register --server <url>");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
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
                        await client.RegisterIdentityAsync(identity.PublicKey, identity.SigningKeyPair, identity.Name, token)
                            .ConfigureAwait(false);
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
                var existing = await session.CallAsync((client, token) => client.GetIdentityAsync(identity.Id, token), context.CancellationToken)
                    .ConfigureAwait(false);
                if (existing.PublicKey != identity.PublicKey || existing.SigningPublicKey != identity.SigningKeyPair.PublicKey)
                {
                    throw new CliException(ExitCodes.Conflict, $"The service at {server} holds identity {identity.Id} with other keys.");
                }
            }
            context.KeyStore.SetServer(server.AbsoluteUri);

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
                    publicKey = Convert.ToBase64String(identity.PublicKey.Export()),
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
                context.WriteLine($"public key:         {Convert.ToBase64String(identity.PublicKey.Export())}");
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
}
