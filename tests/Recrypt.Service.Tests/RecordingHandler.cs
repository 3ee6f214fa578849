using System.Text;

namespace Recrypt.Service.Tests;

/// <summary>Records every request and response that passes through it: headers and bodies, as text.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly StringBuilder _requests = new();
    private readonly StringBuilder _responses = new();

    public RecordingHandler(HttpMessageHandler? innerHandler = null)
    {
        if (innerHandler is not null)
        {
            InnerHandler = innerHandler;
        }
    }

    public string Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToString();
            }
        }
    }

    public string Responses
    {
        get
        {
            lock (_responses)
            {
                return _responses.ToString();
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestText = $"{request.Method} {request.RequestUri}\n{request.Headers}{request.Content?.Headers}\n"
            + (request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
        lock (_requests)
        {
            _requests.AppendLine(requestText);
        }

        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var responseText = $"{(int)response.StatusCode}\n{response.Headers}{response.Content.Headers}\n"
            + await response.Content.ReadAsStringAsync(cancellationToken);
        lock (_responses)
        {
            _responses.AppendLine(responseText);
        }
        return response;
    }
}
