//! The C ABI of Api256: recrypt's 256-bit curve (spec section 4), the `recrypt_*` functions and
//! the `RECRYPT_*` sizes. The bodies are shared with Api480 (`scheme.rs`).

use super::{recrypt_context, recrypt_prepared_transform_key, recrypt_status, scheme};
use crate::api::common::Sizes;
use crate::encoding::{Layout, Tags};
use crate::params::Bn256;

/// Private key: 32 bytes, big-endian integer (reduced mod p when read).
pub const RECRYPT_PRIVATE_KEY_LEN: usize = 32;
/// Public key: x ‖ y, 32 bytes each.
pub const RECRYPT_PUBLIC_KEY_LEN: usize = 64;
/// Plaintext: an F_p12 element, 384 bytes.
pub const RECRYPT_PLAINTEXT_LEN: usize = 384;
/// An F_p12 element inside an encoding (encrypted message, encrypted temp keys): 384 bytes.
pub const RECRYPT_FP12_LEN: usize = 384;
/// Schnorr signature: r ‖ s, 64 bytes.
pub const RECRYPT_SCHNORR_SIGNATURE_LEN: usize = 64;
/// Hashed temp key inside a transform key (a twist point): 128 bytes.
pub const RECRYPT_HASHED_TEMP_KEY_LEN: usize = 128;
/// One transform block inside an encoded encrypted value: 896 bytes.
pub const RECRYPT_TRANSFORM_BLOCK_LEN: usize = 896;
/// Encoded encrypted value without transform blocks; add RECRYPT_TRANSFORM_BLOCK_LEN per block.
pub const RECRYPT_ENCRYPTED_VALUE_BASE_LEN: usize = 580;
/// Encoded transform key: 738 bytes.
pub const RECRYPT_TRANSFORM_KEY_LEN: usize = 738;
/// IronCore's `transformKeyToBytes256` serialization: 672 bytes.
pub const RECRYPT_TRANSFORM_KEY_BYTES_LEN: usize = 672;
/// Type tag (second byte) of an encoded Api256 encrypted value.
pub const RECRYPT_TAG_ENCRYPTED_VALUE: u8 = 1;
/// Type tag (second byte) of an encoded Api256 transform key.
pub const RECRYPT_TAG_TRANSFORM_KEY: u8 = 2;

const _: () = {
    assert!(RECRYPT_PRIVATE_KEY_LEN == Sizes::<Bn256>::PRIVATE_KEY);
    assert!(RECRYPT_PUBLIC_KEY_LEN == Sizes::<Bn256>::PUBLIC_KEY);
    assert!(RECRYPT_PLAINTEXT_LEN == Sizes::<Bn256>::PLAINTEXT);
    assert!(RECRYPT_FP12_LEN == Sizes::<Bn256>::FP12);
    assert!(RECRYPT_SCHNORR_SIGNATURE_LEN == Sizes::<Bn256>::SCHNORR_SIGNATURE);
    assert!(RECRYPT_HASHED_TEMP_KEY_LEN == Sizes::<Bn256>::HASHED_TEMP_KEY);
    assert!(RECRYPT_TRANSFORM_BLOCK_LEN == Layout::<Bn256>::TRANSFORM_BLOCK);
    assert!(RECRYPT_ENCRYPTED_VALUE_BASE_LEN == Layout::<Bn256>::ENCRYPTED_VALUE_BASE);
    assert!(RECRYPT_TRANSFORM_KEY_LEN == Layout::<Bn256>::TRANSFORM_KEY);
    assert!(RECRYPT_TRANSFORM_KEY_BYTES_LEN == Sizes::<Bn256>::TRANSFORM_KEY_BYTES);
    assert!(RECRYPT_TAG_ENCRYPTED_VALUE == Bn256::TAG_ENCRYPTED_VALUE);
    assert!(RECRYPT_TAG_TRANSFORM_KEY == Bn256::TAG_TRANSFORM_KEY);
};

/// Generates a key pair: writes RECRYPT_PRIVATE_KEY_LEN bytes to `private_key_out` and
/// RECRYPT_PUBLIC_KEY_LEN bytes to `public_key_out`.
#[no_mangle]
pub unsafe extern "C" fn recrypt_generate_key_pair(
    context: *const recrypt_context,
    private_key_out: *mut u8,
    private_key_capacity: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    scheme::generate_key_pair::<Bn256>(
        context,
        private_key_out,
        private_key_capacity,
        public_key_out,
        public_key_capacity,
    )
}

