using Layout = Recrypt.EncryptedValueLayout<Recrypt.Curve256>;

namespace Recrypt;

/// <summary>
/// What one transform added to an <see cref="EncryptedValue"/>: the re-encrypted temporary keys
/// that let the next private key in the chain decrypt. Immutable; part of its encrypted value.
/// </summary>
public sealed class TransformBlock
{
    private readonly byte[] _encoding;
    private readonly Field _block;

    internal TransformBlock(byte[] encoding, Field block)
    {
        _encoding = encoding;
        _block = block;
    }

    /// <summary>The public key of the transform key's ephemeral key pair.</summary>
    public PublicKey PublicKey => PublicKey.Import(Layout.BlockPublicKey.In(Bytes));

    /// <summary>The encrypted temp key of the transform key: an element of F_p12, 384 bytes.</summary>
    public ReadOnlySpan<byte> EncryptedTempKey => Layout.BlockEncryptedTempKey.In(Bytes);

    /// <summary>The public key of the random key pair the transform drew.</summary>
    public PublicKey RandomTransformPublicKey => PublicKey.Import(Layout.BlockRandomTransformPublicKey.In(Bytes));

    /// <summary>The encrypted random transform temp key: an element of F_p12, 384 bytes.</summary>
    public ReadOnlySpan<byte> RandomTransformEncryptedTempKey => Layout.BlockRandomTransformEncryptedTempKey.In(Bytes);

    /// <summary>The block's bytes as they stand in its encrypted value's encoding, as lowercase hex.</summary>
    /// <returns>Two hex digits per byte of the block.</returns>
    public override string ToString() => Convert.ToHexStringLower(Bytes);

    private ReadOnlySpan<byte> Bytes => _block.In(_encoding);
}
