//! The C ABI of Api480: recrypt's 480-bit curve (spec Appendix A), the `recrypt480_*` functions
//! and the `RECRYPT480_*` sizes. Every function takes and returns exactly what its `recrypt_*`
//! Api256 namesake does, with Api480's sizes; the bodies are shared (`scheme.rs`). Choose Api480
//! for keys that must stay safe for decades: 256-bit BN curves give well under 128-bit security
//! since the exTNFS attacks on pairing fields. It is about four times slower than Api256.

use super::{recrypt_context, recrypt_prepared_transform_key, recrypt_status, scheme};
use crate::api::common::Sizes;
use crate::encoding::{Layout, Tags};
use crate::params::Bn480;

/// Private key: 60 bytes, big-endian integer (reduced mod p when read).
pub const RECRYPT480_PRIVATE_KEY_LEN: usize = 60;
/// Public key: x ‖ y, 60 bytes each.
pub const RECRYPT480_PUBLIC_KEY_LEN: usize = 120;
/// Plaintext: an F_p12 element, 720 bytes.
pub const RECRYPT480_PLAINTEXT_LEN: usize = 720;
/// An F_p12 element inside an encoding (encrypted message, encrypted temp keys): 720 bytes.
pub const RECRYPT480_FP12_LEN: usize = 720;
/// Schnorr signature: r ‖ s, 120 bytes.
pub const RECRYPT480_SCHNORR_SIGNATURE_LEN: usize = 120;
/// Hashed temp key inside a transform key (a twist point): 240 bytes.
pub const RECRYPT480_HASHED_TEMP_KEY_LEN: usize = 240;
/// One transform block inside an encoded encrypted value: 1680 bytes.
pub const RECRYPT480_TRANSFORM_BLOCK_LEN: usize = 1680;
/// Encoded encrypted value without transform blocks; add RECRYPT480_TRANSFORM_BLOCK_LEN per block.
pub const RECRYPT480_ENCRYPTED_VALUE_BASE_LEN: usize = 972;
/// Encoded transform key: 1298 bytes.
pub const RECRYPT480_TRANSFORM_KEY_LEN: usize = 1298;
/// IronCore's `transformKeyToBytes480` serialization (recrypt's `TransformKey::to_bytes`): 1232 bytes.
pub const RECRYPT480_TRANSFORM_KEY_BYTES_LEN: usize = 1232;
/// Type tag (second byte) of an encoded Api480 encrypted value.
pub const RECRYPT480_TAG_ENCRYPTED_VALUE: u8 = 17;
/// Type tag (second byte) of an encoded Api480 transform key.
pub const RECRYPT480_TAG_TRANSFORM_KEY: u8 = 18;

const _: () = {
    assert!(RECRYPT480_PRIVATE_KEY_LEN == Sizes::<Bn480>::PRIVATE_KEY);
    assert!(RECRYPT480_PUBLIC_KEY_LEN == Sizes::<Bn480>::PUBLIC_KEY);
    assert!(RECRYPT480_PLAINTEXT_LEN == Sizes::<Bn480>::PLAINTEXT);
    assert!(RECRYPT480_FP12_LEN == Sizes::<Bn480>::FP12);
    assert!(RECRYPT480_SCHNORR_SIGNATURE_LEN == Sizes::<Bn480>::SCHNORR_SIGNATURE);
    assert!(RECRYPT480_HASHED_TEMP_KEY_LEN == Sizes::<Bn480>::HASHED_TEMP_KEY);
    assert!(RECRYPT480_TRANSFORM_BLOCK_LEN == Layout::<Bn480>::TRANSFORM_BLOCK);
    assert!(RECRYPT480_ENCRYPTED_VALUE_BASE_LEN == Layout::<Bn480>::ENCRYPTED_VALUE_BASE);
    assert!(RECRYPT480_TRANSFORM_KEY_LEN == Layout::<Bn480>::TRANSFORM_KEY);
    assert!(RECRYPT480_TRANSFORM_KEY_BYTES_LEN == Sizes::<Bn480>::TRANSFORM_KEY_BYTES);
    assert!(RECRYPT480_TAG_ENCRYPTED_VALUE == Bn480::TAG_ENCRYPTED_VALUE);
    assert!(RECRYPT480_TAG_TRANSFORM_KEY == Bn480::TAG_TRANSFORM_KEY);
};

