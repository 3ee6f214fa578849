using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Recrypt.Cli.Tests;

/// <summary>
/// A loopback server that is not a Recrypt service, to see what the CLI says about it: it answers every
/// request with the same raw HTTP response, or never answers, optionally behind TLS with a self-signed
/// certificate. It stops with the test.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _response;
    private readonly X509Certificate2? _certificate;
    private readonly Task _accepting;

    private FakeServer(string? response, bool tls)
    {
        _response = response;
        _certificate = tls ? SelfSigned() : null;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The server's URL (http, or https with TLS).</summary>
    public Uri Url => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>A server that answers every request with <paramref name="status"/>, <paramref name="contentType"/> and <paramref name="body"/>.</summary>
    public static FakeServer Answering(int status, string contentType, string body, bool tls = false) => new(
        $"HTTP/1.1 {status} Whatever\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}",
        tls);

    /// <summary>A server that accepts connections and reads requests but never answers.</summary>
    public static FakeServer Silent() => new(null, tls: false);

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(
                        new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                    stream = tls;
                }
                await ReadRequestHeadAsync(stream, _stop.Token);
                if (_response is null)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                await stream.WriteAsync(Encoding.UTF8.GetBytes(_response!), _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
            {
                // The client gave up, or the test is over.
            }
        }
    }

    private static async Task ReadRequestHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var seen = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (seen.Count == 0 && one[0] == 0x16)
            {
                return; // a TLS handshake: answer in plain HTTP at once, as an HTTP server does
            }
            seen.Add(one[0]);
            if (seen.Count >= 4 && seen[^4] == '\r' && seen[^3] == '\n' && seen[^2] == '\r' && seen[^1] == '\n')
            {
                return;
            }
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _certificate?.Dispose();
        _stop.Dispose();
    }
}
