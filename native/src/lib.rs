//! # recrypt-ffi
//!
//! A clean-room implementation of IronCore Labs' recrypt "Transform Encryption" (multi-hop proxy
//! re-encryption on Barreto-Naehrig curves: the 256-bit Api256 and the 480-bit Api480),
//! byte-compatible with IronCore's recrypt (checked against vectors recorded from their npm build
//! 0.7.1 for Api256 and from recrypt 0.15.0 for Api480), behind a C ABI.
//!
//! Layers, bottom up (everything up to the scheme is generic over the curve):
//! * [`params`]: the two curves' parameter sets, derived and checked at compile time;
//! * [`field`]: prime fields in Montgomery form on 4 or 8 limbs, and the F_p2 / F_p6 / F_p12 tower;
//! * [`curve`]: the curve E over F_p and its twist E' over F_p2;
//! * [`pairing`]: the optimal ate pairing with recrypt's exact value;
//! * [`api`]: the scheme (keys, encryption, transform keys, transforms, signatures), once, and
//!   its two instances [`api256`] and [`api480`];
//! * [`encoding`]: the canonical versioned byte encodings used at the boundary;
//! * [`ffi`]: the C ABI (`include/recrypt_ffi.h` is generated from it by cbindgen);
//! * [`insecure_seeded`]: the deterministic context for tests, a C export only with the cargo
//!   feature `insecure-seeded`.
//!
//! The C ABI contract is documented at the top of [`ffi`]. Secrets are handled in constant time
//! and zeroed when dropped; nothing in this crate logs.

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc, clippy::too_many_arguments)]

pub mod api;
pub mod curve;
pub mod ed25519_point;
pub mod encoding;
pub mod ffi;
pub mod field;
pub mod insecure_seeded;
pub mod pairing;
pub mod params;
pub mod rng;

pub use api::{api256, api480};
