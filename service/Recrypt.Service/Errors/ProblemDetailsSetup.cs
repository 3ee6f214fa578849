using Microsoft.AspNetCore.Http.Features;

namespace Recrypt.Service.Errors;

internal static class ProblemDetailsSetup
{
    /// <summary>
    /// Every error is a ProblemDetails with a <c>urn:recrypt:problem:*</c> type: those written by the
    /// handlers, by the exception handler, and by the status code pages for empty error responses
    /// (unknown routes, wrong methods).
    /// </summary>
    public static IServiceCollection AddRecryptProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null || !problem.Type.StartsWith(Problems.TypePrefix, StringComparison.Ordinal))
            {
                var kind = Problems.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
                problem.Type = kind.Type;
                problem.Title = kind.Title;
            }
            problem.Instance ??= context.HttpContext.Features.Get<IHttpRequestFeature>()?.Path;
            // The id of the request, as in the service's log lines and audit records (and the Recrypt-Request-Id header).
            problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<RecryptExceptionHandler>();

        // A body the framework cannot bind (bad JSON, bad base64, a missing body, the wrong content
        // type) throws BadHttpRequestException, which RecryptExceptionHandler turns into a ProblemDetails.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
