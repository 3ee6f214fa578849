namespace Recrypt.Cli;

/// <summary>
/// Deterministic pause points for the interruption tests. When <c>RECRYPT_TEST_PAUSE_AT</c> names a point,
/// the CLI writes <c>recrypt: test: paused at &lt;point&gt;</c> to stderr when it
/// reaches it, then waits until it is interrupted (at most a minute) and carries on: the code after the
/// point sees the interruption as it would if Ctrl+C had come at that very moment. Unset, a pause point
/// costs one comparison.
/// </summary>
internal static class TestHooks
{
    /// <summary>The environment variable that names the point to pause at.</summary>
    public const string Variable = "RECRYPT_TEST_PAUSE_AT";

    /// <summary>Encrypt: the document key is stored at the service, no byte of the file is written yet.</summary>
    public const string AfterUpload = "after-upload";

    /// <summary>Encrypt: the first chunk is written to the output.</summary>
    public const string AfterFirstChunk = "after-first-chunk";

    /// <summary>Any atomically written output: every byte is written, the flush to disk and the rename are next.</summary>
    public const string FinalFlush = "final-flush";

    private static readonly string? s_pauseAt = Environment.GetEnvironmentVariable(Variable);

    /// <summary>Tells the tests a fact they check afterwards (<c>recrypt: test: &lt;fact&gt;</c>), when they asked for a pause.</summary>
    public static void Report(string fact)
    {
        if (s_pauseAt is not null)
        {
            Console.Error.WriteLine($"recrypt: test: {fact}");
        }
    }

    /// <summary>Pauses at <paramref name="point"/> if the tests asked for it.</summary>
    public static async Task PauseAsync(string point, CancellationToken interrupted)
    {
        if (s_pauseAt is null || s_pauseAt != point)
        {
            return;
        }
        await Console.Error.WriteLineAsync($"recrypt: test: paused at {point}").ConfigureAwait(false);
        await Console.Error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), interrupted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Interrupted: carry on, as the code after this point would have.
        }
    }

    /// <summary>
    /// <paramref name="progress"/>, pausing at <see cref="AfterFirstChunk"/> when it is first told of a chunk
    /// (the cipher reports progress once each chunk is written) if the tests asked for it.
    /// </summary>
    public static IProgress<long> PauseAfterFirstChunk(IProgress<long> progress, CancellationToken interrupted)
    {
        if (s_pauseAt != AfterFirstChunk)
        {
            return progress;
        }
        var paused = false;
        return new SynchronousProgress(done =>
        {
            progress.Report(done);
            if (!paused)
            {
                paused = true;
                PauseAsync(AfterFirstChunk, interrupted).GetAwaiter().GetResult();
            }
        });
    }
}
