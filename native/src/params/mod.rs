//! The parameter sets of recrypt's two BN curves: [`bn256::Bn256`] (Api256, spec section 1) and
//! [`bn480::Bn480`] (Api480, spec Appendix A).
//!
//! Both curves are y^2 = x^3 + 3 over F_p with G_P = (1, 2), the same tower (u^2 = -1, xi = u + 3,
//! w^2 = v), the same D-type twist b' = 3/(u+3) and the same pairing definition; they differ in
//! the BN parameter x (and so p, r, the Miller-loop digits and the x-power chain), the twist
//! points G_Q and H, and the Frobenius constants. Everything generic in the crate (the fields,
//! the tower, the curves, the pairing, the scheme) takes one of these as its type parameter.
//!
//! Each set is checked when the crate compiles: p and r are the BN polynomials in t = x^3, the
//! loop digits evaluate to 6t + 2, the x-power chain to x, b' * xi = 3, 3b' = 9/xi, the Frobenius
//! constants are consistent powers of one another with gamma_w^6 = xi^(p-1), and G_P, G_Q and H
//! lie on their curves. The remaining facts (gamma_w is exactly xi^((p-1)/6), G_Q and H have order
//! r) need full exponentiations and are unit tests.

pub mod bn256;
pub mod bn480;
pub(crate) mod checks;

use crate::curve::{Affine, FixedBase, G1Params, G2Params};
use crate::field::fp::{ByteArray, PrimeField};
use crate::field::tower::Fp2;
use crate::pairing::PreparedG2;

pub use bn256::Bn256;
pub use bn480::Bn480;

/// A BN curve of recrypt's family: its fields, encodings, points and pairing constants.
pub trait Bn:
    'static + Copy + Clone + Default + Eq + PartialEq + core::fmt::Debug + Send + Sync
{
    /// The base field F_p.
    type Fp: PrimeField;
    /// The scalar field F_r (the order of G_P); same limbs and encoding length as F_p.
    type Fr: PrimeField<
        Bytes = <Self::Fp as PrimeField>::Bytes,
        Limbs = <Self::Fp as PrimeField>::Limbs,
    >;
    /// An encoded point of E: x || y (also a Schnorr signature r || s): 2 field elements.
    type G1Bytes: ByteArray;
    /// An encoded twist point: x || y with F_p2 coordinates: 4 field elements.
    type G2Bytes: ByteArray;
    /// An encoded F_p12 element: 12 field elements.
    type Fp12Bytes: ByteArray;

    /// Short name for messages: "Api256" or "Api480".
    const NAME: &'static str;
    /// b = 3 and 3b = 9 of E.
    const CURVE_B: Self::Fp;
    const CURVE_B3: Self::Fp;
    /// b' = 3/(u+3) and 3b' of the twist E'.
    const TWIST_B: Fp2<Self>;
    const TWIST_B3: Fp2<Self>;
    /// gamma_v = xi^((p-1)/3), gamma_v^2, gamma_w = xi^((p-1)/6), gamma_y = xi^((p-1)/2).
    const GAMMA_V: Fp2<Self>;
    const GAMMA_V2: Fp2<Self>;
    const GAMMA_W: Fp2<Self>;
    const GAMMA_Y: Fp2<Self>;
    /// G_P = (1, 2), recrypt's `generator`.
    const G1_GENERATOR: Affine<G1Params<Self>>;
    /// G_Q, recrypt's `g1`: the twist point used as the pairing's second argument.
    const G2_GENERATOR: Affine<G2Params<Self>>;
    /// H, recrypt's `hash_element`, the base of hash2.
    const HASH_ELEMENT: Affine<G2Params<Self>>;
    /// The NAF digits of 6t + 2 below its leading 1, most significant first.
    const LOOP_DIGITS: &'static [i8];
    /// y^x for unitary y as y * prod(y^(2^k) or its conjugate): the (k, negative) terms, k rising.
    const X_CHAIN: &'static [(u32, bool)];

    /// Precomputed multiples of G_P, G_Q and H, and the Miller-loop lines of G_Q, built on first use.
    fn g1_generator_table() -> &'static FixedBase<G1Params<Self>>;
    fn g2_generator_table() -> &'static FixedBase<G2Params<Self>>;
    fn hash_element_table() -> &'static FixedBase<G2Params<Self>>;
    fn g2_generator_lines() -> &'static PreparedG2<Self>;
}

/// The encoding of one F_p element (and of a private key) of the curve `C`.
pub type FieldBytes<C> = <<C as Bn>::Fp as PrimeField>::Bytes;
/// The limbs of an integer below 2^BITS of the curve `C` (a scalar).
pub type ScalarLimbs<C> = <<C as Bn>::Fp as PrimeField>::Limbs;

