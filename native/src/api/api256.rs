//! recrypt's Api256 (spec section 4): the Transform Encryption scheme on the 256-bit BN curve.
//!
//! The operations are the generic ones of [`super::common`] instantiated with [`Bn256`]; this
//! module names the types and sizes and supplies Api256's derive_private_key (spec 4.8).

use super::common::{self, Curve, Sizes};
pub use super::common::{
    add_private_keys, compute_public_key, decrypt, schnorr_verify, subtract_private_keys, Error,
    Result, AUTH_HASH_LEN, ED25519_SIGNATURE_LEN, PUBLIC_SIGNING_KEY_LEN, SIGNING_KEY_PAIR_LEN,
    SYMMETRIC_KEY_LEN,
};
pub use super::signing::{
    ed25519_verify, hash256, is_strict_ed25519_public_key, is_valid_ed25519_public_key,
    SigningKeyPair,
};
pub use crate::params::Bn256;

impl Curve for Bn256 {
    /// SHA-256(m): 32 bytes, reduced mod p by the caller.
    fn derive_private_key_bytes(encoded_plaintext: &[u8]) -> [u8; 32] {
        common::sha256(&[encoded_plaintext])
    }
}

pub type PrivateKey = common::PrivateKey<Bn256>;
pub type PublicKey = common::PublicKey<Bn256>;
pub type Plaintext = common::Plaintext<Bn256>;
pub type HashedValue = common::HashedValue<Bn256>;
pub type TransformBlock = common::TransformBlock<Bn256>;
pub type EncryptedValue = common::EncryptedValue<Bn256>;
pub type TransformKey = common::TransformKey<Bn256>;
pub type PreparedTransformKey = common::PreparedTransformKey<Bn256>;
/// The scheme's operations on Api256 over a source of random bytes (recrypt's `Recrypt`).
pub type Api256<R> = common::Recrypt<Bn256, R>;

pub const PRIVATE_KEY_LEN: usize = Sizes::<Bn256>::PRIVATE_KEY;
pub const PUBLIC_KEY_LEN: usize = Sizes::<Bn256>::PUBLIC_KEY;
pub const FP12_LEN: usize = Sizes::<Bn256>::FP12;
pub const PLAINTEXT_LEN: usize = Sizes::<Bn256>::PLAINTEXT;
pub const HASHED_TEMP_KEY_LEN: usize = Sizes::<Bn256>::HASHED_TEMP_KEY;
pub const SCHNORR_SIGNATURE_LEN: usize = Sizes::<Bn256>::SCHNORR_SIGNATURE;
pub const TRANSFORM_BLOCK_LEN: usize = Sizes::<Bn256>::TRANSFORM_BLOCK;
pub const TRANSFORM_KEY_BYTES_LEN: usize = Sizes::<Bn256>::TRANSFORM_KEY_BYTES;

// Spec 4.1 and 4.12.
const _: () = {
    assert!(PRIVATE_KEY_LEN == 32 && PUBLIC_KEY_LEN == 64 && PLAINTEXT_LEN == 384);
    assert!(HASHED_TEMP_KEY_LEN == 128 && SCHNORR_SIGNATURE_LEN == 64);
    assert!(TRANSFORM_BLOCK_LEN == 896 && TRANSFORM_KEY_BYTES_LEN == 672);
};

/// The plaintext whose encoding is the given bytes, raised to (p^12-1)/r (spec 4.6); `None` for
/// zero.
pub fn plaintext_from_random_bytes(bytes: &[u8; 384]) -> Option<Plaintext> {
    common::plaintext_from_random_bytes(bytes)
}

#[doc(hidden)]
/// Known-answer hooks on Api256 (see [`common::kat`]).
pub mod kat {
    use super::*;
    pub use crate::api::common::kat::{
        encrypted_value_signed_bytes, generate_transform_key_with, pairing_bytes,
        schnorr_sign_with_nonce, transform_key_signed_bytes, transform_with,
    };

    pub fn hash2_bytes(k: &[u8; 384]) -> [u8; 128] {
        common::kat::hash2_bytes::<Bn256>(k)
    }

    /// Fp12 decode-and-reencode: the canonical form of 384 bytes.
    pub fn canonical_fp12(bytes: &[u8; 384]) -> [u8; 384] {
        common::kat::canonical_fp12::<Bn256>(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_key_is_reduced_mod_p() {
        let k = PrivateKey::from_bytes(&[0xff; 32]);
        assert_ne!(k.to_bytes(), [0xff; 32]);
    }
}
