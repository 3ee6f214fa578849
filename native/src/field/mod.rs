//! Field arithmetic: prime fields in Montgomery form ([`fp`]) and the F_p12 tower over a BN
//! curve's base field ([`tower`]), generic over the limb count and the curve's parameter set.
//!
//! The unqualified names [`Fp`], [`Fr`], [`Fp2`], [`Fp6`] and [`Fp12`] are the Api256 fields;
//! the Api480 ones are in [`crate::params::bn480`].

pub mod fp;
pub mod tower;

pub use crate::params::bn256::{Fp, Fp12, Fp2, Fp6, Fr};
pub use fp::{ByteArray, PrimeField};

use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

/// What the curve code needs from a coordinate field (F_p for E, F_p2 for the twist E').
pub trait Field:
    Copy
    + Default
    + ConditionallySelectable
    + ConstantTimeEq
    + core::ops::Add<Output = Self>
    + core::ops::Sub<Output = Self>
    + core::ops::Mul<Output = Self>
    + core::ops::Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    fn square(&self) -> Self;
    fn double(&self) -> Self;
    fn invert(&self) -> Self;
    fn is_zero(&self) -> Choice;
}
