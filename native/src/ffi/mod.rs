//! The C ABI. Everything the .NET bindings (or any C caller) can reach is in this module and its
//! two curve modules: [`api256`] (the `recrypt_*` functions and `RECRYPT_*` sizes of Api256) and
//! [`api480`] (the `recrypt480_*` functions and `RECRYPT480_*` sizes of Api480). This file holds
//! what both share: the statuses, the context, the encoding constants, Ed25519 and SHA-256. The
//! bodies of the curve functions are written once, generic over the curve, in `scheme.rs`.
//! The two curves' values are distinct: each encoding carries a type tag that names its curve, so
//! an Api256 value given to an Api480 function (or the reverse) is RECRYPT_STATUS_MALFORMED_ENCODING,
//! and keys, plaintexts and signatures have different lengths (RECRYPT_STATUS_INVALID_LENGTH).
//!
//! Conventions (see also the crate documentation):
//! * Every fallible function returns a [`recrypt_status`]; outputs are written only on
//!   `RECRYPT_STATUS_OK`, except the `*_len_out` of a variable-size output, which always receives
//!   the required length (also with `RECRYPT_STATUS_BUFFER_TOO_SMALL`: the two-call size query).
//! * Inputs are `(pointer, length)` pairs; a NULL pointer with length 0 is an empty input. A fixed-
//!   size input of another length is `RECRYPT_STATUS_INVALID_LENGTH`, and so is any length above
//!   `PTRDIFF_MAX` (no object is that large; Rust may not even form such a slice).
//! * Work is bounded by the caller: decrypt and transform take `max_transform_blocks`, and a value
//!   with more blocks is refused with `RECRYPT_STATUS_TOO_MANY_TRANSFORM_BLOCKS` before any pairing.
//! * Outputs are caller-owned `(pointer, capacity)` buffers; a capacity below the size is
//!   `RECRYPT_STATUS_BUFFER_TOO_SMALL`. Sizes are the exported `RECRYPT_*_LEN` constants.
//! * Only the context is allocated by the library; `recrypt_context_free` releases it.
//! * Every export runs inside a panic boundary: a panic becomes `RECRYPT_STATUS_PANIC`.
//! * Every export zeroes the 128 KiB of stack below its frame before returning (secrets the compiler
//!   copied there): a calling thread needs about 256 KiB of stack (default threads have megabytes).
//! * Functions that take `const recrypt_context *` may be called concurrently from any thread.
//! * Only pointers, `size_t`, `uint32_t` and the `int32_t` status cross: no structs, no bool.

pub mod api256;
pub mod api480;
mod scheme;

pub use api256::*;
pub use api480::*;

use crate::api::common::{self, Curve, Error, Recrypt, Sizes};
use crate::api::signing::{self, SigningKeyPair};
use crate::encoding::{self, DecodeError};
use crate::field::ByteArray;
use crate::rng::{CompatibleRng, OsRandom, RandomSource, RandomSourceError};
use core::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;
use zeroize::Zeroize;

/// Version of this C ABI: bumped on any change to a signature, a status value, a constant or an
/// encoding. The bindings compare it with their own when the library loads.
pub const RECRYPT_ABI_VERSION: u32 = 4;

