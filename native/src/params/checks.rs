//! Compile-time arithmetic that derives and checks the curve constants of [`super::Bn`]
//! implementations: the BN polynomials, the loop digits, the x-power chain, and the algebraic
//! relations between the twist and Frobenius constants. Everything here runs in `const`
//! evaluation; a constant that does not satisfy its relation stops the build.

use super::Bn;
use crate::curve::Affine;
use crate::field::fp::{Fe, Limbs, Modulus};
use crate::field::tower::consts::{self as fp2, Pair};

const fn from_u128<const N: usize>(v: u128) -> Limbs<N> {
    let mut out = [0u64; N];
    out[0] = v as u64;
    out[1] = (v >> 64) as u64;
    out
}

/// a * b, which must fit N limbs.
const fn mul<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
    let mut wide = [0u64; 32];
    assert!(2 * N <= 32);
    let mut i = 0;
    while i < N {
        let mut carry = 0u128;
        let mut j = 0;
        while j < N {
            let t = wide[i + j] as u128 + (a[i] as u128) * (b[j] as u128) + carry;
            wide[i + j] = t as u64;
            carry = t >> 64;
            j += 1;
        }
        wide[i + N] = carry as u64;
        i += 1;
    }
    let mut out = [0u64; N];
    let mut k = 0;
    while k < 2 * N {
        if k < N {
            out[k] = wide[k];
        } else {
            assert!(wide[k] == 0, "product overflows the limbs");
        }
        k += 1;
    }
    out
}

/// a + s, which must fit N limbs.
const fn add_small<const N: usize>(a: &Limbs<N>, s: u64) -> Limbs<N> {
    let mut out = *a;
    let mut carry = s;
    let mut i = 0;
    while i < N {
        let (v, c) = out[i].overflowing_add(carry);
        out[i] = v;
        carry = c as u64;
        i += 1;
    }
    assert!(carry == 0, "sum overflows the limbs");
    out
}

/// t = x^3 (x < 2^42, so t fits 128 bits).
pub(crate) const fn bn_t(x: u64) -> u128 {
    let x = x as u128;
    x * x * x
}

/// 36t^4 + 36t^3 + c t^2 + 6t + 1 with t = x^3: p for c = 24, r for c = 18 (spec 1.1).
pub(crate) const fn bn_polynomial<const N: usize>(x: u64, c: u64) -> Limbs<N> {
    let t = from_u128::<N>(bn_t(x));
    let mut acc = from_u128::<N>(36);
    acc = add_small(&mul(&acc, &t), 36);
    acc = add_small(&mul(&acc, &t), c);
    acc = add_small(&mul(&acc, &t), 6);
    add_small(&mul(&acc, &t), 1)
}

pub(crate) const fn limbs_eq<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> bool {
    let mut i = 0;
    while i < N {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The value of a signed-digit list below a leading 1, most significant first.
const fn digits_value(digits: &[i8]) -> i128 {
    let mut acc: i128 = 1;
    let mut i = 0;
    while i < digits.len() {
        acc = 2 * acc + digits[i] as i128;
        i += 1;
    }
    acc
}

/// The value of an x-power chain: 1 + sum of +-2^k.
const fn chain_value(chain: &[(u32, bool)]) -> i128 {
    let mut acc: i128 = 1;
    let mut i = 0;
    while i < chain.len() {
        let (k, negative) = chain[i];
        acc += if negative { -(1i128 << k) } else { 1i128 << k };
        i += 1;
    }
    acc
}

const fn fp<M: Modulus<N>, const N: usize>(v: u64) -> Fe<M, N> {
    Fe::from_u64(v)
}

const fn on_curve<M: Modulus<N>, const N: usize>(x: &Fe<M, N>, y: &Fe<M, N>, b: &Fe<M, N>) -> bool {
    y.const_mul(y)
        .const_eq(&x.const_mul(x).const_mul(x).const_add(b))
}

const fn on_twist<M: Modulus<N>, const N: usize>(
    x: &Pair<M, N>,
    y: &Pair<M, N>,
    b: &Pair<M, N>,
) -> bool {
    let x3 = fp2::mul(&fp2::mul(x, x), x);
    fp2::eq(
        &fp2::mul(y, y),
        &(x3.0.const_add(&b.0), x3.1.const_add(&b.1)),
    )
}

/// Checks every constant of the curve `C` that a few multiplications can check (see the module
/// documentation of [`super`]); `x` is the BN parameter. Panics (at compile time) on a mismatch.
pub(crate) const fn check<C: Bn<Fp = Fe<P, N>>, P: Modulus<N>, R: Modulus<N>, const N: usize>(
    x: u64,
) {
    assert!(
        limbs_eq(&P::MODULUS, &bn_polynomial::<N>(x, 24)),
        "p is not the BN prime of x"
    );
    assert!(
        limbs_eq(&R::MODULUS, &bn_polynomial::<N>(x, 18)),
        "r is not the BN order of x"
    );
    let six_t_plus_2 = 6 * bn_t(x) as i128 + 2;
    assert!(
        digits_value(C::LOOP_DIGITS) == six_t_plus_2,
        "loop digits are not 6t+2"
    );
    assert!(
        chain_value(C::X_CHAIN) == x as i128,
        "the x-power chain is not x"
    );

    let three = fp::<P, N>(3);
    assert!(C::CURVE_B.const_eq(&three), "b = 3");
    assert!(C::CURVE_B3.const_eq(&fp::<P, N>(9)), "3b = 9");

    let zero = Fe::<P, N>::ZERO;
    let xi: Pair<P, N> = (three, fp::<P, N>(1));
    let b = fp2::pair(&C::TWIST_B);
    assert!(fp2::eq(&fp2::mul(&b, &xi), &(three, zero)), "b' * xi = 3");
    assert!(
        fp2::eq(&fp2::pair(&C::TWIST_B3), &fp2::mul(&b, &(three, zero))),
        "3b' = 3 * b'"
    );

    let gw = fp2::pair(&C::GAMMA_W);
    let gv = fp2::mul(&gw, &gw);
    assert!(fp2::eq(&fp2::pair(&C::GAMMA_V), &gv), "gamma_v = gamma_w^2");
    assert!(
        fp2::eq(&fp2::pair(&C::GAMMA_V2), &fp2::mul(&gv, &gv)),
        "gamma_v2 = gamma_v^2"
    );
    let gy = fp2::mul(&gv, &gw);
    assert!(fp2::eq(&fp2::pair(&C::GAMMA_Y), &gy), "gamma_y = gamma_w^3");
    // gamma_w^6 = xi^(p-1) = conj(xi) / xi.
    let gw6 = fp2::mul(&gy, &gy);
    assert!(
        fp2::eq(&fp2::mul(&gw6, &xi), &fp2::conjugate(&xi)),
        "gamma_w^6 = xi^(p-1)"
    );

    let g: Affine<crate::curve::G1Params<C>> = C::G1_GENERATOR;
    assert!(
        g.x.const_eq(&fp::<P, N>(1)) && g.y.const_eq(&fp::<P, N>(2)),
        "G_P = (1, 2)"
    );
    assert!(on_curve(&g.x, &g.y, &three), "G_P on E");
    let q = C::G2_GENERATOR;
    assert!(
        on_twist(&fp2::pair(&q.x), &fp2::pair(&q.y), &b),
        "G_Q on E'"
    );
    let h = C::HASH_ELEMENT;
    assert!(on_twist(&fp2::pair(&h.x), &fp2::pair(&h.y), &b), "H on E'");
}
