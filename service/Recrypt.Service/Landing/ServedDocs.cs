namespace Recrypt.Service.Landing;

/// <summary>
/// The repository's docs that the service serves as plain text at <c>/docs/{file}</c>, so that the landing
/// page's links work without a network. The build copies them next to the assembly (see the .csproj).
/// </summary>
internal static class ServedDocs
{
    public sealed record Doc(string FileName, string Description);

    public static readonly Doc Service = new("service.md", "routes, the signing scheme (with a bash/OpenSSL client), errors, storage and logs");
    public static readonly Doc Cli = new("cli.md", "the recrypt command-line client and the whole story from a terminal");
    public static readonly Doc FileFormat = new("file-format.md", "the encrypted file format");

    public static IReadOnlyList<Doc> All { get; } = [Service, Cli, FileFormat];

    public static string PathOf(Doc doc) => "/docs/" + doc.FileName;

    public static IEndpointRouteBuilder MapServedDocs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/docs/{file}", (string file) =>
        {
            // Only the files named above: the route value never becomes a path on its own.
            var doc = All.FirstOrDefault(candidate => string.Equals(candidate.FileName, file, StringComparison.Ordinal));
            var path = doc is null ? null : System.IO.Path.Combine(AppContext.BaseDirectory, "docs", doc.FileName);
            return path is not null && File.Exists(path)
                ? Results.File(path, "text/plain; charset=utf-8")
                : Results.NotFound();
        }).ExcludeFromDescription();
        return endpoints;
    }
}