/// Generates a key pair: writes RECRYPT480_PRIVATE_KEY_LEN bytes to `private_key_out` and
/// RECRYPT480_PUBLIC_KEY_LEN bytes to `public_key_out`.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_generate_key_pair(
    context: *const recrypt_context,
    private_key_out: *mut u8,
    private_key_capacity: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    scheme::generate_key_pair::<Bn480>(
        context,
        private_key_out,
        private_key_capacity,
        public_key_out,
        public_key_capacity,
    )
}

/// Computes the public key of a private key (RECRYPT480_PUBLIC_KEY_LEN bytes). A key that is 0 mod r
/// gives RECRYPT_STATUS_INVALID_PUBLIC_KEY.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_compute_public_key(
    private_key: *const u8,
    private_key_len: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    scheme::compute_public_key::<Bn480>(
        private_key,
        private_key_len,
        public_key_out,
        public_key_capacity,
    )
}

/// Checks that 120 bytes are a valid public key (on the curve after reduction) and writes its
/// canonical encoding (RECRYPT480_PUBLIC_KEY_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt480_public_key_canonicalize(
    public_key: *const u8,
    public_key_len: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    scheme::public_key_canonicalize::<Bn480>(
        public_key,
        public_key_len,
        public_key_out,
        public_key_capacity,
    )
}

/// Adds two private keys mod r (recrypt `augment_plus`, npm `addPrivateKeys`).
#[no_mangle]
pub unsafe extern "C" fn recrypt480_add_private_keys(
    private_key_a: *const u8,
    private_key_a_len: usize,
    private_key_b: *const u8,
    private_key_b_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    scheme::add_private_keys::<Bn480>(
        private_key_a,
        private_key_a_len,
        private_key_b,
        private_key_b_len,
        private_key_out,
        private_key_capacity,
    )
}

/// Subtracts private key b from a mod r (recrypt `augment_minus`, npm `subtractPrivateKeys`).
#[no_mangle]
pub unsafe extern "C" fn recrypt480_subtract_private_keys(
    private_key_a: *const u8,
    private_key_a_len: usize,
    private_key_b: *const u8,
    private_key_b_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    scheme::subtract_private_keys::<Bn480>(
        private_key_a,
        private_key_a_len,
        private_key_b,
        private_key_b_len,
        private_key_out,
        private_key_capacity,
    )
}

/// Adds two public keys (recrypt's `PublicKey::augment`).
#[no_mangle]
pub unsafe extern "C" fn recrypt480_augment_public_key(
    public_key_a: *const u8,
    public_key_a_len: usize,
    public_key_b: *const u8,
    public_key_b_len: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    scheme::augment_public_key::<Bn480>(
        public_key_a,
        public_key_a_len,
        public_key_b,
        public_key_b_len,
        public_key_out,
        public_key_capacity,
    )
}

/// Generates a random plaintext (RECRYPT480_PLAINTEXT_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt480_generate_plaintext(
    context: *const recrypt_context,
    plaintext_out: *mut u8,
    plaintext_capacity: usize,
) -> recrypt_status {
    scheme::generate_plaintext::<Bn480>(context, plaintext_out, plaintext_capacity)
}

/// SHA-256 of the plaintext's canonical encoding (RECRYPT_SYMMETRIC_KEY_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt480_derive_symmetric_key(
    plaintext: *const u8,
    plaintext_len: usize,
    symmetric_key_out: *mut u8,
    symmetric_key_capacity: usize,
) -> recrypt_status {
    scheme::derive_symmetric_key::<Bn480>(
        plaintext,
        plaintext_len,
        symmetric_key_out,
        symmetric_key_capacity,
    )
}

/// A private key derived from a plaintext (spec A.4): the last 28 bytes of
/// SHA256(0x00 ‖ plaintext) followed by SHA256(0x01 ‖ plaintext), mod p.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_derive_private_key(
    plaintext: *const u8,
    plaintext_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    scheme::derive_private_key::<Bn480>(
        plaintext,
        plaintext_len,
        private_key_out,
        private_key_capacity,
    )
}

