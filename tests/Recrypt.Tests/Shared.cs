using Recrypt.Engines;

namespace Recrypt.Tests;

/// <summary>
/// The engine a test runs on. Vector and property tests run each case on every engine: their theory
/// data carries the backend, and <see cref="Use"/> makes it current for the test's flow, so that
/// <see cref="Shared.Instance"/>, seeded instances and the static imports all run on it.
/// </summary>
internal static class TestEngine
{
    private static readonly AsyncLocal<RecryptBackend?> s_current = new();

    /// <summary>Every backend, in a fixed order.</summary>
    public static IReadOnlyList<RecryptBackend> All { get; } = [RecryptBackend.Native, RecryptBackend.Managed];

    /// <summary>
    /// Every backend that implements Api480: the native one, and the managed one once Recrypt.Managed has
    /// the 480-bit scheme (until then its engine factory refuses Api480 with <see cref="PlatformNotSupportedException"/>).
    /// </summary>
    public static IReadOnlyList<RecryptBackend> All480 { get; } = [.. All.Where(ImplementsApi480)];

    private static bool ImplementsApi480(RecryptBackend backend)
    {
        try
        {
            RecryptEngines.Create(backend, RecryptCurve.Api480).Dispose();
            return true;
        }
        catch (PlatformNotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The backend of the running test: the one it chose with <see cref="Use"/>, else the process default.</summary>
    public static RecryptBackend Current => s_current.Value ?? RecryptEngines.DefaultBackend;

    /// <summary>Runs the rest of the test (until disposed) on <paramref name="backend"/>.</summary>
    public static IDisposable Use(RecryptBackend backend)
    {
        var previous = s_current.Value;
        s_current.Value = backend;
        var shared = RecryptEngines.UseSharedInCurrentFlow(backend);
        return new Scope(() =>
        {
            shared.Dispose();
            s_current.Value = previous;
        });
    }

    /// <summary>Each row of <paramref name="data"/> once per backend, the backend first.</summary>
    public static TheoryData<RecryptBackend, string> OnEach(TheoryData<string> data) => OnEach(All, data);

    /// <summary>Each row of <paramref name="data"/> once per backend of <see cref="All480"/>, the backend first.</summary>
    public static TheoryData<RecryptBackend, string> OnEach480(TheoryData<string> data) => OnEach(All480, data);

    private static TheoryData<RecryptBackend, string> OnEach(IReadOnlyList<RecryptBackend> backends, TheoryData<string> data)
    {
        var rows = new TheoryData<RecryptBackend, string>();
        foreach (var backend in backends)
        {
            foreach (var row in data)
            {
                rows.Add(backend, row);
            }
        }
        return rows;
    }

    private sealed class Scope(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>Thread-safe instances, one per backend, for the tests that draw no randomness or do not care which.</summary>
internal static class Shared
{
    private static readonly TransformEncryption s_native = new(RecryptBackend.Native);
    private static readonly TransformEncryption s_managed = new(RecryptBackend.Managed);

    /// <summary>The instance on the running test's engine (<see cref="TestEngine.Current"/>).</summary>
    public static TransformEncryption Instance => For(TestEngine.Current);

    public static TransformEncryption For(RecryptBackend backend) => backend == RecryptBackend.Native ? s_native : s_managed;
}
