//! The deterministic context, for tests only.
//!
//! [`recrypt_context_new_insecure_seeded`] replays the random stream of IronCore's npm build from a
//! seed, so tests can reproduce its outputs byte for byte. Anyone who knows the seed knows every key,
//! plaintext and Schnorr nonce such a context draws: two processes with the same seed sign with the
//! same nonces, which gives away the private key. So the function is a C export only in a build with
//! the cargo feature `insecure-seeded` (off by default); the library that ships (the NuGet package,
//! the service, the CLI) does not export it, and it is not in `include/recrypt_ffi.h` (this module is
//! outside `src/ffi/`, which the header and the C# bindings are generated from). Rust tests call it
//! as a plain Rust function in every build.

use crate::ffi::{boundary, fixed, recrypt_context, recrypt_status, store_context, Randomness};
use crate::rng::CompatibleRng;
use std::sync::Mutex;

/// Seed of an insecure, deterministic context: 32 bytes.
pub const RECRYPT_SEED_LEN: usize = 32;

/// NOT FOR PRODUCTION. Creates a deterministic context whose random bytes are the ChaCha20
/// keystream of `seed` (32 bytes), exactly as IronCore's npm build 0.7.1 draws them from a seeded
/// instance. Calls on it are serialized. Exported only with the cargo feature `insecure-seeded`.
#[cfg_attr(feature = "insecure-seeded", no_mangle)]
pub unsafe extern "C" fn recrypt_context_new_insecure_seeded(
    seed: *const u8,
    seed_len: usize,
    context_out: *mut *mut recrypt_context,
) -> recrypt_status {
    boundary(|| {
        let seed = *fixed::<RECRYPT_SEED_LEN>(seed, seed_len)?;
        store_context(
            context_out,
            Randomness::Compatible(Box::new(Mutex::new(CompatibleRng::from_seed(seed)))),
        )
    })
}
