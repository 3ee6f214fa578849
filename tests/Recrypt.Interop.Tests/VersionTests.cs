using System.Security.Cryptography;

namespace Recrypt.Interop.Tests;

public sealed class VersionTests(IronCorePeer peer) : InteropTest(peer)
{
    [Fact]
    public void ThePeerRunsThePinnedBuild()
    {
        Assert.Equal("@ironcorelabs/recrypt-wasm-binding", Peer.Version["name"]!.GetValue<string>());
        Assert.Equal(IronCorePeer.PackageVersion, Peer.Version["version"]!.GetValue<string>());
        Assert.Equal(IronCorePeer.WasmSha256, Peer.Version["wasmSha256"]!.GetValue<string>());
    }

    [Fact]
    public void TheInstalledWasmFileHasThePinnedHash()
    {
        var wasm = Path.Combine(Peer.PeerDirectory, "node_modules", "@ironcorelabs", "recrypt-wasm-binding", "recrypt_wasm_binding_bg.wasm");
        Assert.Equal(IronCorePeer.WasmSha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(wasm))));
    }

    [Fact]
    public void APanicReloadsThePeer()
    {
        // A 1-byte private key makes recrypt panic; the peer must carry on with a fresh instance.
        var response = Peer.Send("computePublicKey", new() { ["privateKey"] = "01" });
        Assert.Equal("panic", response["kind"]!.GetValue<string>());
        Assert.True(response["reloaded"]!.GetValue<bool>());

        var one = new byte[PrivateKey.Size];
        one[^1] = 1;
        var generator = PublicKey.FromIronCoreJson(Peer.Call("computePublicKey", new() { ["privateKey"] = Wire.Hex(one) }).ToJsonString());
        using var key = PrivateKey.Import(one);
        Assert.Equal(Api.ComputePublicKey(key), generator);
    }
}
