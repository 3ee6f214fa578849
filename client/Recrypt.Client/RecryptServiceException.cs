using System.Net;

namespace Recrypt.Client;

/// <summary>
/// The service answered with an error. <see cref="ProblemType"/> is the stable
/// <c>urn:recrypt:problem:*</c> type of its ProblemDetails, for example
/// <c>urn:recrypt:problem:forbidden</c>.
/// </summary>
public class RecryptServiceException : Exception
{
    /// <summary>Creates an exception for an error answer.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="problemType">The ProblemDetails <c>type</c>, if the answer had one.</param>
    /// <param name="title">The ProblemDetails <c>title</c>, if the answer had one.</param>
    /// <param name="detail">The ProblemDetails <c>detail</c>, if the answer had one.</param>
    public RecryptServiceException(HttpStatusCode statusCode, string? problemType, string? title, string? detail)
        : base($"The Recrypt service answered {(int)statusCode} {problemType ?? statusCode.ToString()}: {detail ?? title ?? "no details"}")
    {
        StatusCode = statusCode;
        ProblemType = problemType;
        Title = title;
        Detail = detail;
    }

    /// <summary>Creates an exception with a message of its own.</summary>
    public RecryptServiceException()
    {
    }

    /// <summary>Creates an exception with a message of its own.</summary>
    /// <param name="message">The message.</param>
    public RecryptServiceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message of its own and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RecryptServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status code of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The ProblemDetails <c>type</c>, for example <c>urn:recrypt:problem:not-found</c>.</summary>
    public string? ProblemType { get; }

    /// <summary>The ProblemDetails <c>title</c>.</summary>
    public string? Title { get; }

    /// <summary>The ProblemDetails <c>detail</c>: what exactly went wrong.</summary>
    public string? Detail { get; }
}