/// Ed25519 signing key pair: seed ‖ public key, 64 bytes (both curves).
pub const RECRYPT_SIGNING_KEY_PAIR_LEN: usize = 64;
/// Ed25519 public key: 32 bytes.
pub const RECRYPT_PUBLIC_SIGNING_KEY_LEN: usize = 32;
/// Ed25519 signature: 64 bytes.
pub const RECRYPT_ED25519_SIGNATURE_LEN: usize = 64;
/// SHA-256 digest: 32 bytes.
pub const RECRYPT_HASH_LEN: usize = 32;
/// Symmetric key derived from a plaintext: 32 bytes (both curves).
pub const RECRYPT_SYMMETRIC_KEY_LEN: usize = 32;
/// Auth hash inside an encrypted value: 32 bytes (both curves).
pub const RECRYPT_AUTH_HASH_LEN: usize = 32;
/// The most transform blocks an encoded encrypted value can carry (both curves).
pub const RECRYPT_MAX_TRANSFORM_BLOCKS: usize = 65535;
/// Version byte at the start of every encoded encrypted value and transform key.
pub const RECRYPT_ENCODING_VERSION: u32 = 1;
/// Bytes before the first field of an encoding: the version byte and the type tag.
pub const RECRYPT_ENCODING_HEADER_LEN: usize = 2;
/// Bytes of the big-endian transform block count that ends an encrypted value's fixed part.
pub const RECRYPT_BLOCK_COUNT_LEN: usize = 2;

// The ABI constants are literals so that cbindgen and the C# generator can read them; these
// compile-time checks tie each one to the value the implementation uses.
const _: () = {
    assert!(RECRYPT_SIGNING_KEY_PAIR_LEN == common::SIGNING_KEY_PAIR_LEN);
    assert!(RECRYPT_PUBLIC_SIGNING_KEY_LEN == common::PUBLIC_SIGNING_KEY_LEN);
    assert!(RECRYPT_ED25519_SIGNATURE_LEN == common::ED25519_SIGNATURE_LEN);
    assert!(RECRYPT_SYMMETRIC_KEY_LEN == common::SYMMETRIC_KEY_LEN);
    assert!(RECRYPT_AUTH_HASH_LEN == common::AUTH_HASH_LEN);
    assert!(RECRYPT_MAX_TRANSFORM_BLOCKS == encoding::MAX_TRANSFORM_BLOCKS);
    assert!(RECRYPT_ENCODING_VERSION == encoding::FORMAT_VERSION as u32);
    assert!(RECRYPT_ENCODING_HEADER_LEN == encoding::HEADER_LEN);
    assert!(RECRYPT_BLOCK_COUNT_LEN == encoding::BLOCK_COUNT_LEN);
};

/// Result of every fallible call. Values are stable: never renumbered, never reused.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum recrypt_status {
    /// Success.
    Ok = 0,
    /// A required pointer was NULL (with a non-zero length, or an output/context pointer).
    NullArgument = 100,
    /// A fixed-size input had the wrong length.
    InvalidLength = 101,
    /// An output buffer was too small; `*_len_out`, where there is one, holds the size needed.
    BufferTooSmall = 102,
    /// An encoded value is not in the canonical encoding (length, type tag or framing).
    MalformedEncoding = 103,
    /// An encoded value has a format version this library does not read.
    UnsupportedEncodingVersion = 104,
    /// An encrypted value has more transform blocks than the caller's `max_transform_blocks`.
    TooManyTransformBlocks = 105,
    /// A public key is not on the curve, or a key or result is the point at infinity.
    InvalidPublicKey = 200,
    /// The Ed25519 signature of an encrypted value does not verify.
    InvalidEncryptedValueSignature = 201,
    /// The Ed25519 signature of a transform key does not verify.
    InvalidTransformKeySignature = 202,
    /// Decryption failed: wrong private key, or the value was altered.
    DecryptFailed = 203,
    /// A hashed temp key is not a point on the twisted curve.
    DecodeFailed = 204,
    /// A signing key pair whose public half does not belong to its seed.
    InvalidSigningKeyPair = 205,
    /// The operating system's random source failed.
    RandomSourceFailed = 300,
    /// A bug: the library panicked. Nothing was written.
    Panic = 900,
}

use recrypt_status as Status;

