using Recrypt.Engines;

namespace Recrypt.Tests.Engines;

/// <summary>How an instance's backend is chosen: the constructor option, RECRYPT_BACKEND, else native when it loads.</summary>
public sealed class BackendSelectionTests
{
    [Theory]
    [InlineData(RecryptBackend.Native)]
    [InlineData(RecryptBackend.Managed)]
    public void Constructor_WithABackend_RunsOnIt(RecryptBackend backend)
    {
        using var api = new TransformEncryption(backend);

        Assert.Equal(backend, api.Backend);
    }

    [Theory]
    [InlineData("native", RecryptBackend.Native)]
    [InlineData("managed", RecryptBackend.Managed)]
    [InlineData(" Managed ", RecryptBackend.Managed)]
    [InlineData("NATIVE", RecryptBackend.Native)]
    public void RecryptBackendVariable_ForcesTheBackend(string value, RecryptBackend expected)
    {
        Assert.Equal(expected, RecryptEngines.ChooseDefault(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Unset_PicksNativeWhereItLoads(string? value)
    {
        Assert.True(RecryptEngines.IsNativeAvailable);
        Assert.Equal(RecryptBackend.Native, RecryptEngines.ChooseDefault(value));
    }

    [Fact]
    public void RecryptBackendVariable_WithAnotherValue_IsRefusedNamingIt()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => RecryptEngines.ChooseDefault("rust"));

        Assert.Contains("RECRYPT_BACKEND", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'rust'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultInstance_RunsOnTheDefaultBackend()
    {
        using var api = new TransformEncryption();

        Assert.Equal(RecryptEngines.DefaultBackend, api.Backend);
    }

    [Fact]
    public void Constructor_WithAnUndefinedBackend_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransformEncryption((RecryptBackend)99));
    }
}
