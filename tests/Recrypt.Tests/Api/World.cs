namespace Recrypt.Tests.Api;

/// <summary>
/// A small, fixed set of valid keys and values (Alice and Bob, a signing key pair, a value
/// encrypted to Alice and transformed to Bob), made once from a fixed seed. Tests read them and
/// never dispose them.
/// </summary>
internal sealed class World
{
    private static readonly Lazy<World> s_instance = new(() => new World());

    private World()
    {
        Api = TransformEncryption.CreateInsecureDeterministic(Enumerable.Repeat((byte)7, TransformEncryption.SeedSize).ToArray());
        (AlicePrivate, AlicePublic) = Api.GenerateKeyPair();
        (BobPrivate, BobPublic) = Api.GenerateKeyPair();
        Signing = Api.GenerateSigningKeyPair();
        Plaintext = Api.GeneratePlaintext();
        ToAlice = Api.Encrypt(Plaintext, AlicePublic, Signing);
        AliceToBob = Api.GenerateTransformKey(AlicePrivate, BobPublic, Signing);
        ToBob = Api.Transform(ToAlice, AliceToBob, Signing);
    }

    public static World Instance => s_instance.Value;

    public TransformEncryption Api { get; }

    public PrivateKey AlicePrivate { get; }

    public PublicKey AlicePublic { get; }

    public PrivateKey BobPrivate { get; }

    public PublicKey BobPublic { get; }

    public SigningKeyPair Signing { get; }

    public Plaintext Plaintext { get; }

    /// <summary>Level 0: <see cref="Plaintext"/> encrypted to Alice.</summary>
    public EncryptedValue ToAlice { get; }

    public TransformKey AliceToBob { get; }

    /// <summary>Level 1: <see cref="ToAlice"/> transformed to Bob.</summary>
    public EncryptedValue ToBob { get; }
}