/// The message for a status: a static, NUL-terminated string, never freed. Unknown values get
/// a generic message.
#[no_mangle]
pub extern "C" fn recrypt_status_message(status: i32) -> *const c_char {
    let msg: &'static [u8] = match status {
        0 => b"Success.\0",
        100 => b"A required pointer argument was NULL.\0",
        101 => b"An input had the wrong length for its type.\0",
        102 => b"The output buffer is too small.\0",
        103 => b"The bytes are not a canonical encoding of the expected type.\0",
        104 => b"The encoding has a format version this library does not read.\0",
        105 => b"The encrypted value has more transform blocks than the caller allows.\0",
        200 => b"The public key was not valid. Ensure it was generated from a valid PrivateKey.\0",
        201 => b"The signature of the encrypted value could not be verified.\0",
        202 => b"The transform key signature was incorrect.\0",
        203 => b"The decryption failed. Ensure you're using the correct PrivateKey.\0",
        204 => b"The bytes could not be decoded into the appropriate data type.\0",
        205 => b"The signing public key provided was invalid.\0",
        300 => b"The operating system's random source failed.\0",
        900 => b"Internal error: the native library panicked.\0",
        _ => b"Unknown status.\0",
    };
    msg.as_ptr() as *const c_char
}

/// The ABI version this library implements (RECRYPT_ABI_VERSION).
#[no_mangle]
pub extern "C" fn recrypt_abi_version() -> u32 {
    RECRYPT_ABI_VERSION
}

/// A static, NUL-terminated description of this build, e.g. "recrypt-ffi/0.1.0 (Api256, Api480)".
#[no_mangle]
pub extern "C" fn recrypt_version() -> *const c_char {
    concat!(
        "recrypt-ffi/",
        env!("CARGO_PKG_VERSION"),
        " (Api256, Api480; recrypt 0.14/0.15 wire format)\0"
    )
    .as_ptr() as *const c_char
}

impl From<Error> for Status {
    fn from(e: Error) -> Self {
        match e {
            Error::DecryptFailed => Status::DecryptFailed,
            Error::InvalidEncryptedMessageSignature => Status::InvalidEncryptedValueSignature,
            Error::InvalidPublicKey => Status::InvalidPublicKey,
            Error::InvalidTransformKey => Status::InvalidTransformKeySignature,
            Error::DecodeFailure => Status::DecodeFailed,
            Error::InvalidSigningKeyPair => Status::InvalidSigningKeyPair,
            Error::RandomSource => Status::RandomSourceFailed,
        }
    }
}

impl From<DecodeError> for Status {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::Length | DecodeError::Malformed => Status::MalformedEncoding,
            DecodeError::Version => Status::UnsupportedEncodingVersion,
            DecodeError::Invalid(e) => e.into(),
        }
    }
}

pub(crate) type FfiResult<T = ()> = Result<T, Status>;

/// Runs an export's body, turning a panic into `RECRYPT_STATUS_PANIC`, then wipes the stack the
/// body used.
pub(crate) fn boundary(body: impl FnOnce() -> FfiResult) -> Status {
    let status = match catch_unwind(AssertUnwindSafe(|| run_body(body))) {
        Ok(Ok(())) => Status::Ok,
        Ok(Err(status)) => status,
        Err(_) => Status::Panic,
    };
    scrub_stack();
    status
}

/// Runs the body in a frame of its own, below the frame that calls [`scrub_stack`] (unwinding may
/// otherwise inline the body into the export's frame, where the scrub cannot reach its locals).
#[inline(never)]
fn run_body(body: impl FnOnce() -> FfiResult) -> FfiResult {
    body()
}

/// How much stack below an export's frame [`scrub_stack`] zeroes: more than the deepest call uses
/// (`tests/secrets.rs` scans 512 KiB below the caller and fails if a secret survives anywhere).
const STACK_SCRUB_LEN: usize = 128 * 1024;

/// Zeroes the stack the body of an export used. The values the code wipes explicitly (keys,
/// plaintexts, temp keys) are not the only copies: the compiler spills, moves and copies them
/// through registers and stack slots no source line names, and ring's signing leaves its nonce
/// and expanded key in its own frames. This frame starts where the body's frames did, so filling
/// it with zeros overwrites all of them (libgcrypt's "burn stack"). `black_box` keeps the
/// compiler from eliding the store (a memset: a few microseconds per call).
#[inline(never)]
fn scrub_stack() {
    let area = [0u8; STACK_SCRUB_LEN];
    core::hint::black_box(&area);
}

