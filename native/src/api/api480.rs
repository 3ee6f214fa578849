//! recrypt's Api480 (spec Appendix A): the Transform Encryption scheme on the 480-bit BN curve.
//!
//! The operations are the generic ones of [`super::common`] instantiated with [`Bn480`]; this
//! module names the types and sizes and supplies Api480's derive_private_key (spec A.4). What
//! differs from Api256 (spec A.3, A.4): 60-byte field elements, private keys and random draws,
//! 720-byte F_p12 values, 240-byte hashed temp keys and 120-byte Schnorr signatures.

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
pub use crate::params::Bn480;

impl Curve for Bn480 {
    /// SHA256(0x00 || m)[4..32] || SHA256(0x01 || m): 60 bytes, reduced mod p by the caller.
    fn derive_private_key_bytes(encoded_plaintext: &[u8]) -> [u8; 60] {
        let mut h0 = common::sha256(&[&[0u8], encoded_plaintext]);
        let mut h1 = common::sha256(&[&[1u8], encoded_plaintext]);
        let mut out = [0u8; 60];
        out[..28].copy_from_slice(&h0[4..]);
        out[28..].copy_from_slice(&h1);
        zeroize::Zeroize::zeroize(&mut h0);
        zeroize::Zeroize::zeroize(&mut h1);
        out
    }
}

pub type PrivateKey = common::PrivateKey<Bn480>;
pub type PublicKey = common::PublicKey<Bn480>;
pub type Plaintext = common::Plaintext<Bn480>;
pub type HashedValue = common::HashedValue<Bn480>;
pub type TransformBlock = common::TransformBlock<Bn480>;
pub type EncryptedValue = common::EncryptedValue<Bn480>;
pub type TransformKey = common::TransformKey<Bn480>;
pub type PreparedTransformKey = common::PreparedTransformKey<Bn480>;
/// The scheme's operations on Api480 over a source of random bytes (recrypt's `Recrypt480`).
pub type Api480<R> = common::Recrypt<Bn480, R>;

pub const PRIVATE_KEY_LEN: usize = Sizes::<Bn480>::PRIVATE_KEY;
pub const PUBLIC_KEY_LEN: usize = Sizes::<Bn480>::PUBLIC_KEY;
pub const FP12_LEN: usize = Sizes::<Bn480>::FP12;
pub const PLAINTEXT_LEN: usize = Sizes::<Bn480>::PLAINTEXT;
pub const HASHED_TEMP_KEY_LEN: usize = Sizes::<Bn480>::HASHED_TEMP_KEY;
pub const SCHNORR_SIGNATURE_LEN: usize = Sizes::<Bn480>::SCHNORR_SIGNATURE;
pub const TRANSFORM_BLOCK_LEN: usize = Sizes::<Bn480>::TRANSFORM_BLOCK;
pub const TRANSFORM_KEY_BYTES_LEN: usize = Sizes::<Bn480>::TRANSFORM_KEY_BYTES;

// Spec A.3.
const _: () = {
    assert!(PRIVATE_KEY_LEN == 60 && PUBLIC_KEY_LEN == 120 && PLAINTEXT_LEN == 720);
    assert!(HASHED_TEMP_KEY_LEN == 240 && SCHNORR_SIGNATURE_LEN == 120);
    assert!(TRANSFORM_BLOCK_LEN == 1680 && TRANSFORM_KEY_BYTES_LEN == 1232);
};

/// The plaintext whose encoding is the given bytes, raised to (p^12-1)/r (spec 4.6); `None` for
/// zero.
pub fn plaintext_from_random_bytes(bytes: &[u8; 720]) -> Option<Plaintext> {
    common::plaintext_from_random_bytes(bytes)
}

#[doc(hidden)]
/// Known-answer hooks on Api480 (see [`common::kat`]).
pub mod kat {
    use super::*;
    pub use crate::api::common::kat::{
        encrypted_value_signed_bytes, generate_transform_key_with, pairing_bytes,
        schnorr_sign_with_nonce, transform_key_signed_bytes, transform_with,
    };

    pub fn hash2_bytes(k: &[u8; 720]) -> [u8; 240] {
        common::kat::hash2_bytes::<Bn480>(k)
    }

    /// Fp12 decode-and-reencode: the canonical form of 720 bytes.
    pub fn canonical_fp12(bytes: &[u8; 720]) -> [u8; 720] {
        common::kat::canonical_fp12::<Bn480>(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_key_is_reduced_mod_p() {
        let k = PrivateKey::from_bytes(&[0xff; 60]);
        assert_ne!(k.to_bytes(), [0xff; 60]);
    }
}
