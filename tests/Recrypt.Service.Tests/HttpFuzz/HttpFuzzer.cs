using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recrypt.Client;

namespace Recrypt.Service.Tests.HttpFuzz;

/// <summary>
/// One generated request: what kind of malformation it carries, and how to build it. It is built when
/// first sent (with a fresh timestamp and nonce when signed); <see cref="Fresh"/> builds it again.
/// </summary>
internal sealed class FuzzCase(Operation operation, string kind, string mutation, Func<RawRequest> build)
{
    private RawRequest? _request;

    public Operation Operation { get; } = operation;

    public string Kind { get; } = kind;

    public string Mutation { get; } = mutation;

    public RawRequest Request => _request ??= build();

    /// <summary>Whether the body promises more bytes than it sends, so that the client must give up.</summary>
    public bool SendsLessThanDeclared =>
        long.TryParse(Request.DeclaredLength, CultureInfo.InvariantCulture, out var declared) && declared > (Request.Body?.Length ?? 0)
        || Mutation is "unterminated chunks" or "huge chunk size";

    public FuzzCase Fresh() => new(Operation, Kind, Mutation, build);
}

/// <summary>
/// Generates malformed requests for every operation of the OpenAPI document: wrong and missing fields,
/// wrong types, huge and negative numbers, invalid base64 and UTF-8, deep nesting, oversized and lying
/// bodies, odd content types and charsets, bad and duplicated signature headers, non-canonical ids,
/// other methods, and some valid requests. <see cref="Sweep"/> lists every fixed mutation of every
/// operation once; <see cref="Random"/> draws mutations, with random bytes and lengths, without end.
/// </summary>
internal sealed class HttpFuzzer
{
    private static readonly string[] s_charsets = ["bogus", "utf-7", "ebcdic", "x-unknown", "utf-16", "latin1", "", "\"utf-8\"", "utf-8; charset=utf-16", "UTF-8"];
    private static readonly string[] s_contentTypes =
    [
        "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/problem+json", "application/json-patch+json", "*/*", "application/", "/json", ";;;=", "application/json;;",
        "application/json; charset", "application/json; q=\"unterminated", "application/jsonx", "APPLICATION/JSON", "application/json\u00e9",
    ];
    private static readonly string[] s_methods = ["PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT", "get", "FOO", "POST", "PUT", "DELETE", "GET"];

    private readonly FuzzFixtures _fixtures;
    private readonly IReadOnlyList<Operation> _operations;

    /// <summary>How many operations the service's OpenAPI document describes (every one is fuzzed).</summary>
    public int OperationCount => _operations.Count;

    public HttpFuzzer(FuzzFixtures fixtures, IReadOnlyList<Operation> operations)
    {
        _fixtures = fixtures;
        _operations = operations;
    }

    /// <summary>Every fixed mutation of every operation, once.</summary>
    public IEnumerable<FuzzCase> Sweep()
    {
        foreach (var operation in _operations)
        {
            foreach (var mutation in FixedMutations(operation))
            {
                yield return mutation;
            }
        }
    }

    /// <summary>Random mutations of random operations, reproducible from <paramref name="seed"/>.</summary>
    public IEnumerable<FuzzCase> Random(int seed)
    {
        var random = new Random(seed);
        while (true)
        {
            var operation = _operations[random.Next(_operations.Count)];
            yield return random.Next(10) switch
            {
                0 => RandomBytesInPath(operation, random),
                1 => RandomHeaders(operation, random),
                2 => RandomBody(operation, random),
                3 => RandomLength(operation, random),
                _ => Pick(FixedFor(operation), random).Fresh(),
            };
        }
    }

    private static FuzzCase Pick(List<FuzzCase> cases, Random random) => cases[random.Next(cases.Count)];

    private readonly Dictionary<Operation, List<FuzzCase>> _fixed = [];

    private List<FuzzCase> FixedFor(Operation operation) =>
        _fixed.TryGetValue(operation, out var cases) ? cases : _fixed[operation] = [.. FixedMutations(operation)];

