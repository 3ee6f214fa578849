using System.Collections.Concurrent;

namespace Recrypt.Engines;

/// <summary>
/// Chooses and creates engines: the one place that knows which backends exist, how the default is
/// picked, and which engine serves the members that need no instance (imports and verification).
/// </summary>
internal static class RecryptEngines
{
    /// <summary>The environment variable that forces a backend: <c>native</c> or <c>managed</c> (any case).</summary>
    internal const string EnvironmentVariable = "RECRYPT_BACKEND";

    private static readonly Lazy<bool> s_nativeAvailable = new(NativeEngine.IsAvailable);
    private static readonly Lazy<RecryptBackend> s_default = new(() => ChooseDefault(Environment.GetEnvironmentVariable(EnvironmentVariable)));
    private static readonly ConcurrentDictionary<(RecryptBackend, RecryptCurve), Lazy<IRecryptEngine>> s_shared = new();
    private static readonly AsyncLocal<RecryptBackend?> s_sharedOverride = new();

    /// <summary>The backend of <see cref="TransformEncryption()"/>: <c>RECRYPT_BACKEND</c> when set, else native when it loads, else managed.</summary>
    internal static RecryptBackend DefaultBackend => s_default.Value;

    /// <summary>
    /// An Api256 engine of the default backend for the members that draw no randomness and belong to no
    /// instance (<see cref="EncryptedValue.Import"/>, <see cref="PublicKey.Import"/>, ...) and for those that
    /// do not depend on the curve (<see cref="TransformEncryption.Hash256(ReadOnlySpan{byte})"/>). Never disposed.
    /// </summary>
    internal static IRecryptEngine Shared => SharedOf(RecryptCurve.Api256);

    /// <summary><see cref="Shared"/> for the values of <paramref name="curve"/> (<see cref="PublicKey480.Import"/>, ...).</summary>
    internal static IRecryptEngine SharedOf(RecryptCurve curve) => SharedFor(s_sharedOverride.Value ?? DefaultBackend, curve);

    /// <summary>The never-disposed engine of <paramref name="backend"/> and <paramref name="curve"/> that <see cref="SharedOf"/> hands out.</summary>
    internal static IRecryptEngine SharedFor(RecryptBackend backend, RecryptCurve curve)
    {
        ThrowIfUndefined(backend, curve);
        return s_shared.GetOrAdd((backend, curve), key => new(() => Create(key.Item1, key.Item2))).Value;
    }

    /// <summary>
    /// For tests that run the same case on each engine: until the result is disposed, <see cref="Shared"/>
    /// is <paramref name="backend"/>'s engine in the calling flow only (an <see cref="AsyncLocal{T}"/>),
    /// so imports and verification run on the engine under test while other tests run in parallel.
    /// </summary>
    internal static IDisposable UseSharedInCurrentFlow(RecryptBackend backend)
    {
        var previous = s_sharedOverride.Value;
        s_sharedOverride.Value = backend;
        return new Restore(previous);
    }

    private sealed class Restore(RecryptBackend? previous) : IDisposable
    {
        public void Dispose() => s_sharedOverride.Value = previous;
    }

    internal static bool IsNativeAvailable => s_nativeAvailable.Value;

    /// <summary>A new engine of <paramref name="backend"/> for <paramref name="curve"/> whose randomness comes from the operating system.</summary>
    /// <exception cref="PlatformNotSupportedException">The managed backend has no engine for <paramref name="curve"/> yet (<see cref="ManagedEngine.For"/>).</exception>
    internal static IRecryptEngine Create(RecryptBackend backend, RecryptCurve curve)
    {
        ThrowIfUndefined(backend, curve);
        return backend == RecryptBackend.Native ? NativeEngine.Create(curve) : ManagedEngine.For(curve, ManagedEngine.OsRandomSource);
    }

    /// <summary>A new insecure, deterministic engine of <paramref name="backend"/> for <paramref name="curve"/>: its random bytes are the ChaCha20 keystream of <paramref name="seed"/>.</summary>
    internal static IRecryptEngine CreateInsecureSeeded(RecryptBackend backend, ReadOnlySpan<byte> seed, RecryptCurve curve)
    {
        ThrowIfUndefined(backend, curve);
        return backend == RecryptBackend.Native
            ? NativeEngine.CreateInsecureSeeded(seed, curve)
            : ManagedEngine.For(curve, ManagedEngine.SeededRandomSource(seed));
    }

    private static void ThrowIfUndefined(RecryptBackend backend, RecryptCurve curve)
    {
        if (!Enum.IsDefined(backend))
        {
            throw new ArgumentOutOfRangeException(nameof(backend), backend, "Not a Recrypt backend.");
        }
        if (!Enum.IsDefined(curve))
        {
            throw new ArgumentOutOfRangeException(nameof(curve), curve, "Not a Recrypt curve.");
        }
    }

    /// <summary>The default backend for a value of <c>RECRYPT_BACKEND</c> (null or empty when unset).</summary>
    internal static RecryptBackend ChooseDefault(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        null or "" => IsNativeAvailable ? RecryptBackend.Native : RecryptBackend.Managed,
        "native" => RecryptBackend.Native,
        "managed" => RecryptBackend.Managed,
        _ => throw new InvalidOperationException(
            $"The environment variable {EnvironmentVariable} is '{configured}'; it must be 'native' or 'managed', or unset."),
    };

    /// <summary>Throws <paramref name="failure"/> from a <c>Try</c> member of an engine, if there is one.</summary>
    internal static void ThrowIfFailed(RecryptException? failure)
    {
        if (failure is not null)
        {
            throw failure;
        }
    }
}
