//! Field arithmetic: the prime fields F_p and F_r and the F_p12 tower over F_p.

pub mod fp;
pub mod tower;

pub use fp::{Fp, Fr};
pub use tower::{Fp12, Fp2, Fp6};

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

impl Field for Fp {
    const ZERO: Self = Fp::ZERO;
    const ONE: Self = Fp::ONE;
    fn square(&self) -> Self {
        Fp::square(self)
    }
    fn double(&self) -> Self {
        Fp::double(self)
    }
    fn invert(&self) -> Self {
        Fp::invert(self)
    }
    fn is_zero(&self) -> Choice {
        Fp::is_zero(self)
    }
}

impl Field for Fp2 {
    const ZERO: Self = Fp2::ZERO;
    const ONE: Self = Fp2::ONE;
    fn square(&self) -> Self {
        Fp2::square(self)
    }
    fn double(&self) -> Self {
        Fp2::double(self)
    }
    fn invert(&self) -> Self {
        Fp2::invert(self)
    }
    fn is_zero(&self) -> Choice {
        Fp2::is_zero(self)
    }
}
