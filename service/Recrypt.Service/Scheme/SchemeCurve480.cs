namespace Recrypt.Service.Scheme;

/// <summary>The Api480 scheme (<c>Scheme:Curve=Api480</c>), on a <see cref="TransformEncryption480"/> of its own.</summary>
internal sealed class SchemeCurve480(PreparedKeyCache preparedKeys) : SchemeCurve(preparedKeys), IDisposable
{
    private readonly TransformEncryption480 _recrypt = new();

    public override RecryptCurve Curve => RecryptCurve.Api480;

    public override int PublicKeySize => PublicKey480.Size;

    public override SchemeValue? ReadEncryptedValue(byte[]? bytes) =>
        bytes is not null && EncryptedValue480.TryImport(bytes, out var value)
            ? new(value.Export(), value.TransformBlocks.Count != 0, value.VerifySignature(), value.PublicSigningKey)
            : null;

    public override SchemeTransformKey? ReadTransformKey(byte[]? bytes) =>
        bytes is not null && TransformKey480.TryImport(bytes, out var key)
            ? new(key.Export(), key.VerifySignature(), key.PublicSigningKey, key.ToPublicKey.Export())
            : null;

    protected override PreparedTransformKey Prepare(byte[] transformKey) => _recrypt.PrepareTransformKey(transformKey);

    protected override byte[] Transform(byte[] encryptedValue, PreparedTransformKey transformKey, SigningKeyPair signingKeyPair) =>
        _recrypt.Transform(encryptedValue, transformKey, signingKeyPair);

    public void Dispose() => _recrypt.Dispose();

    protected override byte[]? CanonicalPublicKey(byte[] bytes) => PublicKey480.TryImport(bytes, out var key) ? key.Export() : null;
}