    // --- the valid request every mutation starts from --------------------------------------------

    private TestIdentity SignerOf(Operation operation) =>
        operation is { Method: "POST", PathTemplate: "/identities" } ? _fixtures.Unregistered : _fixtures.Owner;

    private string ValidTarget(Operation operation, Func<string, string>? parameter = null)
    {
        var target = operation.PathTemplate;
        foreach (var name in operation.PathParameters)
        {
            var value = _fixtures.ValidPathValue(operation.PathTemplate, name);
            target = target.Replace("{" + name + "}", parameter is null ? value : parameter(name), StringComparison.Ordinal);
        }
        return target;
    }

    private JsonObject ValidBody(Operation operation)
    {
        var body = new JsonObject();
        foreach (var property in operation.BodyProperties)
        {
            body[property.Name] = _fixtures.ValidBodyValue(operation, property);
        }
        return body;
    }

    private FuzzCase Case(Operation operation, string kind, string mutation, Action<RawRequest>? change = null, bool? signed = null, byte[]? body = null, string? target = null, string contentType = "application/json") =>
        new(operation, kind, mutation, () =>
        {
            var request = new RawRequest
            {
                Method = operation.Method,
                Target = target ?? ValidTarget(operation),
                Body = body ?? (operation.HasBody ? JsonSerializer.SerializeToUtf8Bytes(ValidBody(operation)) : null),
            };
            if (request.Body is not null)
            {
                request.Headers.Add(("Content-Type", contentType));
            }
            // Signed routes and bodies are signed by default (a public route ignores the headers); signature mutations always are.
            if (signed ?? (operation.Signed || operation.HasBody))
            {
                Sign(request, SignerOf(operation));
            }
            change?.Invoke(request);
            return request;
        });

    /// <summary>Adds the four signature headers, over the request as it stands.</summary>
    public void Sign(RawRequest request, TestIdentity signer, string? nonce = null, long? timestamp = null, string? audience = null)
    {
        var ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        nonce ??= Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var message = Protocol.SignedRequest.Message(audience ?? _fixtures.Audience, request.Method, request.Target, ts, nonce, request.Body ?? []);
        request.Headers.RemoveAll(header => header.Name.StartsWith("Recrypt-", StringComparison.Ordinal));
        request.Headers.Add((RecryptRequestSigner.IdentityHeader, signer.Id));
        request.Headers.Add((RecryptRequestSigner.TimestampHeader, ts.ToString(CultureInfo.InvariantCulture)));
        request.Headers.Add((RecryptRequestSigner.NonceHeader, nonce));
        request.Headers.Add((RecryptRequestSigner.SignatureHeader, Convert.ToBase64String(TestIdentity.Recrypt.Ed25519Sign(signer.SigningKeyPair, message))));
    }

    private static void RenameHeader(RawRequest request, string name, string newName)
    {
        var value = request.Headers.First(header => header.Name == name).Value;
        request.Headers.RemoveAll(header => header.Name == name);
        request.Headers.Add((newName, value));
    }

    private static void SetHeader(RawRequest request, string name, string value)
    {
        request.Headers.RemoveAll(header => header.Name == name);
        request.Headers.Add((name, value));
    }

    // --- the fixed mutations ----------------------------------------------------------------------

