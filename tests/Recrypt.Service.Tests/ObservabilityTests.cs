using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recrypt.Client;
using Recrypt.Protocol;
using Recrypt.Testing;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 15, item 5, on the real service process: <c>/metrics</c> (Prometheus) shows requests by route and
/// status, transforms, refusals by reason, rate-limit rejections and storage latency moving during a short run;
/// <c>/health/ready</c> checks storage; and one request id ties a ProblemDetails, its response header, the
/// service's log line and the audit record together.
/// </summary>
public sealed class ObservabilityTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "recrypt-observability", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task MetricsMoveDuringAShortRunReadinessChecksStorageAndOneRequestIdTiesAnswerLogAndAuditTogether()
    {
        var service = await ServiceProcess.StartAsync(Path.Combine(_directory, "recrypt.db"), ServiceProcess.FreePort(), "--RateLimits:Enabled=true", "--RateLimits:Transforms:PerIdentity=2");
        try
        {
            using var http = new HttpClient { BaseAddress = service.BaseAddress };
            using (var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(("ready", "LiteDB"), (body.GetProperty("status").GetString(), body.GetProperty("storage").GetString()));
            }
            var before = await ScrapeAsync(http);
            Assert.Equal(0, Value(before, "recrypt_transforms_total"));

            using var alice = new TestIdentity("Alice");
            using var bob = new TestIdentity("Bob");
            using var charlie = new TestIdentity("Charlie");
            var aliceClient = Client(service, alice);
            var bobClient = Client(service, bob);
            var charlieClient = Client(service, charlie);
            await aliceClient.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair);
            await bobClient.RegisterIdentityAsync(bob.PublicKey, bob.SigningKeyPair);
            await charlieClient.RegisterIdentityAsync(charlie.PublicKey, charlie.SigningKeyPair);
            await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
            var (plaintext, value) = alice.NewDocumentKey();
            plaintext.Dispose();
            var document = await aliceClient.CreateDocumentKeyAsync(value);
            _ = await bobClient.GetDocumentKeyAsync(document.Id);
            _ = await bobClient.GetDocumentKeyAsync(document.Id);
            var limited = await Assert.ThrowsAsync<RecryptServiceException>(() => bobClient.GetDocumentKeyAsync(document.Id));
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);

            // Charlie's refusal: its ProblemDetails and its header name the request; so do its log line and audit record.
            using var charlieHttp = new HttpClient(new RecryptRequestSigner(TestIdentity.Recrypt, charlie.SigningKeyPair, service.BaseAddress) { InnerHandler = new SocketsHttpHandler() })
            {
                BaseAddress = service.BaseAddress,
            };
            using var refused = await charlieHttp.GetAsync(new Uri($"/documents/{document.Id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var requestId = Assert.Single(refused.Headers.GetValues("Recrypt-Request-Id"));
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(requestId, problem.GetProperty("requestId").GetString());
            var audit = await aliceClient.GetAuditEventsAsync(alice.Id, type: AuditEventTypes.DocumentRefused);
            Assert.Equal(requestId, Assert.Single(audit).RequestId);
            Assert.Contains(await bobClient.GetAuditEventsAsync(bob.Id, type: AuditEventTypes.RateLimited), e => e.Actor == bob.Id && e.Subjects[0] == "GetDocument");

            var after = await ScrapeAsync(http);
            Assert.Equal(2, Value(after, "recrypt_transforms_total"));
            Assert.Equal(2, Value(after, "recrypt_transform_duration_seconds_count"));
            // Bob's transform key was decoded and checked for his first fetch and kept for his second.
            Assert.Equal(1, Value(after, "recrypt_transform_key_cache_lookups_total", "outcome=\"miss\""));
            Assert.Equal(1, Value(after, "recrypt_transform_key_cache_lookups_total", "outcome=\"hit\""));
            Assert.Equal(1, Value(after, "recrypt_refusals_total", "reason=\"no grant from the owner\""));
            Assert.Equal(1, Value(after, "recrypt_rate_limit_rejections_total", "kind=\"transforms\""));
            Assert.True(Value(after, "recrypt_storage_duration_seconds_count") >= 7, after);
            Assert.True(Value(after, "http_server_request_duration_seconds_count", "http_route=\"/documents/{id}\"", "http_response_status_code=\"200\"") >= 2, after);
            Assert.Equal(1, Value(after, "http_server_request_duration_seconds_count", "http_route=\"/documents/{id}\"", "http_response_status_code=\"403\""));
            // The runtime's own meter (garbage collections, JIT, thread pool) is exported beside the service's.
            Assert.True(Value(after, "dotnet_gc_heap_total_allocated_bytes_total") > 0, after);
            Assert.True(Value(after, "dotnet_jit_compiled_methods_total") > 0, after);
            Assert.True(Value(after, "dotnet_thread_pool_thread_count_total") > 0, after);
            // No id, key or path in any label: the routes are templates.
            Assert.DoesNotContain(document.Id, after, StringComparison.Ordinal);
            Assert.DoesNotContain(alice.Id, after, StringComparison.Ordinal);

            await service.StopAsync();
            var line = Assert.Single(service.Output.Split('\n'), line => line.Contains("Refused document key", StringComparison.Ordinal));
            Assert.Contains(requestId, line, StringComparison.Ordinal);
            Assert.All(
                service.Output.Split('\n').Where(line => line.Contains("Document key", StringComparison.Ordinal)),
                line => Assert.Contains("RequestId:", line, StringComparison.Ordinal));
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    /// <summary>
    /// The runtime settings measured with the load test (Recrypt.Service.csproj says why) are in the built service's
    /// runtimeconfig.json, where every way of starting it (dotnet, systemd, the load test) picks them up.
    /// </summary>
    [Fact]
    public void TheBuiltServiceTurnsOffThreadPoolSpinningAndTheGarbageCollectorsDynamicAdaptation()
    {
        var path = Path.ChangeExtension(ServiceProcess.ServiceAssembly, ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
        Assert.Equal(0, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
    }

    private static RecryptServiceClient Client(ServiceProcess service, TestIdentity identity) =>
        new(new HttpClient(new RecryptRequestSigner(TestIdentity.Recrypt, identity.SigningKeyPair, service.BaseAddress) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = service.BaseAddress,
        }, TestIdentity.Recrypt);

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels contain every one of <paramref name="labels"/> (0 when none).</summary>
    private static double Value(string scrape, string metric, params string[] labels) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line =>
            {
                // name{labels} value [timestamp]: label values may hold spaces, so read after the closing brace.
                var rest = line[(line.LastIndexOf('}') is >= 0 and var brace ? brace + 1 : metric.Length)..].Trim();
                return double.Parse(rest.Split(' ')[0], CultureInfo.InvariantCulture);
            });
}