/// Computes the public key of a private key (RECRYPT_PUBLIC_KEY_LEN bytes). A key that is 0 mod r
/// gives RECRYPT_STATUS_INVALID_PUBLIC_KEY.
#[no_mangle]
pub unsafe extern "C" fn recrypt_compute_public_key(
    private_key: *const u8,
    private_key_len: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    scheme::compute_public_key::<Bn256>(
        private_key,
        private_key_len,
        public_key_out,
        public_key_capacity,
    )
}

/// Checks that 64 bytes are a valid public key (on the curve after reduction) and writes its
/// canonical encoding (RECRYPT_PUBLIC_KEY_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_public_key_canonicalize(
    public_key: *const u8,
    public_key_len: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    scheme::public_key_canonicalize::<Bn256>(
        public_key,
        public_key_len,
        public_key_out,
        public_key_capacity,
    )
}

/// Adds two private keys mod r (recrypt `augment_plus`, npm `addPrivateKeys`).
#[no_mangle]
pub unsafe extern "C" fn recrypt_add_private_keys(
    private_key_a: *const u8,
    private_key_a_len: usize,
    private_key_b: *const u8,
    private_key_b_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    scheme::add_private_keys::<Bn256>(
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
pub unsafe extern "C" fn recrypt_subtract_private_keys(
    private_key_a: *const u8,
    private_key_a_len: usize,
    private_key_b: *const u8,
    private_key_b_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    scheme::subtract_private_keys::<Bn256>(
        private_key_a,
        private_key_a_len,
        private_key_b,
        private_key_b_len,
        private_key_out,
        private_key_capacity,
    )
}

/// Adds two public keys (npm `augmentPublicKey256`).
#[no_mangle]
pub unsafe extern "C" fn recrypt_augment_public_key(
    public_key_a: *const u8,
    public_key_a_len: usize,
    public_key_b: *const u8,
    public_key_b_len: usize,
    public_key_out: *mut u8,
    public_key_capacity: usize,
) -> recrypt_status {
    scheme::augment_public_key::<Bn256>(
        public_key_a,
        public_key_a_len,
        public_key_b,
        public_key_b_len,
        public_key_out,
        public_key_capacity,
    )
}

/// Generates a random plaintext (RECRYPT_PLAINTEXT_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_generate_plaintext(
    context: *const recrypt_context,
    plaintext_out: *mut u8,
    plaintext_capacity: usize,
) -> recrypt_status {
    scheme::generate_plaintext::<Bn256>(context, plaintext_out, plaintext_capacity)
}

/// SHA-256 of the plaintext's canonical encoding (RECRYPT_SYMMETRIC_KEY_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_derive_symmetric_key(
    plaintext: *const u8,
    plaintext_len: usize,
    symmetric_key_out: *mut u8,
    symmetric_key_capacity: usize,
) -> recrypt_status {
    scheme::derive_symmetric_key::<Bn256>(
        plaintext,
        plaintext_len,
        symmetric_key_out,
        symmetric_key_capacity,
    )
}

/// A private key derived from a plaintext: SHA-256(plaintext) mod p.
#[no_mangle]
pub unsafe extern "C" fn recrypt_derive_private_key(
    plaintext: *const u8,
    plaintext_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    scheme::derive_private_key::<Bn256>(
        plaintext,
        plaintext_len,
        private_key_out,
        private_key_capacity,
    )
}