    private IEnumerable<FuzzCase> FixedMutations(Operation operation)
    {
        yield return Case(operation, "valid", "as documented");
        foreach (var mutation in PathMutations(operation))
        {
            yield return mutation;
        }
        foreach (var method in s_methods.Where(method => method != operation.Method))
        {
            yield return Case(operation, "method", method, request => request.Method = method);
        }
        foreach (var mutation in SignatureMutations(operation))
        {
            yield return mutation;
        }
        foreach (var charset in s_charsets)
        {
            yield return Case(operation, "content-type", $"charset={charset}", contentType: $"application/json; charset={charset}", body: BodyOrEmpty(operation));
        }
        foreach (var contentType in s_contentTypes)
        {
            yield return Case(operation, "content-type", contentType, contentType: contentType, body: BodyOrEmpty(operation));
        }
        yield return Case(operation, "content-type", "two Content-Type headers", request => request.Headers.Add(("Content-Type", "text/plain")), body: BodyOrEmpty(operation));
        yield return Case(operation, "content-type", "none", request => request.Headers.RemoveAll(header => header.Name == "Content-Type"), body: BodyOrEmpty(operation));
        foreach (var mutation in FieldMutations(operation))
        {
            yield return mutation;
        }
        foreach (var (name, body) in StructureMutations())
        {
            yield return Case(operation, "body-structure", name, body: body);
        }
        foreach (var mutation in SizeMutations(operation))
        {
            yield return mutation;
        }
    }

    private byte[] BodyOrEmpty(Operation operation) =>
        operation.HasBody ? JsonSerializer.SerializeToUtf8Bytes(ValidBody(operation)) : "{}"u8.ToArray();

    private IEnumerable<FuzzCase> PathMutations(Operation operation)
    {
        foreach (var name in operation.PathParameters)
        {
            var valid = _fixtures.ValidPathValue(operation.PathTemplate, name);
            var variants = new (string Name, string Value)[]
            {
                ("upper case", valid.ToUpperInvariant()),
                ("U+200B appended", valid + "%E2%80%8B"),
                ("U+200D appended", valid + "%E2%80%8D"),
                ("U+FEFF appended", valid + "%EF%BB%BF"),
                ("U+00AD appended", valid + "%C2%AD"),
                ("U+00AD inside", valid[..4] + "%C2%AD" + valid[4..]),
                ("space appended", valid + "%20"),
                ("NUL appended", valid + "%00"),
                ("invalid UTF-8", valid + "%FF%FE"),
                ("overlong UTF-8", "%C0%AF" + valid),
                ("truncated", valid[..^1]),
                ("one more digit", valid + "0"),
                ("long", new string('a', 4096)),
                ("non-hex", new string('g', valid.Length)),
                ("unicode digits", string.Concat(Enumerable.Repeat("%D9%A1", valid.Length))),
                ("encoded slash", "%2F..%2F" + valid),
                ("dot dot", ".."),
                ("other identity", _fixtures.Grantee.Id),
                ("unknown id", new string('0', 32)),
                ("fullwidth", string.Concat(valid.Select(c => Uri.EscapeDataString(((char)(c + 0xFEE0)).ToString())))),
            };
            foreach (var (mutation, value) in variants)
            {
                yield return Case(operation, "path-id", $"{name}: {mutation}", target: ValidTarget(operation, parameter => parameter == name ? value : _fixtures.ValidPathValue(operation.PathTemplate, parameter)));
            }
        }
        yield return Case(operation, "path-id", "query string", target: ValidTarget(operation) + "?x=%FF&&=&x=1");
        yield return Case(operation, "path-id", "trailing slash", target: ValidTarget(operation) + "/");
        yield return Case(operation, "path-id", "double slash", target: "/" + ValidTarget(operation));
        yield return Case(operation, "path-id", "absolute form", target: "http://127.0.0.1" + ValidTarget(operation));
    }