/// Writes a secret output, then wipes this copy of it.
unsafe fn write_secret<B: ByteArray>(ptr: *mut u8, capacity: usize, mut value: B) -> FfiResult {
    let result = write_out(ptr, capacity, value.as_ref());
    value.zeroize();
    result
}

/// Runs `body` inside the same panic boundary as every export, so tests can show that a panic
/// becomes `RECRYPT_STATUS_PANIC`. Not part of the C ABI.
#[doc(hidden)]
pub fn boundary_for_tests(body: impl FnOnce()) -> recrypt_status {
    boundary(|| {
        body();
        Ok(())
    })
}

/// An input slice; NULL with length 0 is empty. A length above `isize::MAX` cannot describe an
/// object (and `slice::from_raw_parts` requires it not to): it is refused, not read.
unsafe fn input<'a>(ptr: *const u8, len: usize) -> FfiResult<&'a [u8]> {
    if len == 0 {
        Ok(&[])
    } else if ptr.is_null() {
        Err(Status::NullArgument)
    } else if len > isize::MAX as usize {
        Err(Status::InvalidLength)
    } else {
        Ok(core::slice::from_raw_parts(ptr, len))
    }
}

/// A fixed-size input.
pub(crate) unsafe fn fixed<'a, const N: usize>(
    ptr: *const u8,
    len: usize,
) -> FfiResult<&'a [u8; N]> {
    let bytes = input(ptr, len)?;
    bytes.try_into().map_err(|_| Status::InvalidLength)
}

/// Writes `value` to a caller buffer of `capacity` bytes.
unsafe fn write_out(ptr: *mut u8, capacity: usize, value: &[u8]) -> FfiResult {
    if capacity < value.len() {
        return Err(Status::BufferTooSmall);
    }
    if ptr.is_null() {
        return Err(Status::NullArgument);
    }
    core::ptr::copy_nonoverlapping(value.as_ptr(), ptr, value.len());
    Ok(())
}

/// Checks a fixed-size output buffer before any work is done.
fn check_out(ptr: *mut u8, capacity: usize, size: usize) -> FfiResult {
    if capacity < size {
        Err(Status::BufferTooSmall)
    } else if ptr.is_null() {
        Err(Status::NullArgument)
    } else {
        Ok(())
    }
}

/// Checks a variable-size output before any work: stores the needed length in `len_out`.
unsafe fn check_var_out(
    ptr: *mut u8,
    capacity: usize,
    len_out: *mut usize,
    size: usize,
) -> FfiResult {
    if len_out.is_null() {
        return Err(Status::NullArgument);
    }
    *len_out = size;
    check_out(ptr, capacity, size)
}

/// Writes an encrypted value with `blocks` transform blocks to a variable-size output
/// `(buffer, capacity, len_out)`: the size is reported (the two-call query) before `produce` does
/// any work or draws any randomness, then the value's encoding is written.
unsafe fn write_encrypted_value<C: encoding::Tags>(
    out: (*mut u8, usize, *mut usize),
    blocks: usize,
    produce: impl FnOnce() -> common::Result<common::EncryptedValue<C>>,
) -> FfiResult {
    if blocks > encoding::MAX_TRANSFORM_BLOCKS {
        return Err(Status::MalformedEncoding);
    }
    check_var_out(
        out.0,
        out.1,
        out.2,
        encoding::encrypted_value_len::<C>(blocks),
    )?;
    let value = produce()?;
    write_out(out.0, out.1, &encoding::encode_encrypted_value(&value))
}

unsafe fn write_u32(ptr: *mut u32, value: u32) -> FfiResult {
    if ptr.is_null() {
        return Err(Status::NullArgument);
    }
    *ptr = value;
    Ok(())
}

