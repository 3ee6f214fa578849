using System.Collections.Concurrent;
using System.Net;
using Recrypt.Client;

namespace Recrypt.LoadTest;

/// <summary>
/// Every write route at once, with a model of what the service acknowledged: N signed clients, each
/// storing document keys (most requests), granting and revoking, deleting its document keys, registering
/// new identities, and sending writes the service must refuse (a value signed by someone else: 422; a grant
/// to an identity that does not exist: 404). Each client's own data is written by that client alone, one
/// request at a time, so the model is exact; the one request a client had in flight when the service died
/// is the only thing whose outcome is unknown (<see cref="Worker.Pending"/>), and <see cref="ReconcileAsync"/>
/// settles it from what the service holds after a restart.
/// </summary>
/// <remarks>
/// Used by the stress and crash tests, and by <c>build.ps1 stress</c> / <c>crashtest</c> through them. Given
/// several instances of the service over one database, client <c>i</c> talks to instance <c>i mod N</c> (workers
/// and grantees alike), so owners, their neighbours and their grantees are on different instances.
/// </remarks>
public sealed class Workload : IDisposable
{
    private const int ValuesPerWorker = 4;
    private const int GranteesPerWorker = 4;

    private readonly TransformEncryption _recrypt;
    private readonly SocketsHttpHandler _transport = LoadClient.CreateTransport();
    private readonly List<LoadClient> _grantees = [];
    private readonly ConcurrentQueue<string> _failures = new();
    private long _documentsStored;

    private Workload(TransformEncryption recrypt, IReadOnlyList<Uri> services)
    {
        _recrypt = recrypt;
        Services = services;
    }

    /// <summary>The service (the first instance, when there are several).</summary>
    public Uri Service => Services[0];

    /// <summary>The instances of the service, all over one database.</summary>
    public IReadOnlyList<Uri> Services { get; }

    /// <summary>The instance client <paramref name="index"/> talks to.</summary>
    public Uri ServiceFor(int index) => Services[index % Services.Count];

    public IReadOnlyList<Worker> Workers { get; private set; } = [];

    /// <summary>Document keys acknowledged so far, by every worker together (deleted ones included).</summary>
    public long DocumentsStored => Interlocked.Read(ref _documentsStored);

    /// <summary>Unexpected answers: any 5xx, a refusal of a valid write, an acceptance of an invalid one, a broken connection.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Registers <paramref name="workers"/> clients and a pool of grantees, and prepares their values and transform keys.</summary>
    public static Task<Workload> CreateAsync(TransformEncryption recrypt, Uri service, int workers) =>
        CreateAsync(recrypt, [service], workers);

    /// <summary>As <see cref="CreateAsync(TransformEncryption, Uri, int)"/>, client <c>i</c> on instance <c>i mod N</c> of <paramref name="services"/>.</summary>
    public static async Task<Workload> CreateAsync(TransformEncryption recrypt, IReadOnlyList<Uri> services, int workers)
    {
        var workload = new Workload(recrypt, services);
        var grantees = Enumerable.Range(0, Math.Max(GranteesPerWorker, 8))
            .Select(i => LoadClient.Create(recrypt, workload._transport, workload.ServiceFor(i), $"grantee-{i}")).ToList();
        workload._grantees.AddRange(grantees);
        foreach (var grantee in grantees)
        {
            await grantee.RegisterAsync().ConfigureAwait(false);
        }
        var list = new List<Worker>();
        for (var i = 0; i < workers; i++)
        {
            var client = LoadClient.Create(recrypt, workload._transport, workload.ServiceFor(i), $"worker-{i}");
            await client.RegisterAsync().ConfigureAwait(false);
            list.Add(new Worker(workload, i, client));
        }
        foreach (var worker in list)
        {
            worker.Prepare(list[(worker.Index + 1) % list.Count].Client);
        }
        workload.Workers = list;
        return workload;
    }

