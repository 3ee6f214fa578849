namespace Recrypt.Service.Storage;

/// <summary>
/// For code written once for both ways of waiting (an <c>async</c> flag, as Npgsql's own code does): the result of a
/// call made with <c>async: false</c>, which therefore completed before it returned.
/// </summary>
internal static class Synchronously
{
    /// <summary>The result of <paramref name="task"/>; throws when it has not completed (it was run asynchronously after all).</summary>
    public static T Result<T>(ValueTask<T> task) => task.IsCompleted
        ? task.Result
        : throw new InvalidOperationException("A call made to complete synchronously returned before it completed.");
}
