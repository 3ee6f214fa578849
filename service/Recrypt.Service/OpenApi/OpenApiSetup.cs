using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Recrypt.Service.Auth;

namespace Recrypt.Service.OpenApi;

internal static class OpenApiSetup
{
    private const string Description = """
        Privacy-first data sharing on proxy re-encryption (transform encryption). Identities register public
        keys made on their clients; an owner grants another identity access by uploading a transform key made
        on the owner's client; the owner stores document keys encrypted to itself; a grantee fetches a document
        key transformed to them and decrypts it locally. The service holds only public keys, encrypted document
        keys and transform keys: it cannot decrypt anything.

        Byte strings travel as base64. Every error is a ProblemDetails whose `type` is a stable
        `urn:recrypt:problem:<slug>`: malformed-input (400), unauthorized (401), forbidden (403), not-found (404),
        conflict (409), payload-too-large (413), unsupported-media-type (415), cryptographic-check-failed (422),
        transform-hop-limit (422), too-many-requests (429, with Retry-After), internal (500).
        """;

    private const string SignatureDescription = """
        Requests that act as an identity carry four headers: `Recrypt-Identity` (the identity's id: lowercase hex
        of the first 16 bytes of SHA-256 of its Ed25519 signing public key), `Recrypt-Timestamp` (Unix seconds,
        within 300 s of the service's clock), `Recrypt-Nonce` (16-64 random bytes, base64url without padding,
        accepted once per identity) and `Recrypt-Signature` (base64 Ed25519 signature over the UTF-8 string
        "recrypt-request-v1\n" + METHOD + "\n" + path-and-query as sent + "\n" + timestamp + "\n" + nonce + "\n"
        + lowercase hex SHA-256 of the body bytes). A missing, forged, expired or replayed signature is refused
        with 401 and `WWW-Authenticate: Recrypt-Ed25519`.
        """;

    public static IServiceCollection AddRecryptOpenApi(this IServiceCollection services) =>
        services.AddHttpContextAccessor().AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                document.Info.Title = ServiceDescription.Title;
                document.Info.Description = Description;
                // The one server is the address this request reached the service at, so that the samples on the
                // API page run as shown. The committed copy, made at build time without a request, names none.
                document.Servers = ServerFor(context.ApplicationServices.GetRequiredService<IHttpContextAccessor>().HttpContext);
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[RequestSignature.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = RequestSignature.SignatureHeader,
                    Description = SignatureDescription,
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<SignedRequestMetadata>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(RequestSignature.Scheme, context.Document)] = [],
                    });
                }
                return Task.CompletedTask;
            });
        });

    private static List<OpenApiServer> ServerFor(HttpContext? context)
    {
        if (context is null)
        {
            return [];
        }
        var request = context.Request;
        return [new OpenApiServer { Url = $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}" }];
    }
}