/// A fixed-size input as one of the scheme's byte arrays.
unsafe fn fixed_array<B: ByteArray>(ptr: *const u8, len: usize) -> FfiResult<B> {
    let bytes = input(ptr, len)?;
    if bytes.len() != B::LEN {
        return Err(Status::InvalidLength);
    }
    Ok(B::copy_from(bytes))
}

unsafe fn private_key<C: Curve>(ptr: *const u8, len: usize) -> FfiResult<common::PrivateKey<C>> {
    let mut bytes: crate::params::FieldBytes<C> = fixed_array(ptr, len)?;
    let key = common::PrivateKey::from_bytes(&bytes);
    bytes.zeroize();
    Ok(key)
}

unsafe fn public_key<C: Curve>(ptr: *const u8, len: usize) -> FfiResult<common::PublicKey<C>> {
    Ok(common::PublicKey::from_bytes(&fixed_array(ptr, len)?)?)
}

unsafe fn signing_key_pair(ptr: *const u8, len: usize) -> FfiResult<SigningKeyPair> {
    Ok(SigningKeyPair::from_bytes(fixed::<64>(ptr, len)?)?)
}

unsafe fn plaintext<C: Curve>(ptr: *const u8, len: usize) -> FfiResult<common::Plaintext<C>> {
    let mut bytes: C::Fp12Bytes = fixed_array(ptr, len)?;
    let pt = common::Plaintext::from_bytes(&bytes);
    bytes.zeroize();
    Ok(pt)
}

// ---------------------------------------------------------------------------------------------
// Context

pub(crate) enum Randomness {
    Os,
    Compatible(Box<Mutex<CompatibleRng>>),
}

/// The library context: the source of randomness. Opaque to C.
pub struct recrypt_context {
    randomness: Randomness,
}

impl RandomSource for &recrypt_context {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomSourceError> {
        match &self.randomness {
            Randomness::Os => OsRandom.fill(buf),
            Randomness::Compatible(rng) => {
                // A poisoned lock only means another thread panicked mid-draw; the stream stays valid.
                let mut guard = rng.lock().unwrap_or_else(|e| e.into_inner());
                guard.fill(buf)
            }
        }
    }
}

unsafe fn api_for<'a, C: Curve>(
    ptr: *const recrypt_context,
) -> FfiResult<Recrypt<C, &'a recrypt_context>> {
    ptr.as_ref().map(Recrypt::new).ok_or(Status::NullArgument)
}

pub(crate) unsafe fn store_context(
    out: *mut *mut recrypt_context,
    randomness: Randomness,
) -> FfiResult {
    if out.is_null() {
        return Err(Status::NullArgument);
    }
    *out = Box::into_raw(Box::new(recrypt_context { randomness }));
    Ok(())
}

/// Creates a context whose randomness comes from the operating system. Free it with
/// `recrypt_context_free`. The context may be shared by any number of threads.
#[no_mangle]
pub unsafe extern "C" fn recrypt_context_new(
    context_out: *mut *mut recrypt_context,
) -> recrypt_status {
    boundary(|| store_context(context_out, Randomness::Os))
}

/// Frees a context. NULL is ignored. Must not race with other calls on the same context, and must
/// be called at most once per context.
#[no_mangle]
pub unsafe extern "C" fn recrypt_context_free(context: *mut recrypt_context) {
    if !context.is_null() {
        let _ = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(context))));
    }
}

// ---------------------------------------------------------------------------------------------
// Prepared transform keys

/// A transform key decoded and checked once (`recrypt_prepare_transform_key`,
/// `recrypt480_prepare_transform_key`) for any number of transforms with
/// `recrypt_transform_prepared` / `recrypt480_transform_prepared`, which skip the key's checks.
/// Opaque to C; it holds no secret. Free it with `recrypt_prepared_transform_key_free`.
pub struct recrypt_prepared_transform_key {
    key: scheme::PreparedKey,
}

