namespace Recrypt.Tests.Vectors.Api480;

// IronCore's Api480 vectors through the tests written once for both curves, on every engine of TestEngine.All480.

/// <summary>Api480's schnorr.json: seeded signatures, verifications, augmented signatures.</summary>
public sealed class Api480SchnorrVectorTests
    : SchnorrVectorTests<Scheme480, TransformEncryption480, PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480>;

/// <summary>Api480's augment.json: key arithmetic, augmented public keys, the augmented transform-key flow.</summary>
public sealed class Api480AugmentVectorTests
    : AugmentVectorTests<Scheme480, TransformEncryption480, PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480>;

/// <summary>Api480's negative.json: tampered and mismatched inputs.</summary>
public sealed class Api480NegativeVectorTests
    : NegativeVectorTests<Scheme480, TransformEncryption480, PrivateKey480, PublicKey480, Plaintext480, EncryptedValue480, TransformKey480>;
