//! The C ABI. Everything the .NET bindings (or any C caller) can reach is in this file.
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

use crate::api256::{self, Api256, Error, PrivateKey, PublicKey, SigningKeyPair};
use crate::encoding::{self, DecodeError};
use crate::rng::{CompatibleRng, OsRandom, RandomSource, RandomSourceError};
use core::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;
use zeroize::Zeroize;

/// Version of this C ABI: bumped on any change to a signature, a status value, a constant or an
/// encoding. The bindings compare it with their own when the library loads.
pub const RECRYPT_ABI_VERSION: u32 = 2;

/// Private key: 32 bytes, big-endian integer (reduced mod p when read).
pub const RECRYPT_PRIVATE_KEY_LEN: usize = 32;
/// Public key: x ‖ y, 32 bytes each.
pub const RECRYPT_PUBLIC_KEY_LEN: usize = 64;
/// Plaintext: an F_p12 element, 384 bytes.
pub const RECRYPT_PLAINTEXT_LEN: usize = 384;
/// Symmetric key derived from a plaintext: 32 bytes.
pub const RECRYPT_SYMMETRIC_KEY_LEN: usize = 32;
/// Ed25519 signing key pair: seed ‖ public key, 64 bytes.
pub const RECRYPT_SIGNING_KEY_PAIR_LEN: usize = 64;
/// Ed25519 public key: 32 bytes.
pub const RECRYPT_PUBLIC_SIGNING_KEY_LEN: usize = 32;
/// Ed25519 signature: 64 bytes.
pub const RECRYPT_ED25519_SIGNATURE_LEN: usize = 64;
/// Schnorr signature: r ‖ s, 64 bytes.
pub const RECRYPT_SCHNORR_SIGNATURE_LEN: usize = 64;
/// SHA-256 digest: 32 bytes.
pub const RECRYPT_HASH_LEN: usize = 32;
/// Auth hash inside an encrypted value: 32 bytes.
pub const RECRYPT_AUTH_HASH_LEN: usize = 32;
/// Hashed temp key inside a transform key (a twist point): 128 bytes.
pub const RECRYPT_HASHED_TEMP_KEY_LEN: usize = 128;
/// One transform block inside an encoded encrypted value: 896 bytes.
pub const RECRYPT_TRANSFORM_BLOCK_LEN: usize = 896;
/// Encoded encrypted value without transform blocks; add RECRYPT_TRANSFORM_BLOCK_LEN per block.
pub const RECRYPT_ENCRYPTED_VALUE_BASE_LEN: usize = 580;
/// The most transform blocks an encoded encrypted value can carry.
pub const RECRYPT_MAX_TRANSFORM_BLOCKS: usize = 65535;
/// Encoded transform key: 738 bytes.
pub const RECRYPT_TRANSFORM_KEY_LEN: usize = 738;
/// IronCore's `transformKeyToBytes256` serialization: 672 bytes.
pub const RECRYPT_TRANSFORM_KEY_BYTES_LEN: usize = 672;
/// Version byte at the start of every encoded encrypted value and transform key.
pub const RECRYPT_ENCODING_VERSION: u32 = 1;