/// Encrypts a plaintext to a public key, signed with an Ed25519 signing key pair. Writes the
/// encoded encrypted value (RECRYPT480_ENCRYPTED_VALUE_BASE_LEN bytes) and its length.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_encrypt(
    context: *const recrypt_context,
    plaintext: *const u8,
    plaintext_len: usize,
    public_key: *const u8,
    public_key_len: usize,
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    encrypted_value_out: *mut u8,
    encrypted_value_capacity: usize,
    encrypted_value_len_out: *mut usize,
) -> recrypt_status {
    scheme::encrypt::<Bn480>(
        context,
        plaintext,
        plaintext_len,
        public_key,
        public_key_len,
        signing_key_pair,
        signing_key_pair_len,
        encrypted_value_out,
        encrypted_value_capacity,
        encrypted_value_len_out,
    )
}

/// Decrypts an encoded encrypted value of any level with the final recipient's private key.
/// Writes RECRYPT480_PLAINTEXT_LEN bytes. A value with more than `max_transform_blocks` transform
/// blocks is refused (RECRYPT_STATUS_TOO_MANY_TRANSFORM_BLOCKS) before any work: decryption costs
/// two pairings per block. RECRYPT_MAX_TRANSFORM_BLOCKS sets no limit beyond the format's.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_decrypt(
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    max_transform_blocks: usize,
    private_key: *const u8,
    private_key_len: usize,
    plaintext_out: *mut u8,
    plaintext_capacity: usize,
) -> recrypt_status {
    scheme::decrypt::<Bn480>(
        encrypted_value,
        encrypted_value_len,
        max_transform_blocks,
        private_key,
        private_key_len,
        plaintext_out,
        plaintext_capacity,
    )
}

/// Generates a transform key from a private key to a public key, signed with an Ed25519 signing
/// key pair. Writes the encoded transform key (RECRYPT480_TRANSFORM_KEY_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt480_generate_transform_key(
    context: *const recrypt_context,
    from_private_key: *const u8,
    from_private_key_len: usize,
    to_public_key: *const u8,
    to_public_key_len: usize,
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    transform_key_out: *mut u8,
    transform_key_capacity: usize,
) -> recrypt_status {
    scheme::generate_transform_key::<Bn480>(
        context,
        from_private_key,
        from_private_key_len,
        to_public_key,
        to_public_key_len,
        signing_key_pair,
        signing_key_pair_len,
        transform_key_out,
        transform_key_capacity,
    )
}

/// Transforms an encoded encrypted value with a transform key, re-signing it with the transformer's
/// signing key pair. The output has one more transform block: its length is the input length plus
/// RECRYPT480_TRANSFORM_BLOCK_LEN, written to `encrypted_value_len_out` before any work is done. When
/// the output would have more than `max_transform_blocks` blocks (the input has
/// `max_transform_blocks` or more), the call is refused with
/// RECRYPT_STATUS_TOO_MANY_TRANSFORM_BLOCKS before any work.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_transform(
    context: *const recrypt_context,
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    max_transform_blocks: usize,
    transform_key: *const u8,
    transform_key_len: usize,
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    encrypted_value_out: *mut u8,
    encrypted_value_capacity: usize,
    encrypted_value_len_out: *mut usize,
) -> recrypt_status {
    scheme::transform::<Bn480>(
        context,
        encrypted_value,
        encrypted_value_len,
        max_transform_blocks,
        transform_key,
        transform_key_len,
        signing_key_pair,
        signing_key_pair_len,
        encrypted_value_out,
        encrypted_value_capacity,
        encrypted_value_len_out,
    )
}

/// Decodes and checks an encoded transform key once (its encoding, its points and its Ed25519
/// signature, as `recrypt480_transform` does on every call) and writes a prepared key to
/// `prepared_out`, for any number of `recrypt480_transform_prepared` calls. A key whose signature
/// does not verify is refused (RECRYPT_STATUS_INVALID_TRANSFORM_KEY_SIGNATURE). Free the key with
/// `recrypt_prepared_transform_key_free`.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_prepare_transform_key(
    transform_key: *const u8,
    transform_key_len: usize,
    prepared_out: *mut *mut recrypt_prepared_transform_key,
) -> recrypt_status {
    scheme::prepare_transform_key::<Bn480>(transform_key, transform_key_len, prepared_out)
}