/// Frees a prepared transform key. NULL is ignored. Must not race with a transform that uses the
/// key, and must be called at most once per key.
#[no_mangle]
pub unsafe extern "C" fn recrypt_prepared_transform_key_free(
    key: *mut recrypt_prepared_transform_key,
) {
    if !key.is_null() {
        let _ = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(key))));
    }
}

// ---------------------------------------------------------------------------------------------
// Ed25519 and SHA-256 (the same on both curves)

/// Generates an Ed25519 signing key pair (RECRYPT_SIGNING_KEY_PAIR_LEN bytes: seed ‖ public key).
#[no_mangle]
pub unsafe extern "C" fn recrypt_generate_signing_key_pair(
    context: *const recrypt_context,
    signing_key_pair_out: *mut u8,
    signing_key_pair_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let mut randomness = context.as_ref().ok_or(Status::NullArgument)?;
        check_out(
            signing_key_pair_out,
            signing_key_pair_capacity,
            RECRYPT_SIGNING_KEY_PAIR_LEN,
        )?;
        let pair = SigningKeyPair::generate(&mut randomness)?;
        write_secret(
            signing_key_pair_out,
            signing_key_pair_capacity,
            pair.to_bytes(),
        )
    })
}

/// The public half of a validated signing key pair (RECRYPT_PUBLIC_SIGNING_KEY_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_compute_public_signing_key(
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    public_signing_key_out: *mut u8,
    public_signing_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let pair = self::signing_key_pair(signing_key_pair, signing_key_pair_len)?;
        write_out(
            public_signing_key_out,
            public_signing_key_capacity,
            &pair.public_key(),
        )
    })
}

/// RFC 8032 Ed25519 signature of a message (RECRYPT_ED25519_SIGNATURE_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_ed25519_sign(
    signing_key_pair: *const u8,
    signing_key_pair_len: usize,
    message: *const u8,
    message_len: usize,
    signature_out: *mut u8,
    signature_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let pair = self::signing_key_pair(signing_key_pair, signing_key_pair_len)?;
        let message = input(message, message_len)?;
        check_out(
            signature_out,
            signature_capacity,
            RECRYPT_ED25519_SIGNATURE_LEN,
        )?;
        write_out(signature_out, signature_capacity, &pair.sign(message))
    })
}

/// Verifies an Ed25519 signature: `is_valid_out` receives 1 or 0.
#[no_mangle]
pub unsafe extern "C" fn recrypt_ed25519_verify(
    public_signing_key: *const u8,
    public_signing_key_len: usize,
    message: *const u8,
    message_len: usize,
    signature: *const u8,
    signature_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    boundary(|| {
        let key = fixed::<32>(public_signing_key, public_signing_key_len)?;
        let message = input(message, message_len)?;
        let signature = fixed::<64>(signature, signature_len)?;
        write_u32(
            is_valid_out,
            signing::ed25519_verify(key, message, signature) as u32,
        )
    })
}

/// Whether a public signing key can verify signatures at all: the canonical encoding of a point
/// of edwards25519 that is not of small order (RFC 8032's strict reading; see docs/security.md).
/// `is_valid_out` receives 1 or 0. Every key made from a seed passes.
#[no_mangle]
pub unsafe extern "C" fn recrypt_ed25519_public_key_is_valid(
    public_signing_key: *const u8,
    public_signing_key_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    boundary(|| {
        let key = fixed::<32>(public_signing_key, public_signing_key_len)?;
        write_u32(
            is_valid_out,
            signing::is_valid_ed25519_public_key(key) as u32,
        )
    })
}

/// SHA-256 of any bytes (RECRYPT_HASH_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_hash256(
    data: *const u8,
    data_len: usize,
    hash_out: *mut u8,
    hash_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let data = input(data, data_len)?;
        write_out(hash_out, hash_capacity, &signing::hash256(data))
    })
}
