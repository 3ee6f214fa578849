namespace Recrypt.Service.Scheme;

/// <summary>The Api256 scheme (the default), on the process's <see cref="TransformEncryption"/>.</summary>
internal sealed class SchemeCurve256(TransformEncryption recrypt, PreparedKeyCache preparedKeys) : SchemeCurve(preparedKeys)
{
    public override RecryptCurve Curve => RecryptCurve.Api256;

    public override int PublicKeySize => PublicKey.Size;

    public override SchemeValue? ReadEncryptedValue(byte[]? bytes) =>
        bytes is not null && EncryptedValue.TryImport(bytes, out var value)
            ? new(value.Export(), value.TransformBlocks.Count != 0, value.VerifySignature(), value.PublicSigningKey)
            : null;

    public override SchemeTransformKey? ReadTransformKey(byte[]? bytes) =>
        bytes is not null && TransformKey.TryImport(bytes, out var key)
            ? new(key.Export(), key.VerifySignature(), key.PublicSigningKey, key.ToPublicKey.Export())
            : null;

    protected override PreparedTransformKey Prepare(byte[] transformKey) => recrypt.PrepareTransformKey(transformKey);

    protected override byte[] Transform(byte[] encryptedValue, PreparedTransformKey transformKey, SigningKeyPair signingKeyPair) =>
        recrypt.Transform(encryptedValue, transformKey, signingKeyPair);

    protected override byte[]? CanonicalPublicKey(byte[] bytes) => PublicKey.TryImport(bytes, out var key) ? key.Export() : null;
}