/// Encrypts a plaintext to a public key, signed with an Ed25519 signing key pair. Writes the
/// encoded encrypted value (RECRYPT_ENCRYPTED_VALUE_BASE_LEN bytes) and its length.
#[no_mangle]
pub unsafe extern "C" fn recrypt_encrypt(
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
    scheme::encrypt::<Bn256>(
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
/// Writes RECRYPT_PLAINTEXT_LEN bytes. A value with more than `max_transform_blocks` transform
/// blocks is refused (RECRYPT_STATUS_TOO_MANY_TRANSFORM_BLOCKS) before any work: decryption costs
/// two pairings per block. RECRYPT_MAX_TRANSFORM_BLOCKS sets no limit beyond the format's.
#[no_mangle]
pub unsafe extern "C" fn recrypt_decrypt(
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    max_transform_blocks: usize,
    private_key: *const u8,
    private_key_len: usize,
    plaintext_out: *mut u8,
    plaintext_capacity: usize,
) -> recrypt_status {
    scheme::decrypt::<Bn256>(
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
/// key pair. Writes the encoded transform key (RECRYPT_TRANSFORM_KEY_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_generate_transform_key(
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
    scheme::generate_transform_key::<Bn256>(
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
/// RECRYPT_TRANSFORM_BLOCK_LEN, written to `encrypted_value_len_out` before any work is done. When
/// the output would have more than `max_transform_blocks` blocks (the input has
/// `max_transform_blocks` or more), the call is refused with
/// RECRYPT_STATUS_TOO_MANY_TRANSFORM_BLOCKS before any work.
#[no_mangle]
pub unsafe extern "C" fn recrypt_transform(
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
    scheme::transform::<Bn256>(
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
/// signature, as `recrypt_transform` does on every call) and writes a prepared key to
/// `prepared_out`, for any number of `recrypt_transform_prepared` calls. A key whose signature
/// does not verify is refused (RECRYPT_STATUS_INVALID_TRANSFORM_KEY_SIGNATURE). Free the key with
/// `recrypt_prepared_transform_key_free`.
#[no_mangle]
pub unsafe extern "C" fn recrypt_prepare_transform_key(
    transform_key: *const u8,
    transform_key_len: usize,
    prepared_out: *mut *mut recrypt_prepared_transform_key,
) -> recrypt_status {
    scheme::prepare_transform_key::<Bn256>(transform_key, transform_key_len, prepared_out)
}

/// `recrypt_transform` with a key from `recrypt_prepare_transform_key`: the same output
/// (and the same draws from the context), without checking the key again. A key prepared for
/// the other curve is refused with RECRYPT_STATUS_MALFORMED_ENCODING. The key may be used by
/// any number of threads at once.
#[no_mangle]
pub unsafe extern "C" fn recrypt_transform_prepared(
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
    scheme::transform_prepared::<Bn256>(
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
pub unsafe extern "C" fn recrypt_encrypted_value_verify(
    encrypted_value: *const u8,
    encrypted_value_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    scheme::encrypted_value_verify::<Bn256>(encrypted_value, encrypted_value_len, is_valid_out)
}

/// Checks an encoded transform key: its encoding, its points, and its Ed25519 signature.
/// `is_valid_out` receives 1 when the signature verifies, 0 when it does not.
#[no_mangle]
pub unsafe extern "C" fn recrypt_transform_key_verify(
    transform_key: *const u8,
    transform_key_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    scheme::transform_key_verify::<Bn256>(transform_key, transform_key_len, is_valid_out)
}

/// Augments a transform key with a private key (npm `augmentTransformKey256`): only the hashed
/// temp key changes; the signature is kept. Writes RECRYPT_TRANSFORM_KEY_LEN bytes.
#[no_mangle]
pub unsafe extern "C" fn recrypt_augment_transform_key(
    transform_key: *const u8,
    transform_key_len: usize,
    private_key: *const u8,
    private_key_len: usize,
    transform_key_out: *mut u8,
    transform_key_capacity: usize,
) -> recrypt_status {
    scheme::augment_transform_key::<Bn256>(
        transform_key,
        transform_key_len,
        private_key,
        private_key_len,
        transform_key_out,
        transform_key_capacity,
    )
}

/// IronCore's `transformKeyToBytes256` (RECRYPT_TRANSFORM_KEY_BYTES_LEN bytes): the bytes an
/// application hashes or stores to identify a transform key; the signature is not included.
#[no_mangle]
pub unsafe extern "C" fn recrypt_transform_key_to_bytes(
    transform_key: *const u8,
    transform_key_len: usize,
    bytes_out: *mut u8,
    bytes_capacity: usize,
) -> recrypt_status {
    scheme::transform_key_to_bytes::<Bn256>(
        transform_key,
        transform_key_len,
        bytes_out,
        bytes_capacity,
    )
}

/// Schnorr signature (recrypt's augmentation-aware scheme) by a private key for a public key,
/// which may be augmented (RECRYPT_SCHNORR_SIGNATURE_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_schnorr_sign(
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
    scheme::schnorr_sign::<Bn256>(
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
pub unsafe extern "C" fn recrypt_schnorr_verify(
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
    scheme::schnorr_verify::<Bn256>(
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
