using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using LiteDB;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recrypt.Client;

namespace Recrypt.Service.Tests;

/// <summary>
/// Issue 10, service section: each test failed on the service before its fix (a 500, a wrong match, a
/// write through a non-canonical id, an abort on a busy port) and passes after.
/// </summary>
public sealed class HardeningTests
{
    // --- Unauthenticated 500s ---------------------------------------------------------------------

    public static TheoryData<string> MalformedNonces => new()
    {
        "AAAAAAAAAAAAAAAAAAAAAB",       // 16 bytes whose unused bits are not zero: Base64Url threw FormatException
        "AAAAAAAAAAAAAAAAAAAAAAB",      // a valid nonce plus one character, likewise
        "AAAAAAAAAAAAAAAAAAAAAAAAA",    // 4k + 1 characters
        "AAAAAAAAAAAAAAAAAAAAAA==",     // padded
    };

    [Theory]
    [MemberData(nameof(MalformedNonces))]
    public async Task AMalformedNonceIsUnauthorizedNotAServerError(string nonce)
    {
        using var factory = new RecryptServiceFactory();
        var audience = await factory.AudienceAsync();
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();

        using var request = SignedRequests.Create(audience, alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", nonce: nonce);
        using var response = await http.SendAsync(request);

        Assert.Contains("Recrypt-Nonce", await ProblemAssert.IsUnauthorizedAsync(response), StringComparison.Ordinal);
    }

    /// <summary>Every route, with a body; the JSON ones read it, the others must refuse the header too.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, bool Signed)> EveryRoute(string aliceId, string bobId) =>
    [
        (HttpMethod.Get, "/health", false),
        (HttpMethod.Get, "/service", false),
        (HttpMethod.Post, "/identities", false),
        (HttpMethod.Post, "/identities", true),
        (HttpMethod.Get, $"/identities/{aliceId}", false),
        (HttpMethod.Put, $"/identities/{aliceId}/grants/{bobId}", true),
        (HttpMethod.Get, $"/identities/{aliceId}/grants", true),
        (HttpMethod.Delete, $"/identities/{aliceId}/grants/{bobId}", true),
        (HttpMethod.Post, "/documents", true),
        (HttpMethod.Post, "/documents", false),
        (HttpMethod.Get, $"/documents/{new string('0', 32)}", true),
        (HttpMethod.Delete, $"/documents/{new string('0', 32)}", true),
    ];

    [Theory]
    [InlineData("bogus")]
    [InlineData("utf-7")]
    [InlineData("ebcdic")]
    [InlineData("x-unknown")]
    [InlineData("")]
    [InlineData("utf-16")]
    public async Task AJsonBodyInAnotherCharsetIsUnsupportedOnEveryRoute(string charset)
    {
        using var factory = new RecryptServiceFactory();
        var audience = await factory.AudienceAsync();
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        using var http = factory.CreateClient();
        var before = DatabaseSnapshot.Take(factory);

        foreach (var (method, path, signed) in EveryRoute(alice.Id, bob.Id))
        {
            var body = path == "/identities" ? SignedRequests.JsonBody(alice.RegistrationBody) : SignedRequests.Utf8("{}");
            using var request = signed
                ? SignedRequests.Create(audience, alice, method, path, body)
                : new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
            request.Content!.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

            using var response = await http.SendAsync(request);

            var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
            Assert.Contains("UTF-8", detail, StringComparison.Ordinal);
        }
        Assert.Equal(before, DatabaseSnapshot.Take(factory));
    }

    [Theory]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")] // found by the HTTP fuzzer: the JSON reader took it for an unknown encoding (500)
    public async Task Utf8InAnySpellingIsAccepted(string contentType)
    {
        using var factory = new RecryptServiceFactory();
        var audience = await factory.AudienceAsync();
        using var alice = new TestIdentity();
        using var http = factory.CreateClient();
        using var request = SignedRequests.Create(audience, alice, HttpMethod.Post, "/identities", SignedRequests.JsonBody(alice.RegistrationBody), "application/json");
        request.Content!.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    // --- Canonical ids ----------------------------------------------------------------------------

    /// <summary>Forms of an id that LiteDB's culture collation matched to the id itself, percent-encoded as sent.</summary>
    public static IEnumerable<string> LookAlikes(string id) =>
    [
        id.ToUpperInvariant(),
        UpperCaseFirstLetter(id),
        id + "%E2%80%8B", // U+200B zero width space
        id + "%E2%80%8D", // U+200D zero width joiner
        id + "%EF%BB%BF", // U+FEFF byte order mark
        id + "%C2%AD",    // U+00AD soft hyphen
        "%E2%80%8B" + id,
        id[..16] + "%C2%AD" + id[16..],
    ];

    private static string UpperCaseFirstLetter(string id)
    {
        var letter = id.AsSpan().IndexOfAnyInRange('a', 'f');
        return letter < 0 ? "A" + id[1..] : id[..letter] + char.ToUpperInvariant(id[letter]) + id[(letter + 1)..];
    }

    [Fact]
    public async Task AnIdThatIsNotExactlyCanonicalFindsNothing()
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();

        foreach (var id in LookAlikes(alice.Id))
        {
            using var response = await http.GetAsync(new Uri($"/identities/{id}", UriKind.Relative));
            Assert.Contains("32 lowercase hex", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input"), StringComparison.Ordinal);
        }
        using var exact = await http.GetAsync(new Uri($"/identities/{alice.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
    }

    [Fact]
    public async Task AGrantToANonCanonicalIdChangesNothing()
    {
        using var factory = new RecryptServiceFactory();
        var audience = await factory.AudienceAsync();
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        await factory.RegisterAsync(bob);
        await client.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        using var http = factory.CreateClient();
        var before = DatabaseSnapshot.Take(factory);
        var body = SignedRequests.JsonBody(new { transformKey = alice.TransformKeyTo(bob).Export() });

        foreach (var (owner, grantee) in LookAlikes(bob.Id).Select(id => (alice.Id, id)).Concat(LookAlikes(alice.Id).Select(id => (id, bob.Id))))
        {
            foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete })
            {
                using var request = SignedRequests.Create(audience, alice, method, $"/identities/{owner}/grants/{grantee}", method == HttpMethod.Put ? body : null);
                using var response = await http.SendAsync(request);
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
            }
        }

        Assert.Equal(before, DatabaseSnapshot.Take(factory));
        Assert.Equal(bob.Id, Assert.Single(await client.ListGrantsAsync(alice.Id)).GranteeId);
    }

    [Fact]
    public async Task ADocumentKeyIdThatIsNotExactlyCanonicalFindsNothing()
    {
        using var factory = new RecryptServiceFactory();
        var audience = await factory.AudienceAsync();
        using var alice = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        var (plaintext, value) = alice.NewDocumentKey();
        plaintext.Dispose();
        var stored = await client.CreateDocumentKeyAsync(value);
        using var http = factory.CreateClient();
        var before = DatabaseSnapshot.Take(factory);

        foreach (var id in LookAlikes(stored.Id))
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
            {
                using var request = SignedRequests.Create(audience, alice, method, $"/documents/{id}");
                using var response = await http.SendAsync(request);
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed-input");
            }
        }

        Assert.Equal(before, DatabaseSnapshot.Take(factory));
    }

    [Fact]
    public void TheDatabaseComparesStringsOrdinally()
    {
        using var factory = new RecryptServiceFactory();
        _ = factory.Server;
        var database = factory.Services.GetRequiredService<ILiteDatabase>();
        var collection = database.GetCollection("ordinal_probe");
        collection.Insert(new BsonDocument { ["_id"] = "abc" });

        Assert.Equal(CompareOptions.Ordinal, database.Collation.SortOptions);
        Assert.Null(collection.FindById("ABC"));
        Assert.Null(collection.FindById("abc\u200B"));
        Assert.Null(collection.FindById("abc\u00AD"));
    }

    [Fact]
    public async Task ADatabaseMadeWithTheCultureCollationIsRebuiltOrdinal()
    {
        using var factory = new RecryptServiceFactory();
        Directory.CreateDirectory(factory.DataDirectory);
        using (var old = new LiteDatabase(new ConnectionString { Filename = factory.DatabasePath }))
        {
            old.GetCollection("identities").Insert(new BsonDocument { ["_id"] = "0123456789abcdef0123456789abcdef", ["Name"] = "kept" });
            Assert.NotEqual(CompareOptions.Ordinal, old.Collation.SortOptions);
        }
        using var http = factory.CreateClient();

        var database = factory.Services.GetRequiredService<ILiteDatabase>();
        Assert.Equal(CompareOptions.Ordinal, database.Collation.SortOptions);
        Assert.Equal("kept", database.GetCollection("identities").FindById("0123456789abcdef0123456789abcdef")?["Name"].AsString);
        Assert.Null(database.GetCollection("identities").FindById("0123456789ABCDEF0123456789ABCDEF"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task NoncesCompareByteForByte()
    {
        using var factory = new RecryptServiceFactory();
        var audience = await factory.AudienceAsync();
        using var alice = new TestIdentity();
        await factory.RegisterAsync(alice);
        using var http = factory.CreateClient();
        var nonce = "abcdefghijklmnopqrstuA"; // 16 bytes, canonical in both cases (the last character carries 4 unused zero bits)

        using var first = await http.SendAsync(SignedRequests.Create(audience, alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", nonce: nonce));
        using var upper = await http.SendAsync(SignedRequests.Create(audience, alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", nonce: nonce.ToUpperInvariant()));
        using var replay = await http.SendAsync(SignedRequests.Create(audience, alice, HttpMethod.Get, $"/identities/{alice.Id}/grants", nonce: nonce));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
        Assert.Contains("replay", await ProblemAssert.IsUnauthorizedAsync(replay), StringComparison.Ordinal);
    }

    // --- Encodings are not identifiers -----------------------------------------------------------

    [Fact]
    public async Task TheSameEncryptedValueStoredTwiceIsTwoDocumentKeys()
    {
        using var factory = new RecryptServiceFactory();
        using var alice = new TestIdentity();
        var client = await factory.RegisterAsync(alice);
        var (plaintext, value) = alice.NewDocumentKey();
        plaintext.Dispose();

        var first = await client.CreateDocumentKeyAsync(value);
        var second = await client.CreateDocumentKeyAsync(value);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(value.Export(), (await client.GetDocumentKeyAsync(first.Id)).EncryptedValue.Export());
        Assert.Equal(value.Export(), (await client.GetDocumentKeyAsync(second.Id)).EncryptedValue.Export());
    }

    // --- Limits -----------------------------------------------------------------------------------

    [Fact]
    public async Task AFetchOverTheHopLimitIsRefusedWithAClearProblem()
    {
        using var factory = new RecryptServiceFactory();
        using var limited = factory.WithWebHostBuilder(host => host.UseSetting("Transforms:MaxHops", "0"));
        using var alice = new TestIdentity();
        using var bob = new TestIdentity();
        var aliceClient = new RecryptServiceClient(limited.CreateDefaultClient(new RecryptRequestSigner(TestIdentity.Recrypt, alice.SigningKeyPair, new Uri("http://localhost/"))), TestIdentity.Recrypt);
        await aliceClient.RegisterIdentityAsync(alice.PublicKey, alice.SigningKeyPair, null);
        using var bobHttp = limited.CreateDefaultClient(new RecryptRequestSigner(TestIdentity.Recrypt, bob.SigningKeyPair, new Uri("http://localhost/")));
        await new RecryptServiceClient(bobHttp, TestIdentity.Recrypt).RegisterIdentityAsync(bob.PublicKey, bob.SigningKeyPair, null);
        await aliceClient.PutGrantAsync(alice.Id, bob.Id, alice.TransformKeyTo(bob));
        var (plaintext, value) = alice.NewDocumentKey();
        plaintext.Dispose();
        var stored = await aliceClient.CreateDocumentKeyAsync(value);

        await aliceClient.GetDocumentKeyAsync(stored.Id); // the owner's copy is not transformed: 0 hops
        using var response = await bobHttp.GetAsync(new Uri($"/documents/{stored.Id}", UriKind.Relative));

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "transform-hop-limit");
        Assert.Contains("Transforms:MaxHops", detail, StringComparison.Ordinal);
    }

    // --- Start-up ---------------------------------------------------------------------------------

    [Fact]
    public async Task ABusyPortIsOneLineAndANonZeroExitAndCreatesNothing()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var directory = Path.Combine(Path.GetTempPath(), "recrypt-tests", Guid.NewGuid().ToString("N"));
        var databasePath = Path.Combine(directory, "data", "recrypt.db");
        try
        {
            var assembly = typeof(HardeningTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "RecryptServiceAssembly").Value!;
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(assembly)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { assembly, "--urls", $"http://127.0.0.1:{port}", $"--Storage:DatabasePath={databasePath}" })
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            var lines = ((await output) + (await error)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(1, process.ExitCode);
            var line = Assert.Single(lines);
            Assert.StartsWith("recrypt-service: cannot listen:", line, StringComparison.Ordinal);
            Assert.Contains(port.ToString(CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.GetDirectoryName(databasePath)), "the database directory was created");
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