// The ABI constants are literals so that cbindgen and the C# generator can read them; these
// compile-time checks tie each one to the value the implementation uses.
const _: () = {
    assert!(RECRYPT_PRIVATE_KEY_LEN == api256::PRIVATE_KEY_LEN);
    assert!(RECRYPT_PUBLIC_KEY_LEN == api256::PUBLIC_KEY_LEN);
    assert!(RECRYPT_PLAINTEXT_LEN == api256::PLAINTEXT_LEN);
    assert!(RECRYPT_SYMMETRIC_KEY_LEN == api256::SYMMETRIC_KEY_LEN);
    assert!(RECRYPT_SIGNING_KEY_PAIR_LEN == api256::SIGNING_KEY_PAIR_LEN);
    assert!(RECRYPT_PUBLIC_SIGNING_KEY_LEN == api256::PUBLIC_SIGNING_KEY_LEN);
    assert!(RECRYPT_ED25519_SIGNATURE_LEN == api256::ED25519_SIGNATURE_LEN);
    assert!(RECRYPT_SCHNORR_SIGNATURE_LEN == api256::SCHNORR_SIGNATURE_LEN);
    assert!(RECRYPT_AUTH_HASH_LEN == api256::AUTH_HASH_LEN);
    assert!(RECRYPT_HASHED_TEMP_KEY_LEN == api256::HASHED_TEMP_KEY_LEN);
    assert!(RECRYPT_TRANSFORM_BLOCK_LEN == api256::TRANSFORM_BLOCK_LEN);
    assert!(RECRYPT_ENCRYPTED_VALUE_BASE_LEN == encoding::ENCRYPTED_VALUE_BASE_LEN);
    assert!(RECRYPT_MAX_TRANSFORM_BLOCKS == encoding::MAX_TRANSFORM_BLOCKS);
    assert!(RECRYPT_TRANSFORM_KEY_LEN == encoding::TRANSFORM_KEY_LEN);
    assert!(RECRYPT_TRANSFORM_KEY_BYTES_LEN == api256::TRANSFORM_KEY_BYTES_LEN);
    assert!(RECRYPT_ENCODING_VERSION == encoding::FORMAT_VERSION as u32);
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

/// A static, NUL-terminated description of this build, e.g. "recrypt-ffi/0.1.0 (Api256)".
#[no_mangle]
pub extern "C" fn recrypt_version() -> *const c_char {
    concat!(
        "recrypt-ffi/",
        env!("CARGO_PKG_VERSION"),
        " (Api256; recrypt 0.14 wire format)\0"
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
unsafe fn write_secret<const N: usize>(
    ptr: *mut u8,
    capacity: usize,
    mut value: [u8; N],
) -> FfiResult {
    let result = write_out(ptr, capacity, &value);
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
unsafe fn write_encrypted_value(
    out: (*mut u8, usize, *mut usize),
    blocks: usize,
    produce: impl FnOnce() -> api256::Result<api256::EncryptedValue>,
) -> FfiResult {
    if blocks > encoding::MAX_TRANSFORM_BLOCKS {
        return Err(Status::MalformedEncoding);
    }
    check_var_out(out.0, out.1, out.2, encoding::encrypted_value_len(blocks))?;
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

unsafe fn private_key(ptr: *const u8, len: usize) -> FfiResult<PrivateKey> {
    Ok(PrivateKey::from_bytes(fixed::<32>(ptr, len)?))
}

unsafe fn public_key(ptr: *const u8, len: usize) -> FfiResult<PublicKey> {
    Ok(PublicKey::from_bytes(fixed::<64>(ptr, len)?)?)
}

unsafe fn signing_key_pair(ptr: *const u8, len: usize) -> FfiResult<SigningKeyPair> {
    Ok(SigningKeyPair::from_bytes(fixed::<64>(ptr, len)?)?)
}

unsafe fn plaintext(ptr: *const u8, len: usize) -> FfiResult<api256::Plaintext> {
    Ok(api256::Plaintext::from_bytes(fixed::<384>(ptr, len)?))
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

unsafe fn api_for<'a>(ptr: *const recrypt_context) -> FfiResult<Api256<&'a recrypt_context>> {
    ptr.as_ref().map(Api256::new).ok_or(Status::NullArgument)
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
// Keys

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
    boundary(|| {
        let mut api = api_for(context)?;
        check_out(
            private_key_out,
            private_key_capacity,
            RECRYPT_PRIVATE_KEY_LEN,
        )?;
        check_out(public_key_out, public_key_capacity, RECRYPT_PUBLIC_KEY_LEN)?;
        let (private, public) = api.generate_key_pair()?;
        write_secret(private_key_out, private_key_capacity, private.to_bytes())?;
        write_out(public_key_out, public_key_capacity, &public.to_bytes())
    })
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
    boundary(|| {
        let key = self::private_key(private_key, private_key_len)?;
        check_out(public_key_out, public_key_capacity, RECRYPT_PUBLIC_KEY_LEN)?;
        let public = api256::compute_public_key(&key)?;
        write_out(public_key_out, public_key_capacity, &public.to_bytes())
    })
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
    boundary(|| {
        let key = self::public_key(public_key, public_key_len)?;
        write_out(public_key_out, public_key_capacity, &key.to_bytes())
    })
}

/// Reads two private keys and writes `op(a, b)`.
unsafe fn private_key_arithmetic(
    a: (*const u8, usize),
    b: (*const u8, usize),
    out: (*mut u8, usize),
    op: fn(&PrivateKey, &PrivateKey) -> PrivateKey,
) -> recrypt_status {
    boundary(|| {
        let a = self::private_key(a.0, a.1)?;
        let b = self::private_key(b.0, b.1)?;
        write_secret(out.0, out.1, op(&a, &b).to_bytes())
    })
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
    private_key_arithmetic(
        (private_key_a, private_key_a_len),
        (private_key_b, private_key_b_len),
        (private_key_out, private_key_capacity),
        api256::add_private_keys,
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
    private_key_arithmetic(
        (private_key_a, private_key_a_len),
        (private_key_b, private_key_b_len),
        (private_key_out, private_key_capacity),
        api256::subtract_private_keys,
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
    boundary(|| {
        let a = self::public_key(public_key_a, public_key_a_len)?;
        let b = self::public_key(public_key_b, public_key_b_len)?;
        check_out(public_key_out, public_key_capacity, RECRYPT_PUBLIC_KEY_LEN)?;
        write_out(
            public_key_out,
            public_key_capacity,
            &a.augment(&b)?.to_bytes(),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Plaintexts

/// Generates a random plaintext (RECRYPT_PLAINTEXT_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_generate_plaintext(
    context: *const recrypt_context,
    plaintext_out: *mut u8,
    plaintext_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let mut api = api_for(context)?;
        check_out(plaintext_out, plaintext_capacity, RECRYPT_PLAINTEXT_LEN)?;
        write_secret(
            plaintext_out,
            plaintext_capacity,
            api.generate_plaintext()?.to_bytes(),
        )
    })
}

/// SHA-256 of the plaintext's canonical encoding (RECRYPT_SYMMETRIC_KEY_LEN bytes).
#[no_mangle]
pub unsafe extern "C" fn recrypt_derive_symmetric_key(
    plaintext: *const u8,
    plaintext_len: usize,
    symmetric_key_out: *mut u8,
    symmetric_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let pt = self::plaintext(plaintext, plaintext_len)?;
        write_secret(
            symmetric_key_out,
            symmetric_key_capacity,
            pt.derive_symmetric_key(),
        )
    })
}

/// A private key derived from a plaintext: SHA-256(plaintext) mod p.
#[no_mangle]
pub unsafe extern "C" fn recrypt_derive_private_key(
    plaintext: *const u8,
    plaintext_len: usize,
    private_key_out: *mut u8,
    private_key_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let pt = self::plaintext(plaintext, plaintext_len)?;
        write_secret(
            private_key_out,
            private_key_capacity,
            pt.derive_private_key().to_bytes(),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Encryption and transformation

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
    boundary(|| {
        let mut api = api_for(context)?;
        let pt = self::plaintext(plaintext, plaintext_len)?;
        let to = self::public_key(public_key, public_key_len)?;
        let signing = self::signing_key_pair(signing_key_pair, signing_key_pair_len)?;
        write_encrypted_value(
            (
                encrypted_value_out,
                encrypted_value_capacity,
                encrypted_value_len_out,
            ),
            0,
            || api.encrypt(&pt, &to, &signing),
        )
    })
}

/// An encoded encrypted value with at most `max_blocks` transform blocks, checked before anything
/// else is decoded.
unsafe fn encrypted_value_within(
    ptr: *const u8,
    len: usize,
    max_blocks: usize,
) -> FfiResult<api256::EncryptedValue> {
    let bytes = input(ptr, len)?;
    if encoding::encrypted_value_block_count(bytes)? > max_blocks {
        return Err(Status::TooManyTransformBlocks);
    }
    Ok(encoding::decode_encrypted_value(bytes)?)
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
    boundary(|| {
        let value =
            encrypted_value_within(encrypted_value, encrypted_value_len, max_transform_blocks)?;
        let key = self::private_key(private_key, private_key_len)?;
        check_out(plaintext_out, plaintext_capacity, RECRYPT_PLAINTEXT_LEN)?;
        let pt = api256::decrypt(&value, &key)?;
        write_secret(plaintext_out, plaintext_capacity, pt.to_bytes())
    })
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
    boundary(|| {
        let mut api = api_for(context)?;
        let from = self::private_key(from_private_key, from_private_key_len)?;
        let to = self::public_key(to_public_key, to_public_key_len)?;
        let signing = self::signing_key_pair(signing_key_pair, signing_key_pair_len)?;
        check_out(
            transform_key_out,
            transform_key_capacity,
            RECRYPT_TRANSFORM_KEY_LEN,
        )?;
        let key = api.generate_transform_key(&from, &to, &signing)?;
        write_out(
            transform_key_out,
            transform_key_capacity,
            &encoding::encode_transform_key(&key),
        )
    })
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
    boundary(|| {
        let mut api = api_for(context)?;
        // The output carries one block more than the input, so none can fit under a limit of 0.
        let max_input_blocks = max_transform_blocks
            .checked_sub(1)
            .ok_or(Status::TooManyTransformBlocks)?;
        let value = encrypted_value_within(encrypted_value, encrypted_value_len, max_input_blocks)?;
        let key = encoding::decode_transform_key(input(transform_key, transform_key_len)?)?;
        let signing = self::signing_key_pair(signing_key_pair, signing_key_pair_len)?;
        write_encrypted_value(
            (
                encrypted_value_out,
                encrypted_value_capacity,
                encrypted_value_len_out,
            ),
            value.transform_blocks.len() + 1,
            || api.transform(&value, &key, &signing),
        )
    })
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
    boundary(|| {
        let value = encoding::decode_encrypted_value(input(encrypted_value, encrypted_value_len)?)?;
        write_u32(is_valid_out, value.verify_signature() as u32)
    })
}

/// Checks an encoded transform key: its encoding, its points, and its Ed25519 signature.
/// `is_valid_out` receives 1 when the signature verifies, 0 when it does not.
#[no_mangle]
pub unsafe extern "C" fn recrypt_transform_key_verify(
    transform_key: *const u8,
    transform_key_len: usize,
    is_valid_out: *mut u32,
) -> recrypt_status {
    boundary(|| {
        let key = encoding::decode_transform_key(input(transform_key, transform_key_len)?)?;
        write_u32(is_valid_out, key.verify_signature() as u32)
    })
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
    boundary(|| {
        let key = encoding::decode_transform_key(input(transform_key, transform_key_len)?)?;
        let augmenting = self::private_key(private_key, private_key_len)?;
        check_out(
            transform_key_out,
            transform_key_capacity,
            RECRYPT_TRANSFORM_KEY_LEN,
        )?;
        let augmented = key.augment(&augmenting)?;
        write_out(
            transform_key_out,
            transform_key_capacity,
            &encoding::encode_transform_key(&augmented),
        )
    })
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
    boundary(|| {
        let key = encoding::decode_transform_key(input(transform_key, transform_key_len)?)?;
        write_out(bytes_out, bytes_capacity, &key.to_bytes())
    })
}

// ---------------------------------------------------------------------------------------------
// Signatures and hashing

/// Generates an Ed25519 signing key pair (RECRYPT_SIGNING_KEY_PAIR_LEN bytes: seed ‖ public key).
#[no_mangle]
pub unsafe extern "C" fn recrypt_generate_signing_key_pair(
    context: *const recrypt_context,
    signing_key_pair_out: *mut u8,
    signing_key_pair_capacity: usize,
) -> recrypt_status {
    boundary(|| {
        let mut api = api_for(context)?;
        check_out(
            signing_key_pair_out,
            signing_key_pair_capacity,
            RECRYPT_SIGNING_KEY_PAIR_LEN,
        )?;
        let pair = api.generate_signing_key_pair()?;
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
            api256::ed25519_verify(key, message, signature) as u32,
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
            api256::is_valid_ed25519_public_key(key) as u32,
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
        write_out(hash_out, hash_capacity, &api256::hash256(data))
    })
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
    boundary(|| {
        let mut api = api_for(context)?;
        let key = self::private_key(private_key, private_key_len)?;
        let public = self::public_key(public_key, public_key_len)?;
        let message = input(message, message_len)?;
        check_out(
            signature_out,
            signature_capacity,
            RECRYPT_SCHNORR_SIGNATURE_LEN,
        )?;
        let signature = api.schnorr_sign(&key, &public, message)?;
        write_out(signature_out, signature_capacity, &signature)
    })
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
    boundary(|| {
        let public = self::public_key(public_key, public_key_len)?;
        let augmenting = match augmenting_private_key_len {
            0 => None,
            _ => Some(self::private_key(
                augmenting_private_key,
                augmenting_private_key_len,
            )?),
        };
        let message = input(message, message_len)?;
        let signature = fixed::<64>(signature, signature_len)?;
        let valid = api256::schnorr_verify(&public, augmenting.as_ref(), message, signature);
        write_u32(is_valid_out, valid as u32)
    })
}
