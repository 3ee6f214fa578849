namespace Recrypt.BlazorSample.Story;

/// <summary>How a step of the story ended.</summary>
public enum StepOutcome
{
    /// <summary>The operation did what it was asked.</summary>
    Done,

    /// <summary>The operation was refused, as the story expects (no grant, or a key that cannot decrypt).</summary>
    Refused,
}

/// <summary>One operation of the story, as the page shows it.</summary>
/// <param name="Id">A stable name for the step (the row's <c>data-step</c>), for example <c>bob-decrypts</c>.</param>
/// <param name="Actor">Who acts: Alice, Bob, Charlie or the service.</param>
/// <param name="Operation">What is done, in words.</param>
/// <param name="Milliseconds">How long the operation took.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">What came out of it.</param>
public sealed record StoryStep(string Id, string Actor, string Operation, double Milliseconds, StepOutcome Outcome, string Detail);