/// `recrypt480_transform` with a key from `recrypt480_prepare_transform_key`: the same output
/// (and the same draws from the context), without checking the key again. A key prepared for
/// the other curve is refused with RECRYPT_STATUS_MALFORMED_ENCODING. The key may be used by
/// any number of threads at once.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_transform_prepared(
    context: *const recrypt_context,
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    max_transform_blocks: usize,
    prepared_transform_key: *const recrypt_prepared_transform_key,
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    encrypted_value_out: *mut u8,
    encrypted_value_capacity: usize,
    encrypted_value_len_out: *mut usize,
) -> recrypt_status {
    scheme::transform_prepared::<Bn480>(
        context,
        encrypted_value,
        encrypted_value_len,
        max_transform_blocks,
        prepared_transform_key,
        signing_key_pair,
        signing_key_pair_len,
        encrypted_value_out,
        encrypted_value_capacity,
        encrypted_value_len_out,
    )
}

/// Checks an encoded encrypted value: its encoding, its points, and its Ed25519 signature.
/// `is_valid_out` receives 1 when the signature verifies, 0 when it does not; decoding failures
/// are reported as a status.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_encrypted_value_verify(
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    scheme::encrypted_value_verify::<Bn480>(encrypted_value, encrypted_value_len, is_valid_out)
}

/// Checks an encoded transform key: its encoding, its points, and its Ed25519 signature.
/// `is_valid_out` receives 1 when the signature verifies, 0 when it does not.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_transform_key_verify(
    transform_key: *const u8,
    transform_key_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    scheme::transform_key_verify::<Bn480>(transform_key, transform_key_len, is_valid_out)
}

/// Augments a transform key with a private key (recrypt's `TransformKey::augment`): only the hashed
/// temp key changes; the signature is kept. Writes RECRYPT480_TRANSFORM_KEY_LEN bytes.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_augment_transform_key(
    transform_key: *const u8,
    transform_key_len: usize,
    private_key: *const u8,
    private_key_len: usize,
    transform_key_out: *mut u8,
    transform_key_capacity: usize,
) -> recrypt_status {
    scheme::augment_transform_key::<Bn480>(
        transform_key,
        transform_key_len,
        private_key,
        private_key_len,
        transform_key_out,
        transform_key_capacity,
    )
}

/// IronCore's `transformKeyToBytes480` (RECRYPT480_TRANSFORM_KEY_BYTES_LEN bytes): the bytes an
/// application hashes or stores to identify a transform key; the signature is not included.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_transform_key_to_bytes(
    transform_key: *const u8,
    transform_key_len: usize,
    bytes_out: *mut u8,
    bytes_capacity: usize,
) -> recrypt_status {
    scheme::transform_key_to_bytes::<Bn480>(
        transform_key,
        transform_key_len,
        bytes_out,
        bytes_capacity,
    )
}

/// Schnorr signature (recrypt's augmentation-aware scheme) by a private key for a public key,
/// which may be augmented (RECRYPT480_SCHNORR_SIGNATURE_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt480_schnorr_sign(
    context: *const recrypt_context,
    private_key: *const u8,
    private_key_len: usize,
    public_key: *const u8,
    public_key_len: usize,
    message: *const u8,
    message_len: usize,
    signature_out: *mut u8,
    signature_capacity: usize,
) -> recrypt_status {
    scheme::schnorr_sign::<Bn480>(
        context,
        private_key,
        private_key_len,
        public_key,
        public_key_len,
        message,
        message_len,
        signature_out,
        signature_capacity,
    )
}

/// Verifies a Schnorr signature. `augmenting_private_key` is the private key an augmented public key
/// includes, or NULL with length 0 for none. `is_valid_out` receives 1 or 0.
#[no_mangle]
pub unsafe extern "C" fn recrypt480_schnorr_verify(
    public_key: *const u8,
    public_key_len: usize,
    augmenting_private_key: *const u8,
    augmenting_private_key_len: usize,
    message: *const u8,
    message_len: usize,
    signature: *const u8,
    signature_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    scheme::schnorr_verify::<Bn480>(
        public_key,
        public_key_len,
        augmenting_private_key,
        augmenting_private_key_len,
        message,
        message_len,
        signature,
        signature_len,
        is_valid_out,
    )
}
