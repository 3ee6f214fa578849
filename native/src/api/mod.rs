//! recrypt's Transform Encryption scheme (spec sections 3-5) on its two curves.
//!
//! * [`common`]: the scheme, written once over a [`common::Curve`] type parameter;
//! * [`signing`]: Ed25519 and SHA-256, identical on both curves;
//! * [`api256`]: recrypt's `Recrypt` (Api256), the 256-bit BN curve;
//! * [`api480`]: recrypt's `Recrypt480` (Api480, spec Appendix A), the 480-bit BN curve, for keys
//!   that must stay safe for decades (256-bit BN curves give well under 128-bit security since the
//!   exTNFS attacks on pairing fields).
//!
//! The two curves' values are distinct types (`api256::PublicKey` is `PublicKey<Bn256>`,
//! `api480::PublicKey` is `PublicKey<Bn480>`), so a value of one can never reach the other.

pub mod api256;
pub mod api480;
pub mod common;
pub mod signing;