    private IEnumerable<FuzzCase> SignatureMutations(Operation operation)
    {
        const string Identity = RecryptRequestSigner.IdentityHeader;
        const string Timestamp = RecryptRequestSigner.TimestampHeader;
        const string Nonce = RecryptRequestSigner.NonceHeader;
        const string Signature = RecryptRequestSigner.SignatureHeader;
        var owner = SignerOf(operation);
        var mutations = new List<(string Name, Action<RawRequest> Change)>
        {
            ("unsigned", request => request.Headers.RemoveAll(header => header.Name.StartsWith("Recrypt-", StringComparison.Ordinal))),
            ("signed by another identity", request => Sign(request, _fixtures.Grantee)),
            ("signed by an unknown key", request => Sign(request, _fixtures.Stranger)),
            ("signed for another service", request => Sign(request, owner, audience: new string('0', _fixtures.Audience.Length))),
            ("identity header of another", request => SetHeader(request, Identity, _fixtures.Grantee.Id)),
            ("identity in upper case", request => SetHeader(request, Identity, owner.Id.ToUpperInvariant())),
            ("identity with U+00AD", request => SetHeader(request, Identity, owner.Id + "\u00AD")),
            ("signature over another path", request => { var target = request.Target; request.Target = "/health"; Sign(request, owner); request.Target = target; }),
            ("signature over another body", request => { var body = request.Body; request.Body = [.. body ?? [], (byte)' ']; Sign(request, owner); request.Body = body; }),
            ("stale timestamp", request => Sign(request, owner, timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600)),
            ("future timestamp", request => Sign(request, owner, timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600)),
            ("timestamp 0", request => Sign(request, owner, timestamp: 0)),
            ("timestamp long.MaxValue", request => Sign(request, owner, timestamp: long.MaxValue)),
            ("timestamp negative", request => SetHeader(request, Timestamp, "-1")),
            ("timestamp 2^64", request => SetHeader(request, Timestamp, "18446744073709551616")),
            ("timestamp with a plus", request => SetHeader(request, Timestamp, "+" + DateTimeOffset.UtcNow.ToUnixTimeSeconds())),
            ("timestamp fractional", request => SetHeader(request, Timestamp, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ".5")),
            ("timestamp Arabic-Indic digits", request => SetHeader(request, Timestamp, "\u0661\u0662")),
            ("nonce 4k+1 characters", request => Sign(request, owner, nonce: "AAAAAAAAAAAAAAAAAAAAAAAAA")),
            ("nonce with unused bits set", request => Sign(request, owner, nonce: "AAAAAAAAAAAAAAAAAAAAAB")),
            ("nonce plus one character", request => Sign(request, owner, nonce: Base64Url.EncodeToString(new byte[16]) + "B")),
            ("nonce padded", request => Sign(request, owner, nonce: "AAAAAAAAAAAAAAAAAAAAAA==")),
            ("nonce standard base64", request => Sign(request, owner, nonce: "+/+/+/+/+/+/+/+/+/+/+w")),
            ("nonce too short", request => Sign(request, owner, nonce: "AAAA")),
            ("nonce too long", request => Sign(request, owner, nonce: new string('A', 90))),
            ("nonce with a space", request => Sign(request, owner, nonce: "AAAAAAAAAAA AAAAAAAAAA")),
            ("nonce in upper case", request => Sign(request, owner, nonce: "ABCDEFGHIJKLMNOPQRSTUA")),
            ("signature not base64", request => SetHeader(request, Signature, "!!!!")),
            ("signature 63 bytes", request => SetHeader(request, Signature, Convert.ToBase64String(new byte[63]))),
            ("signature 65 bytes", request => SetHeader(request, Signature, Convert.ToBase64String(new byte[65]))),
            ("signature of zeros", request => SetHeader(request, Signature, Convert.ToBase64String(new byte[64]))),
            ("signature base64url", request => SetHeader(request, Signature, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64)))),
            ("non-ASCII header value", request => SetHeader(request, Identity, "\u00e9\u00e9")),
            ("empty header", request => SetHeader(request, Nonce, "")),
            ("header with spaces", request => SetHeader(request, Identity, " " + owner.Id + " ")),
        };
        foreach (var header in new[] { Identity, Timestamp, Nonce, Signature })
        {
            mutations.Add(($"missing {header}", request => request.Headers.RemoveAll(h => h.Name == header)));
            mutations.Add(($"duplicated {header}", request => request.Headers.Add(request.Headers.First(h => h.Name == header))));
            mutations.Add(($"two different {header}", request => request.Headers.Add((header, "x"))));
            mutations.Add(($"{header} in lower case", request => RenameHeader(request, header, header.ToLowerInvariant())));
        }
        mutations.Add(("replayed nonce", request => Sign(request, owner, nonce: _fixtures.SpentNonce)));
        foreach (var (name, change) in mutations)
        {
            yield return Case(operation, "signature", name, change, signed: true);
        }
    }

    private IEnumerable<FuzzCase> FieldMutations(Operation operation)
    {
        if (operation.BodyProperties.Count == 0)
        {
            yield break;
        }
        foreach (var property in operation.BodyProperties)
        {
            var valid = ValidBody(operation)[property.Name];
            var encoded = valid is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            var values = new List<(string Name, JsonNode? Value, bool Remove)>
            {
                ("missing", null, true),
                ("null", null, false),
                ("number", JsonValue.Create(1), false),
                ("negative number", JsonValue.Create(-1), false),
                ("huge number", JsonNode.Parse("1e400"), false),
                ("2^64", JsonNode.Parse("18446744073709551616"), false),
                ("true", JsonValue.Create(true), false),
                ("array of numbers", JsonNode.Parse("[1,2,3,-1,256]"), false),
                ("object", JsonNode.Parse("{\"a\":1}"), false),
                ("empty string", JsonValue.Create(""), false),
                ("invalid base64", JsonValue.Create("!!not base64!!"), false),
                ("base64url", JsonValue.Create("-_-_"), false),
                ("base64 of 1 byte", JsonValue.Create("AA=="), false),
                ("base64 of random 64 bytes", JsonValue.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))), false),
                ("base64 of random 738 bytes", JsonValue.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(738))), false),
                ("base64 of 900 KB", JsonValue.Create(Convert.ToBase64String(new byte[600_000])), false),
                ("unpaired surrogate", JsonValue.Create("\ud800"), false),
                ("long string", JsonValue.Create(new string('x', 10_000)), false),
                ("other field's value", ValidBody(operation).FirstOrDefault(other => other.Key != property.Name).Value?.DeepClone(), false),
            };
            if (encoded is not null && Convert.TryFromBase64String(encoded, new byte[encoded.Length], out var length))
            {
                var bytes = Convert.FromBase64String(encoded);
                values.Add(("truncated encoding", JsonValue.Create(Convert.ToBase64String(bytes[..^1])), false));
                values.Add(("encoding plus a byte", JsonValue.Create(Convert.ToBase64String([.. bytes, 0])), false));
                foreach (var at in new[] { 0, 1, bytes.Length / 2, bytes.Length - 1 })
                {
                    var flipped = (byte[])bytes.Clone();
                    flipped[at] ^= 0x01;
                    values.Add(($"byte {at} flipped", JsonValue.Create(Convert.ToBase64String(flipped)), false));
                }
                values.Add(("first byte 0xff", JsonValue.Create(Convert.ToBase64String([0xff, .. bytes[1..]])), false));
                _ = length;
            }
            foreach (var (name, replacement, remove) in values)
            {
                var body = ValidBody(operation);
                if (remove)
                {
                    body.Remove(property.Name);
                }
                else
                {
                    body[property.Name] = replacement;
                }
                yield return Case(operation, "body-field", $"{property.Name}: {name}", body: JsonSerializer.SerializeToUtf8Bytes(body));
            }
        }
        var withExtra = ValidBody(operation);
        withExtra["unexpected"] = 1;
        yield return Case(operation, "body-field", "unknown field", body: JsonSerializer.SerializeToUtf8Bytes(withExtra));
        var first = operation.BodyProperties[0].Name;
        var duplicated = JsonSerializer.Serialize(ValidBody(operation))[..^1] + $",\"{first}\":\"AAAA\"}}";
        yield return Case(operation, "body-field", "duplicated field", body: Encoding.UTF8.GetBytes(duplicated));
        yield return Case(operation, "body-field", "field name in another case", body: Encoding.UTF8.GetBytes(JsonSerializer.Serialize(ValidBody(operation)).Replace($"\"{first}\"", $"\"{first.ToUpperInvariant()}\"", StringComparison.Ordinal)));
    }

    private static IEnumerable<(string Name, byte[] Body)> StructureMutations()
    {
        yield return ("empty", []);
        yield return ("not JSON", "hello"u8.ToArray());
        yield return ("unterminated object", "{"u8.ToArray());
        yield return ("null", "null"u8.ToArray());
        yield return ("array", "[]"u8.ToArray());
        yield return ("string", "\"x\""u8.ToArray());
        yield return ("number", "1e999"u8.ToArray());
        yield return ("whitespace", "  \r\n\t "u8.ToArray());
        yield return ("NUL bytes", new byte[64]);
        yield return ("invalid UTF-8", [(byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        yield return ("overlong UTF-8", [(byte)'{', (byte)'"', 0xc0, 0xaf, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        yield return ("UTF-8 BOM", [0xef, 0xbb, 0xbf, (byte)'{', (byte)'}']);
        yield return ("UTF-16", Encoding.Unicode.GetBytes("{}"));
        yield return ("deep arrays", Encoding.ASCII.GetBytes(new string('[', 100_000)));
        yield return ("deep objects", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 20_000))));
        yield return ("trailing garbage", "{} {}"u8.ToArray());
        yield return ("comment", "/* c */ {}"u8.ToArray());
        yield return ("trailing comma", "{\"a\":1,}"u8.ToArray());
        yield return ("many keys", Encoding.ASCII.GetBytes("{" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"\"k{i}\":{i}")) + "}"));
    }

    private IEnumerable<FuzzCase> SizeMutations(Operation operation)
    {
        var body = BodyOrEmpty(operation);
        var over = new byte[(1024 * 1024) + 1];
        Array.Fill(over, (byte)' ');
        yield return Case(operation, "body-size", "1 MiB + 1", body: over);
        yield return Case(operation, "body-size", "1 MiB + 1, chunked", request => request.Chunked = true, body: over);
        yield return Case(operation, "body-size", "declares more than it sends", request => request.DeclaredLength = (body.Length + 1000).ToString(CultureInfo.InvariantCulture), body: body);
        yield return Case(operation, "body-size", "declares 1 MiB, sends 16 bytes", request => request.DeclaredLength = (1024 * 1024).ToString(CultureInfo.InvariantCulture), body: body[..Math.Min(16, body.Length)]);
        yield return Case(operation, "body-size", "declares less than it sends", request => request.DeclaredLength = Math.Max(0, body.Length - 5).ToString(CultureInfo.InvariantCulture), body: body);
        yield return Case(operation, "body-size", "declares 2^63", request => request.DeclaredLength = "9223372036854775808", body: body);
        yield return Case(operation, "body-size", "negative Content-Length", request => request.DeclaredLength = "-1", body: body);
        yield return Case(operation, "body-size", "Content-Length not a number", request => request.DeclaredLength = "ten", body: body);
        yield return Case(operation, "body-size", "two Content-Lengths", request => request.Headers.Add(("Content-Length", "1")), body: body);
        yield return Case(operation, "body-size", "Content-Length and chunked", request => { request.Chunked = true; request.Headers.Add(("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))); }, body: body);
        yield return Case(operation, "body-size", "chunked", request => request.Chunked = true, body: body);
        yield return Case(operation, "body-size", "bad chunk size", request => { request.Chunked = true; request.RawChunkedBody = "zz\r\nabc\r\n0\r\n\r\n"u8.ToArray(); }, body: body);
        yield return Case(operation, "body-size", "chunk longer than declared", request => { request.Chunked = true; request.RawChunkedBody = [.. "2\r\n"u8, .. body, .. "\r\n0\r\n\r\n"u8]; }, body: body);
        yield return Case(operation, "body-size", "unterminated chunks", request => { request.Chunked = true; request.RawChunkedBody = [.. Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), .. body]; }, body: body);
        yield return Case(operation, "body-size", "huge chunk size", request => { request.Chunked = true; request.RawChunkedBody = "ffffffffffffffff\r\nab"u8.ToArray(); }, body: body);
    }

    // --- random mutations -------------------------------------------------------------------------

    private FuzzCase RandomBytesInPath(Operation operation, Random random)
    {
        var junk = RandomPercentEncoded(random, random.Next(0, 80));
        return operation.PathParameters.Count == 0
            ? Case(operation, "path-id", "random path", target: operation.PathTemplate + "/" + junk)
            : Case(operation, "path-id", "random id", target: ValidTarget(operation, name => name == operation.PathParameters[random.Next(operation.PathParameters.Count)] ? junk : _fixtures.ValidPathValue(operation.PathTemplate, name)));
    }

    private FuzzCase RandomHeaders(Operation operation, Random random)
    {
        string[] names = [RecryptRequestSigner.IdentityHeader, RecryptRequestSigner.TimestampHeader, RecryptRequestSigner.NonceHeader, RecryptRequestSigner.SignatureHeader, "Content-Type"];
        var name = names[random.Next(names.Length)];
        var value = RandomHeaderValue(random);
        return Case(operation, "signature", $"random {name}", request =>
        {
            if (random.Next(2) == 0)
            {
                request.Headers.RemoveAll(header => header.Name == name);
            }
            request.Headers.Add((name, value));
        }, body: operation.HasBody ? null : (random.Next(3) == 0 ? "{}"u8.ToArray() : null));
    }

    private FuzzCase RandomBody(Operation operation, Random random)
    {
        if (operation.BodyProperties.Count > 0 && random.Next(2) == 0)
        {
            var body = ValidBody(operation);
            var property = operation.BodyProperties[random.Next(operation.BodyProperties.Count)].Name;
            var bytes = new byte[random.Next(0, 2048)];
            random.NextBytes(bytes);
            body[property] = random.Next(3) switch
            {
                0 => JsonValue.Create(Convert.ToBase64String(bytes)),
                1 => JsonValue.Create(Encoding.Latin1.GetString(bytes)),
                _ => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-300, 300)) * (random.Next(2) == 0 ? -1 : 1)),
            };
            return Case(operation, "body-field", $"random {property}", body: JsonSerializer.SerializeToUtf8Bytes(body));
        }
        var raw = new byte[random.Next(0, 4096)];
        random.NextBytes(raw);
        if (random.Next(2) == 0)
        {
            // Random bytes inside a JSON-looking body, to get past the first character.
            raw = [.. "{\""u8, .. raw, .. "\":1}"u8];
        }
        return Case(operation, "body-structure", "random bytes", body: raw);
    }

    private FuzzCase RandomLength(Operation operation, Random random)
    {
        var body = BodyOrEmpty(operation);
        var declared = random.Next(4) switch
        {
            0 => random.NextInt64(0, long.MaxValue).ToString(CultureInfo.InvariantCulture),
            1 => random.Next(0, body.Length + 64).ToString(CultureInfo.InvariantCulture),
            2 => (-random.Next(1, 1000)).ToString(CultureInfo.InvariantCulture),
            _ => RandomHeaderValue(random),
        };
        return Case(operation, "body-size", "random Content-Length", request => request.DeclaredLength = declared, body: body);
    }

    private static string RandomPercentEncoded(Random random, int length)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var value = random.Next(256);
            builder.Append(value is >= 'a' and <= 'z' or >= '0' and <= '9' ? ((char)value).ToString() : $"%{value:X2}");
        }
        return builder.ToString();
    }

    private static string RandomHeaderValue(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 120);
        for (var i = 0; i < length; i++)
        {
            // Printable ASCII mostly, some Latin-1 and some non-Latin characters (sent as UTF-8).
            builder.Append(random.Next(10) switch
            {
                0 => (char)random.Next(0x80, 0x100),
                1 => (char)random.Next(0x100, 0x3000),
                _ => (char)random.Next(0x21, 0x7f),
            });
        }
        return builder.ToString();
    }
}
