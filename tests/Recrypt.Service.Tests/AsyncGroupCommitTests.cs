using Recrypt.Service.Storage;

namespace Recrypt.Service.Tests;

/// <summary>
/// <see cref="AsyncGroupCommit{TItem, TResult}"/>, which PostgreSQL's audit appends on the fetch path go through: one
/// commit in flight, what arrives meanwhile taken together by the next, each caller given its own item's result.
/// </summary>
public sealed class AsyncGroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly string[] OneResult = ["one result for any batch"];

    /// <summary>A commit that records its batches and holds each until the test releases it.</summary>
    private sealed class HeldCommits
    {
        private readonly Queue<TaskCompletionSource> _releases = new();

        public List<List<int>> Batches { get; } = [];

        public SemaphoreSlim Started { get; } = new(0);

        public async Task<string[]> Commit(List<int> batch)
        {
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (Batches)
            {
                Batches.Add([.. batch]);
                _releases.Enqueue(release);
            }
            Started.Release();
            await release.Task;
            if (batch.Contains(-1))
            {
                throw new InvalidOperationException("the database refused the batch");
            }
            return [.. batch.Select(item => $"result {item}")];
        }

        public void ReleaseNext()
        {
            lock (Batches)
            {
                _releases.Dequeue().SetResult();
            }
        }
    }

    [Fact]
    public async Task WhatArrivesDuringACommitIsCommittedTogetherByTheNext()
    {
        var commits = new HeldCommits();
        var group = new AsyncGroupCommit<int, string>(commits.Commit, maxBatchSize: 64);

        var first = group.RunAsync(1);
        Assert.True(await commits.Started.WaitAsync(Patience));
        var queued = Enumerable.Range(2, 5).Select(group.RunAsync).ToArray();
        Assert.DoesNotContain(queued, task => task.IsCompleted);
        Assert.Single(commits.Batches);

        commits.ReleaseNext();
        Assert.Equal("result 1", await first.WaitAsync(Patience));
        Assert.True(await commits.Started.WaitAsync(Patience));
        commits.ReleaseNext();

        Assert.Equal(["result 2", "result 3", "result 4", "result 5", "result 6"], await Task.WhenAll(queued).WaitAsync(Patience));
        Assert.Equal([[1], [2, 3, 4, 5, 6]], commits.Batches);
    }

    [Fact]
    public async Task ABatchTakesAtMostMaxBatchSizeItemsInTheOrderTheyCame()
    {
        var commits = new HeldCommits();
        var group = new AsyncGroupCommit<int, string>(commits.Commit, maxBatchSize: 2);

        var first = group.RunAsync(0);
        Assert.True(await commits.Started.WaitAsync(Patience));
        var queued = Enumerable.Range(1, 5).Select(group.RunAsync).ToArray();
        for (var batch = 0; batch < 4; batch++)
        {
            commits.ReleaseNext();
            if (batch < 3)
            {
                Assert.True(await commits.Started.WaitAsync(Patience));
            }
        }

        Assert.Equal("result 0", await first.WaitAsync(Patience));
        Assert.Equal(["result 1", "result 2", "result 3", "result 4", "result 5"], await Task.WhenAll(queued).WaitAsync(Patience));
        Assert.Equal([[0], [1, 2], [3, 4], [5]], commits.Batches);
    }

    [Fact]
    public async Task AFailedCommitFailsEveryItemOfItsBatchAndTheNextBatchStillCommits()
    {
        var commits = new HeldCommits();
        var group = new AsyncGroupCommit<int, string>(commits.Commit, maxBatchSize: 64);

        var first = group.RunAsync(1);
        Assert.True(await commits.Started.WaitAsync(Patience));
        var doomed = new[] { group.RunAsync(2), group.RunAsync(-1) };
        commits.ReleaseNext();
        Assert.True(await commits.Started.WaitAsync(Patience));
        var after = group.RunAsync(3);
        commits.ReleaseNext();
        Assert.True(await commits.Started.WaitAsync(Patience));
        commits.ReleaseNext();

        Assert.Equal("result 1", await first.WaitAsync(Patience));
        foreach (var task in doomed)
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => task.WaitAsync(Patience));
            Assert.Equal("the database refused the batch", failure.Message);
        }
        Assert.Equal("result 3", await after.WaitAsync(Patience));
        Assert.Equal([[1], [2, -1], [3]], commits.Batches);
    }

    [Fact]
    public async Task ACommitThatGivesTheWrongNumberOfResultsFailsItsItems()
    {
        var group = new AsyncGroupCommit<int, string>(batch => Task.FromResult(OneResult), maxBatchSize: 64);

        Assert.Equal("one result for any batch", await group.RunAsync(1).WaitAsync(Patience));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var many = new AsyncGroupCommit<int, string>(async batch =>
        {
            await started.Task;
            return OneResult;
        }, maxBatchSize: 64);
        var held = many.RunAsync(1);
        var pair = new[] { many.RunAsync(2), many.RunAsync(3) };
        started.SetResult();
        Assert.Equal("one result for any batch", await held.WaitAsync(Patience));
        foreach (var task in pair)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => task.WaitAsync(Patience));
        }
    }
}