    /// <summary>
    /// Runs every worker until <paramref name="documents"/> document keys are acknowledged in total, or
    /// until <paramref name="stop"/> fires: then no new request is sent, and a request in flight that fails
    /// (the service was killed) stays pending.
    /// </summary>
    public async Task RunAsync(long documents, CancellationToken stop)
    {
        var target = DocumentsStored + documents;
        await Task.WhenAll(Workers.Select(worker => Task.Run(() => worker.RunAsync(target, stop), CancellationToken.None)))
            .ConfigureAwait(false);
    }

    /// <summary>
    /// After a crash and restart: settles each worker's pending request from what the service now holds.
    /// <paramref name="storedDocumentIds"/> are the ids of the document keys in the database, by owner.
    /// </summary>
    public async Task ReconcileAsync(IReadOnlyDictionary<string, HashSet<string>> storedDocumentIds)
    {
        foreach (var worker in Workers)
        {
            await worker.ReconcileAsync(storedDocumentIds.GetValueOrDefault(worker.Client.Id) ?? []).ConfigureAwait(false);
        }
    }

    /// <summary>The document keys the service must hold, by id, with their owner.</summary>
    public IReadOnlyDictionary<string, string> ExpectedDocuments() =>
        Workers.SelectMany(worker => worker.Documents.Keys.Select(id => (id, worker.Client.Id))).ToDictionary(pair => pair.id, pair => pair.Item2);

