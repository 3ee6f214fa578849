using System.Globalization;
using System.Net;
using System.Text;
using Recrypt.Service.OpenApi;

namespace Recrypt.Service.Landing;

/// <summary>
/// The page at <c>/</c>: what this service is, its version, curve and health, how requests are signed, where
/// the API page, the OpenAPI document and the docs are, and how to get the CLI. Server-rendered HTML with
/// no external resource (its Content-Security-Policy allows none); every value is HTML-escaped.
/// </summary>
internal static class LandingPage
{
    public const string Path = "/";

    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapLandingPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Render).ExcludeFromDescription();
        endpoints.MapServedDocs();
        return endpoints;
    }

    private static IResult Render(HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var request = context.Request;
        var address = $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";
        var curve = context.RequestServices.GetRequiredService<Scheme.SchemeCurve>().Curve;
        return Results.Content(Html(address, request.PathBase.ToUriComponent(), curve), "text/html; charset=utf-8");
    }

    /// <summary>The page for a service reached at <paramref name="address"/> (scheme, host and path base).</summary>
    public static string Html(string address, string pathBase, RecryptCurve curve)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        string Link(string path) => E(pathBase + path);
        var abi = RecryptLibrary.AbiVersion.ToString(CultureInfo.InvariantCulture);

        var docs = new StringBuilder();
        foreach (var doc in ServedDocs.All)
        {
            docs.Append(CultureInfo.InvariantCulture, $"""
                      <li><a href="{Link(ServedDocs.PathOf(doc))}">{E(doc.FileName)}</a>: {E(doc.Description)}</li>

                """);
        }

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{E(ServiceDescription.Title)}}</title>
              <link rel="icon" href="data:,">
              <style>
                body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1c2430; }
                h1 { margin-bottom: 0.2rem; }
                .lead { color: #475467; margin-top: 0; }
                dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
                dt { font-weight: 600; }
                dd { margin: 0; }
                code, pre { font-family: ui-monospace, monospace; background: #f2f4f7; border-radius: 4px; }
                code { padding: 0 0.2rem; }
                pre { padding: 0.8rem; overflow-x: auto; }
                .ok { color: #067647; font-weight: 600; }
                a { color: #1d4ed8; }
              </style>
            </head>
            <body>
              <header>
                <h1>{{E(ServiceDescription.Title)}}</h1>
                <p class="lead">{{E(ServiceDescription.Summary)}}</p>
              </header>
              <main>
                <section>
                  <h2>This service</h2>
                  <dl>
                    <dt>Address</dt><dd><code id="address">{{E(address)}}</code></dd>
                    <dt>Version</dt><dd id="version">{{E(ServiceDescription.Version)}}</dd>
                    <dt>Curve</dt><dd id="curve">{{E(ServiceDescription.CurveOf(curve))}}</dd>
                    <dt>Native library</dt><dd>{{E(RecryptLibrary.Version)}}, C ABI version {{E(abi)}}</dd>
                    <dt>Health</dt><dd id="health"><span class="ok">ok</span> (<a href="{{Link("/health")}}">/health</a>)</dd>
                    <dt>Signing</dt><dd id="signing">{{E(ServiceDescription.SigningScheme)}}</dd>
                  </dl>
                </section>
                <section>
                  <h2>API</h2>
                  <ul>
                    <li><a href="{{Link(ApiReferencePage.Path)}}">API reference</a>: every route, with samples to run.</li>
                    <li><a href="{{Link("/openapi/v1.json")}}">OpenAPI document</a> (<code>/openapi/v1.json</code>).</li>
                    <li><a href="{{Link("/service")}}">/service</a>: the key with which this service signs what it transforms.</li>
                  </ul>
                </section>
                <section>
                  <h2>Docs</h2>
                  <ul>
            {{docs}}      </ul>
                </section>
                <section>
                  <h2>The command-line client</h2>
                  <p><code>recrypt</code> makes and keeps your keys on your machine and encrypts files locally. From a clone
                  of the repository (with the .NET 10 SDK), build it, install it and point it at this service:</p>
                  <pre id="cli">dotnet pack cli/Recrypt.Cli -c Release -o ./packages
            dotnet tool install Recrypt.Cli --tool-path ./tools --add-source ./packages
            export PATH="$PWD/tools:$PATH" RECRYPT_SERVER={{E(address)}}
            recrypt identity new alice &amp;&amp; recrypt identity register</pre>
                  <p>The commands and the whole story are in <a href="{{Link(ServedDocs.PathOf(ServedDocs.Cli))}}">cli.md</a>.</p>
                </section>
              </main>
            </body>
            </html>

            """;
    }
}
