using Recrypt.Client;

namespace Recrypt.LoadTest;

/// <summary>A request a simulated client sends again and again, after some setup.</summary>
public abstract class Scenario
{
    /// <summary>The scenarios by name, in the order a full run measures them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["uploads", "grants", "owner-fetches", "grantee-fetches", "member-fetches", "batch-fetches"];

    public abstract string Name { get; }

    /// <summary>The scenario <paramref name="name"/>; a fetch scenario checks one response in <paramref name="verifyEvery"/> by decrypting it.</summary>
    public static Scenario Create(string name, int verifyEvery = 50) => name switch
    {
        "uploads" => new Uploads(),
        "grants" => new Grants(),
        "owner-fetches" => new OwnerFetches { VerifyEvery = verifyEvery },
        "grantee-fetches" => new GranteeFetches { VerifyEvery = verifyEvery },
        "member-fetches" => new MemberFetches(),
        "batch-fetches" => new BatchFetches(),
        _ => throw new ArgumentException($"Unknown scenario '{name}'; one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Prepares what <paramref name="clients"/> (registered) need; <paramref name="extra"/> makes more registered clients.</summary>
    public abstract Task SetupAsync(IReadOnlyList<LoadClient> clients, Func<int, Task<IReadOnlyList<LoadClient>>> extra);

    /// <summary>Sends one request as client <paramref name="worker"/>.</summary>
    public abstract Task RunOnceAsync(int worker, CancellationToken cancellationToken);

    /// <summary>One response in this many of a fetch scenario is checked by decrypting it (0: none).</summary>
    public int VerifyEvery { get; init; } = 50;

    /// <summary>How many responses were checked by decrypting them.</summary>
    public long Verified => Interlocked.Read(ref _verified);

    private long _verified;

    /// <summary>
    /// Decrypts <paramref name="value"/> with <paramref name="privateKey"/> and compares it with
    /// <paramref name="expected"/>; a mismatch counts as an error of the request ("wrong value").
    /// </summary>
    protected void CheckDecrypts(EncryptedValue value, PrivateKey privateKey, byte[] expected, TransformEncryption recrypt)
    {
        using var decrypted = recrypt.Decrypt(value, privateKey);
        if (!decrypted.Export().AsSpan().SequenceEqual(expected))
        {
            throw new InvalidDataException("The service answered a value that does not decrypt to the document key stored.");
        }
        Interlocked.Increment(ref _verified);
    }

    /// <summary><c>POST /documents</c>: each client stores new document keys (encrypted ahead of time, reused).</summary>
    public sealed class Uploads : Scenario
    {
        private const int ValuesPerClient = 8;
        private IReadOnlyList<LoadClient> _clients = [];
        private EncryptedValue[][] _values = [];
        private long[] _sent = [];

        public override string Name => "uploads";

        /// <summary>Every document key the service acknowledged, with its owner.</summary>
        public System.Collections.Concurrent.ConcurrentBag<(int Worker, string Id)> Acknowledged { get; } = [];

        public override Task SetupAsync(IReadOnlyList<LoadClient> clients, Func<int, Task<IReadOnlyList<LoadClient>>> extra)
        {
            _clients = clients;
            _values = [.. clients.Select(client => Enumerable.Range(0, ValuesPerClient).Select(_ => client.NewDocumentValue()).ToArray())];
            _sent = new long[clients.Count];
            return Task.CompletedTask;
        }

        public override async Task RunOnceAsync(int worker, CancellationToken cancellationToken)
        {
            var value = _values[worker][_sent[worker]++ % ValuesPerClient];
            var created = await _clients[worker].Service.CreateDocumentKeyAsync(value, cancellationToken: cancellationToken).ConfigureAwait(false);
            Acknowledged.Add((worker, created.Id));
        }

        public IReadOnlyList<LoadClient> Clients => _clients;
    }

    /// <summary><c>PUT /identities/{owner}/grants/{grantee}</c>: each client grants (again) one of 8 grantees in turn.</summary>
    public sealed class Grants : Scenario
    {
        private const int Grantees = 8;
        private IReadOnlyList<LoadClient> _clients = [];
        private (string Id, TransformKey Key)[][] _grants = [];
        private long[] _sent = [];

        public override string Name => "grants";

        public override async Task SetupAsync(IReadOnlyList<LoadClient> clients, Func<int, Task<IReadOnlyList<LoadClient>>> extra)
        {
            _clients = clients;
            var grantees = await extra(Grantees).ConfigureAwait(false);
            _grants = [.. clients.Select(client => grantees
                .Select(grantee => (grantee.Id, client.Recrypt.GenerateTransformKey(client.PrivateKey, grantee.PublicKey, client.SigningKeyPair)))
                .ToArray())];
            _sent = new long[clients.Count];
        }

        public override async Task RunOnceAsync(int worker, CancellationToken cancellationToken)
        {
            var (granteeId, key) = _grants[worker][_sent[worker]++ % Grantees];
            await _clients[worker].Service.PutGrantAsync(_clients[worker].Id, granteeId, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>GET /documents/{id}</c> by the owner: the value as stored.</summary>
    public sealed class OwnerFetches : Scenario
    {
        private IReadOnlyList<LoadClient> _clients = [];
        private (string Id, byte[] Plaintext)[] _documents = [];
        private long[] _sent = [];

        public override string Name => "owner-fetches";

        public override async Task SetupAsync(IReadOnlyList<LoadClient> clients, Func<int, Task<IReadOnlyList<LoadClient>>> extra)
        {
            _clients = clients;
            _documents = new (string, byte[])[clients.Count];
            _sent = new long[clients.Count];
            for (var i = 0; i < clients.Count; i++)
            {
                var (plaintext, value) = clients[i].NewDocumentKey();
                _documents[i] = ((await clients[i].Service.CreateDocumentKeyAsync(value).ConfigureAwait(false)).Id, plaintext);
            }
        }

        public override async Task RunOnceAsync(int worker, CancellationToken cancellationToken)
        {
            var client = _clients[worker];
            var fetched = await client.Service.GetDocumentKeyAsync(_documents[worker].Id, cancellationToken).ConfigureAwait(false);
            if (VerifyEvery > 0 && _sent[worker]++ % VerifyEvery == 0)
            {
                CheckDecrypts(fetched.EncryptedValue, client.PrivateKey, _documents[worker].Plaintext, client.Recrypt);
            }
        }
    }

    /// <summary><c>GET /documents/{id}</c> by a grantee: the service transforms the value with the owner's transform key.</summary>
    public sealed class GranteeFetches : Scenario
    {
        private const int Owners = 4;
        private IReadOnlyList<LoadClient> _clients = [];
        private (string Id, byte[] Plaintext)[] _documents = [];
        private long[] _sent = [];

        public override string Name => "grantee-fetches";

        public override async Task SetupAsync(IReadOnlyList<LoadClient> clients, Func<int, Task<IReadOnlyList<LoadClient>>> extra)
        {
            _clients = clients;
            _sent = new long[clients.Count];
            var owners = await extra(Owners).ConfigureAwait(false);
            var documents = new List<(string Id, byte[] Plaintext)>();
            foreach (var owner in owners)
            {
                var (plaintext, value) = owner.NewDocumentKey();
                documents.Add(((await owner.Service.CreateDocumentKeyAsync(value).ConfigureAwait(false)).Id, plaintext));
                foreach (var client in clients)
                {
                    var key = owner.Recrypt.GenerateTransformKey(owner.PrivateKey, client.PublicKey, owner.SigningKeyPair);
                    await owner.Service.PutGrantAsync(owner.Id, client.Id, key).ConfigureAwait(false);
                }
            }
            _documents = [.. clients.Select((_, i) => documents[i % Owners])];
        }

        public override async Task RunOnceAsync(int worker, CancellationToken cancellationToken)
        {
            var client = _clients[worker];
            var fetched = await client.Service.GetDocumentKeyAsync(_documents[worker].Id, cancellationToken).ConfigureAwait(false);
            if (VerifyEvery > 0 && _sent[worker]++ % VerifyEvery == 0)
            {
                CheckDecrypts(fetched.EncryptedValue, client.PrivateKey, _documents[worker].Plaintext, client.Recrypt);
            }
        }
    }

    /// <summary>
    /// <c>GET /documents/{id}</c> by a group member: four owners grant one group, every client is a member, and the
    /// service transforms each value twice (owner → group → member).
    /// </summary>
    public sealed class MemberFetches : Scenario
    {
        private const int Owners = 4;
        private IReadOnlyList<LoadClient> _clients = [];
        private string[] _documents = [];

        public override string Name => "member-fetches";

        public override async Task SetupAsync(IReadOnlyList<LoadClient> clients, Func<int, Task<IReadOnlyList<LoadClient>>> extra)
        {
            _clients = clients;
            var admin = (await extra(1).ConfigureAwait(false))[0];
            var group = await admin.Service.CreateGroupAsync("load", admin.PublicKey, admin.SigningKeyPair).ConfigureAwait(false);
            foreach (var client in clients)
            {
                await admin.Service.AddGroupMemberAsync(group.Id, client.Id, admin.PrivateKey, admin.SigningKeyPair).ConfigureAwait(false);
            }
            var documents = new List<string>();
            foreach (var owner in await extra(Owners).ConfigureAwait(false))
            {
                documents.Add((await owner.Service.CreateDocumentKeyAsync(owner.NewDocumentValue()).ConfigureAwait(false)).Id);
                var key = owner.Recrypt.GenerateTransformKey(owner.PrivateKey, group.PublicKey, owner.SigningKeyPair);
                await owner.Service.PutGrantAsync(owner.Id, group.Id, key).ConfigureAwait(false);
            }
            _documents = [.. clients.Select((_, i) => documents[i % Owners])];
        }

        public override Task RunOnceAsync(int worker, CancellationToken cancellationToken) =>
            _clients[worker].Service.GetDocumentKeyAsync(_documents[worker], cancellationToken);
    }

    /// <summary>
    /// <c>POST /documents/batch</c> by a grantee: one request fetches <see cref="BatchSize"/> document keys of an owner
    /// who granted the client directly (one transform each). Keys per second are requests per second times the batch size.
    /// </summary>
    public sealed class BatchFetches : Scenario
    {
        public const int BatchSize = 100;
        private IReadOnlyList<LoadClient> _clients = [];
        private string[] _documents = [];

        public override string Name => $"batch-fetches ({BatchSize} keys each)";

        public override async Task SetupAsync(IReadOnlyList<LoadClient> clients, Func<int, Task<IReadOnlyList<LoadClient>>> extra)
        {
            _clients = clients;
            var owner = (await extra(1).ConfigureAwait(false))[0];
            var documents = new List<string>();
            for (var i = 0; i < BatchSize; i++)
            {
                documents.Add((await owner.Service.CreateDocumentKeyAsync(owner.NewDocumentValue()).ConfigureAwait(false)).Id);
            }
            foreach (var client in clients)
            {
                var key = owner.Recrypt.GenerateTransformKey(owner.PrivateKey, client.PublicKey, owner.SigningKeyPair);
                await owner.Service.PutGrantAsync(owner.Id, client.Id, key).ConfigureAwait(false);
            }
            _documents = [.. documents];
        }

        public override async Task RunOnceAsync(int worker, CancellationToken cancellationToken)
        {
            var results = await _clients[worker].Service.GetDocumentKeysAsync(_documents, cancellationToken).ConfigureAwait(false);
            if (results.Any(result => result.StatusCode != 200))
            {
                throw new RecryptServiceException($"{results.Count(result => result.StatusCode != 200)} items of the batch were refused.");
            }
        }
    }
}