    /// <summary>
    /// Reads everything back through the API: each live document key (byte for byte, as its owner), each
    /// deleted one (404), each worker's grants (exactly the model's), each registered identity, a grantee
    /// fetch per live grant. Returns what does not match.
    /// </summary>
    public async Task<IReadOnlyList<string>> VerifyAsync()
    {
        var problems = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Workers, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (worker, _) => await worker.VerifyAsync(problems).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. problems];
    }

    public void Dispose()
    {
        foreach (var worker in Workers)
        {
            worker.Dispose();
        }
        foreach (var grantee in _grantees)
        {
            grantee.Dispose();
        }
        _transport.Dispose();
    }

    internal void Fail(string failure) => _failures.Enqueue(failure);

    /// <summary>The kinds of request a worker sends.</summary>
    public enum Operation
    {
        Upload,
        Grant,
        Revoke,
        Delete,
        Register,
        RefusedUpload,
        RefusedGrant,
    }

    /// <summary>One simulated client and the model of what the service acknowledged to it.</summary>
    public sealed class Worker : IDisposable
    {
        private readonly Workload _workload;
        private readonly Random _random;
        private readonly List<string> _deleted = [];
        private readonly List<LoadClient> _registered = [];
        private readonly LoadClient _client;
        private EncryptedValue[] _values = [];
        private byte[][] _exported = [];
        private EncryptedValue? _foreignValue;
        private (LoadClient Grantee, TransformKey Key)[] _grantTargets = [];
        private long _sent;
        private LoadClient? _pendingIdentity;

        internal Worker(Workload workload, int index, LoadClient client)
        {
            _workload = workload;
            Index = index;
            _client = client;
            _random = new Random(index * 7919 + 17);
        }

        public int Index { get; }

        public LoadClient Client => _client;

        /// <summary>The live document keys acknowledged to this client, with the index of the value stored.</summary>
        public Dictionary<string, int> Documents { get; } = [];

        /// <summary>The grantees this client's live grants go to.</summary>
        public HashSet<string> Grants { get; } = [];

        /// <summary>The request in flight when the run stopped, if any: its kind and what it was about.</summary>
        public (Operation Kind, string Key)? Pending { get; private set; }

        public long Acknowledged { get; private set; }

        internal void Prepare(LoadClient neighbour)
        {
            _values = [.. Enumerable.Range(0, ValuesPerWorker).Select(_ => _client.NewDocumentValue())];
            _exported = [.. _values.Select(value => value.Export())];
            _foreignValue = neighbour.NewDocumentValue();
            _grantTargets = [.. Enumerable.Range(0, GranteesPerWorker)
                .Select(i => _workload._grantees[(Index + i) % _workload._grantees.Count])
                .Select(grantee => (grantee, _client.Recrypt.GenerateTransformKey(_client.PrivateKey, grantee.PublicKey, _client.SigningKeyPair)))];
        }

        internal async Task RunAsync(long target, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested && _workload.DocumentsStored < target)
            {
                var operation = Choose();
                try
                {
                    // Requests are never cancelled from here: a stop means the service is about to be killed,
                    // and what is in flight then is what the kill interrupts.
                    await SendAsync(operation, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception) when (exception is RecryptServiceException or HttpRequestException or TaskCanceledException)
                {
                    // A request whose outcome is unknown stays pending: the run is over for this worker.
                    _workload.Fail($"worker {Index}: {operation}: {Describe(exception)}");
                    return;
                }
            }
        }

        private Operation Choose()
        {
            var roll = _random.Next(100);
            return roll switch
            {
                < 70 => Operation.Upload,
                < 78 => Operation.Grant,
                < 83 => Grants.Count > 0 ? Operation.Revoke : Operation.Grant,
                < 90 => Documents.Count > 0 ? Operation.Delete : Operation.Upload,
                < 93 => Operation.Register,
                < 97 => Operation.RefusedUpload,
                _ => Operation.RefusedGrant,
            };
        }

        private async Task SendAsync(Operation operation, CancellationToken cancellationToken)
        {
            var service = _client.Service;
            switch (operation)
            {
                case Operation.Upload:
                    {
                        var index = (int)(_sent++ % ValuesPerWorker);
                        Pending = (operation, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        var created = await service.CreateDocumentKeyAsync(_values[index], cancellationToken: cancellationToken).ConfigureAwait(false);
                        Documents[created.Id] = index;
                        Interlocked.Increment(ref _workload._documentsStored);
                        break;
                    }
                case Operation.Grant:
                    {
                        var (grantee, key) = _grantTargets[_random.Next(_grantTargets.Length)];
                        Pending = (operation, grantee.Id);
                        await service.PutGrantAsync(_client.Id, grantee.Id, key, cancellationToken: cancellationToken).ConfigureAwait(false);
                        Grants.Add(grantee.Id);
                        break;
                    }
                case Operation.Revoke:
                    {
                        var granteeId = Grants.ElementAt(_random.Next(Grants.Count));
                        Pending = (operation, granteeId);
                        await service.RevokeGrantAsync(_client.Id, granteeId, cancellationToken).ConfigureAwait(false);
                        Grants.Remove(granteeId);
                        break;
                    }
                case Operation.Delete:
                    {
                        var id = Documents.Keys.ElementAt(_random.Next(Documents.Count));
                        Pending = (operation, id);
                        await service.DeleteDocumentKeyAsync(id, cancellationToken).ConfigureAwait(false);
                        Documents.Remove(id);
                        _deleted.Add(id);
                        break;
                    }
                case Operation.Register:
                    {
                        var identity = LoadClient.Create(_client.Recrypt, _workload._transport, _workload.ServiceFor(Index + 1), $"w{Index}-{_registered.Count}");
                        Pending = (operation, identity.Id);
                        try
                        {
                            await identity.RegisterAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch
                        {
                            _pendingIdentity = identity;
                            throw;
                        }
                        _registered.Add(identity);
                        break;
                    }
                case Operation.RefusedUpload:
                    Pending = (operation, "");
                    await ExpectRefusalAsync(HttpStatusCode.UnprocessableEntity, operation,
                        () => service.CreateDocumentKeyAsync(_foreignValue!, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    break;
                case Operation.RefusedGrant:
                    {
                        var missing = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
                        Pending = (operation, missing);
                        await ExpectRefusalAsync(HttpStatusCode.NotFound, operation,
                            () => service.PutGrantAsync(_client.Id, missing, _grantTargets[0].Key, cancellationToken: cancellationToken)).ConfigureAwait(false);
                        break;
                    }
            }
            Pending = null;
            Acknowledged++;
        }

        private async Task ExpectRefusalAsync(HttpStatusCode expected, Operation operation, Func<Task> send)
        {
            try
            {
                await send().ConfigureAwait(false);
                _workload.Fail($"worker {Index}: {operation} was accepted; it must be refused with {(int)expected}");
            }
            catch (RecryptServiceException exception) when (exception.StatusCode == expected)
            {
                // Refused, as it must be.
            }
        }

        internal async Task ReconcileAsync(HashSet<string> stored)
        {
            if (Pending is not { } pending)
            {
                return;
            }
            var service = _client.Service;
            switch (pending.Kind)
            {
                case Operation.Upload:
                    // At most one document key of this owner may be in the database unacknowledged: adopt it.
                    var unknown = stored.Where(id => !Documents.ContainsKey(id)).ToList();
                    if (unknown.Count > 1)
                    {
                        _workload.Fail($"worker {Index}: {unknown.Count} unacknowledged document keys stored for one request in flight");
                    }
                    foreach (var id in unknown)
                    {
                        Documents[id] = int.Parse(pending.Key, System.Globalization.CultureInfo.InvariantCulture);
                    }
                    break;
                case Operation.Delete:
                    if (!stored.Contains(pending.Key))
                    {
                        Documents.Remove(pending.Key);
                        _deleted.Add(pending.Key);
                    }
                    break;
                case Operation.Grant or Operation.Revoke:
                    var grants = await service.ListGrantsAsync(_client.Id).ConfigureAwait(false);
                    if (grants.Any(grant => grant.GranteeId == pending.Key))
                    {
                        Grants.Add(pending.Key);
                    }
                    else
                    {
                        Grants.Remove(pending.Key);
                    }
                    break;
                case Operation.Register when _pendingIdentity is not null:
                    try
                    {
                        await service.GetIdentityAsync(_pendingIdentity.Id).ConfigureAwait(false);
                        _registered.Add(_pendingIdentity);
                    }
                    catch (RecryptServiceException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
                    {
                        _pendingIdentity.Dispose();
                    }
                    _pendingIdentity = null;
                    break;
                default:
                    break;
            }
            Pending = null;
        }

        internal async Task VerifyAsync(ConcurrentQueue<string> problems)
        {
            var service = _client.Service;
            try
            {
                foreach (var (id, index) in Documents)
                {
                    var key = await service.GetDocumentKeyAsync(id).ConfigureAwait(false);
                    if (!key.EncryptedValue.Export().AsSpan().SequenceEqual(_exported[index]))
                    {
                        problems.Enqueue($"worker {Index}: document key {id} reads back different bytes");
                    }
                }
                foreach (var id in _deleted.TakeLast(20))
                {
                    try
                    {
                        await service.GetDocumentKeyAsync(id).ConfigureAwait(false);
                        problems.Enqueue($"worker {Index}: deleted document key {id} is still there");
                    }
                    catch (RecryptServiceException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
                    {
                        // Deleted, as acknowledged.
                    }
                }
                var grants = (await service.ListGrantsAsync(_client.Id).ConfigureAwait(false)).Select(grant => grant.GranteeId).ToHashSet();
                if (!grants.SetEquals(Grants))
                {
                    problems.Enqueue($"worker {Index}: the service lists grants to [{string.Join(", ", grants.Order())}], acknowledged [{string.Join(", ", Grants.Order())}]");
                }
                if (Documents.Count > 0 && Grants.Count > 0)
                {
                    // A grantee fetch opens the sealed transform key and transforms with it.
                    var grantee = _workload._grantees.First(candidate => Grants.Contains(candidate.Id));
                    var (id, _) = Documents.First();
                    var transformed = await grantee.Service.GetDocumentKeyAsync(id).ConfigureAwait(false);
                    using var plaintext = grantee.Recrypt.Decrypt(transformed.EncryptedValue, grantee.PrivateKey);
                }
                foreach (var identity in _registered)
                {
                    _ = await service.GetIdentityAsync(identity.Id).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is RecryptServiceException or HttpRequestException or RecryptException)
            {
                problems.Enqueue($"worker {Index}: {Describe(exception)}");
            }
        }

        public void Dispose()
        {
            _client.Dispose();
            foreach (var identity in _registered)
            {
                identity.Dispose();
            }
            _pendingIdentity?.Dispose();
        }

        private static string Describe(Exception exception) => exception is RecryptServiceException service && service.StatusCode != 0
            ? $"{(int)service.StatusCode} {service.ProblemType} {service.Detail}"
            : $"{exception.GetType().Name}: {exception.Message}";
    }
}
