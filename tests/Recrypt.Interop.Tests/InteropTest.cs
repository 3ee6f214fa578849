namespace Recrypt.Interop.Tests;

/// <summary>Names a side in theory data.</summary>
public enum Side
{
    /// <summary>Recrypt for .NET.</summary>
    Ours,

    /// <summary>IronCore's build, through the peer.</summary>
    Theirs,
}

/// <summary>Base of the interop test classes: the peer and the two sides.</summary>
[Collection(SharedPeer.Name)]
public abstract class InteropTest(IronCorePeer peer)
{
    /// <summary>The peer process.</summary>
    protected IronCorePeer Peer { get; } = peer;

    /// <summary>Recrypt for .NET.</summary>
    protected static ISide Us => OurSide.Instance;

    /// <summary>IronCore's build.</summary>
    protected ISide Them { get; } = new TheirSide(peer);

    /// <summary>Our shared API instance.</summary>
    protected static TransformEncryption Api => OurSide.Api;

    /// <summary>The side named by <paramref name="side"/>.</summary>
    protected ISide Of(Side side) => side == Side.Ours ? Us : Them;

    /// <summary>The side that is not <paramref name="side"/>.</summary>
    protected static Side Other(Side side) => side == Side.Ours ? Side.Theirs : Side.Ours;
}