/// The lazily built tables of [`Bn`] for a concrete curve type (statics cannot be generic).
macro_rules! bn_tables {
    ($curve:ty) => {
        fn g1_generator_table() -> &'static $crate::curve::FixedBase<$crate::curve::G1Params<$curve>> {
            static TABLE: std::sync::OnceLock<$crate::curve::FixedBase<$crate::curve::G1Params<$curve>>> =
                std::sync::OnceLock::new();
            TABLE.get_or_init(|| $crate::curve::FixedBase::new(&<$curve as $crate::params::Bn>::G1_GENERATOR))
        }
        fn g2_generator_table() -> &'static $crate::curve::FixedBase<$crate::curve::G2Params<$curve>> {
            static TABLE: std::sync::OnceLock<$crate::curve::FixedBase<$crate::curve::G2Params<$curve>>> =
                std::sync::OnceLock::new();
            TABLE.get_or_init(|| $crate::curve::FixedBase::new(&<$curve as $crate::params::Bn>::G2_GENERATOR))
        }
        fn hash_element_table() -> &'static $crate::curve::FixedBase<$crate::curve::G2Params<$curve>> {
            static TABLE: std::sync::OnceLock<$crate::curve::FixedBase<$crate::curve::G2Params<$curve>>> =
                std::sync::OnceLock::new();
            TABLE.get_or_init(|| $crate::curve::FixedBase::new(&<$curve as $crate::params::Bn>::HASH_ELEMENT))
        }
        fn g2_generator_lines() -> &'static $crate::pairing::PreparedG2<$curve> {
            static LINES: std::sync::OnceLock<$crate::pairing::PreparedG2<$curve>> =
                std::sync::OnceLock::new();
            LINES.get_or_init(|| $crate::pairing::PreparedG2::new(&<$curve as $crate::params::Bn>::G2_GENERATOR))
        }
    };
}
pub(crate) use bn_tables;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::CurveParams;
    use crate::field::Field;

    /// (m - 1) / d for limbs m (d divides m - 1).
    fn minus_one_div(m: &[u64], d: u64) -> Vec<u64> {
        let mut v = m.to_vec();
        v[0] -= 1; // m is odd
        let mut rem = 0u128;
        for limb in v.iter_mut().rev() {
            let cur = (rem << 64) | *limb as u128;
            *limb = (cur / d as u128) as u64;
            rem = cur % d as u128;
        }
        assert_eq!(rem, 0);
        v
    }

    fn pow<C: Bn>(x: Fp2<C>, e: &[u64]) -> Fp2<C> {
        let mut acc = Fp2::<C>::ONE;
        for limb in e.iter().rev() {
            for bit in (0..64).rev() {
                acc = acc.square();
                if (limb >> bit) & 1 == 1 {
                    acc *= x;
                }
            }
        }
        acc
    }

    /// The facts the compile-time checks leave open: gamma_w is exactly xi^((p-1)/6) (not another
    /// sixth root of xi^(p-1)), and G_Q and H lie in the subgroup of order r.
    fn check_curve<C: Bn>() {
        let xi = Fp2::<C> {
            a: <C::Fp as Field>::ONE.double() + <C::Fp as Field>::ONE,
            b: <C::Fp as Field>::ONE,
        };
        let p = <C::Fp as PrimeField>::MODULUS_LIMBS;
        assert_eq!(
            pow(xi, &minus_one_div(p.as_ref(), 6)),
            C::GAMMA_W,
            "{} gamma_w",
            C::NAME
        );
        assert_eq!(
            pow(xi, &minus_one_div(p.as_ref(), 3)),
            C::GAMMA_V,
            "{} gamma_v",
            C::NAME
        );
        assert_eq!(
            pow(xi, &minus_one_div(p.as_ref(), 2)),
            C::GAMMA_Y,
            "{} gamma_y",
            C::NAME
        );
        let r = <C::Fr as PrimeField>::MODULUS_LIMBS;
        for point in [C::G2_GENERATOR, C::HASH_ELEMENT] {
            assert!(bool::from(
                point.to_projective().mul_limbs(r.as_ref()).is_identity()
            ));
        }
        let g = C::G1_GENERATOR.to_projective();
        assert!(bool::from(g.mul_limbs(r.as_ref()).is_identity()));
        assert_eq!(<G1Params<C> as CurveParams>::SCALAR_BITS % 8, 0);
    }

    #[test]
    fn bn256_constants() {
        check_curve::<Bn256>();
    }

    #[test]
    fn bn480_constants() {
        check_curve::<Bn480>();
    }
}
