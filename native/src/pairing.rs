//! The optimal ate pairing of spec section 2, with exactly recrypt's value:
//!
//!   e(P, Q) = f^((p^12 - 1)/r),  f = f_{6t+2,Q}(P) * l_{T,Q1}(P) * l_{T+Q1,-Q2}(P)
//!
//! for P on E(F_p) and Q on the twist E'(F_p2), untwisted by psi(x', y') = (x' w^2, y' w^3).
//!
//! Lines are evaluated in projective coordinates in the form of spec 2.2; their F_p2 denominators
//! (and every other factor in a proper subfield) are dropped, because the final exponent is a
//! multiple of p^6 - 1 and sends them to 1. The loop digits and exponent chains are public
//! constants, so the sequence of field operations is the same for every input.
//!
//! The code is the same for both curves (spec A.1: "same pairing definition"); the curve `C`
//! supplies the loop digits of its 6t+2 and the addition chain of its x.

use crate::curve::{G1Affine, G2Affine, G2};
use crate::field::tower::{Fp12, Fp2};
use crate::params::Bn;

/// A line before evaluation at P: the value is c0*y_P + c1*x_P*w + c2*v*w (spec 2.2 with
/// c0 = Z*D, c1 = -Z*N, c2 = X*N - Y*D). It depends only on the twist point, so the lines of a
/// fixed Q can be computed once.
struct LineCoeffs<C: Bn>(Fp2<C>, Fp2<C>, Fp2<C>);

/// Line with slope N/D through the twist point (X:Y:Z).
fn line<C: Bn>(r: &G2<C>, n: &Fp2<C>, d: &Fp2<C>) -> LineCoeffs<C> {
    LineCoeffs(r.z * *d, -(r.z * *n), r.x * *n - r.y * *d)
}

/// The tangent at R: N = 3X^2, D = 2YZ.
fn doubling_line<C: Bn>(r: &G2<C>) -> LineCoeffs<C> {
    let x2 = r.x.square();
    line(r, &(x2.double() + x2), &(r.y * r.z).double())
}

/// The line through Q (affine) and R: N = Y_R - y_Q Z_R, D = X_R - x_Q Z_R, taken through Q.
fn addition_line<C: Bn>(r: &G2<C>, q: &G2Affine<C>) -> LineCoeffs<C> {
    line(&q.to_projective(), &(r.y - q.y * r.z), &(r.x - q.x * r.z))
}

/// The lines of the Miller loop for a twist point Q, in the order they are multiplied in.
pub struct PreparedG2<C: Bn> {
    lines: Vec<LineCoeffs<C>>,
}

impl<C: Bn> PreparedG2<C> {
    /// Runs the twist side of the Miller loop of spec 2.3 (R <- 2R, R <- R +- Q, then the two
    /// Frobenius correction lines), recording each line.
    pub fn new(q: &G2Affine<C>) -> Self {
        let q_neg = q.neg();
        let mut lines = Vec::with_capacity(2 * C::LOOP_DIGITS.len() + 2);
        let mut r = q.to_projective();
        for &digit in C::LOOP_DIGITS.iter() {
            lines.push(doubling_line(&r));
            r = r.double();
            let addend = match digit {
                1 => q,
                -1 => &q_neg,
                _ => continue,
            };
            lines.push(addition_line(&r, addend));
            r = r.add(&addend.to_projective());
        }
        let q1 = q.frobenius();
        let q2 = q1.frobenius();
        lines.push(addition_line(&r, &q1));
        r = r.add(&q1.to_projective());
        lines.push(addition_line(&r, &q2.neg()));
        PreparedG2 { lines }
    }
}

/// The Miller loop value f (before the final exponentiation) for prepared lines.
pub fn miller_loop_prepared<C: Bn>(p: &G1Affine<C>, q: &PreparedG2<C>) -> Fp12<C> {
    let mut lines = q.lines.iter();
    let mut f = Fp12::ONE;
    let mut mul_next = |f: &Fp12<C>| {
        let l = lines.next().expect("one line per step");
        f.mul_by_line(&l.0.mul_fp(&p.y), &l.1.mul_fp(&p.x), &l.2)
    };
    for &digit in C::LOOP_DIGITS.iter() {
        f = mul_next(&f.square());
        if digit != 0 {
            f = mul_next(&f);
        }
    }
    f = mul_next(&f);
    mul_next(&f)
}

/// The Miller loop value f (before the final exponentiation).
pub fn miller_loop<C: Bn>(p: &G1Affine<C>, q: &G2Affine<C>) -> Fp12<C> {
    miller_loop_prepared(p, &PreparedG2::new(q))
}

/// y^x for the unitary y, by the curve's chain (spec 2.4: x = 2^21 - 2^18 + 2^15 + 2^8 + 1 for
/// Api256; A.1 for Api480).
fn pow_x<C: Bn>(y: &Fp12<C>) -> Fp12<C> {
    let mut acc = *y;
    let mut sq = *y;
    let mut done = 0;
    for &(bits, negate) in C::X_CHAIN {
        while done < bits {
            sq = sq.cyclotomic_square();
            done += 1;
        }
        acc *= if negate { sq.conjugate() } else { sq };
    }
    acc
}

/// f^((p^12 - 1)/r): the easy part (p^6 - 1)(p^2 + 1), then Devegili-Scott-Dahab's hard part
/// (p^4 - p^2 + 1)/r written in x (spec 2.4 steps 1-7; the exponent is exactly the one recrypt uses).
pub fn final_exponentiation<C: Bn>(f: &Fp12<C>) -> Fp12<C> {
    let f = f.conjugate() * f.invert();
    let f = f.frobenius_n(2) * f;

    let fbar = f.conjugate();
    let mut g = fbar.cyclotomic_square();
    g = g.cyclotomic_square() * g;
    g = pow_x(&pow_x(&pow_x(&g)));
    let fbar2 = fbar.cyclotomic_square();
    let fbar5 = fbar2.cyclotomic_square() * fbar;
    let a = g * fbar5;
    let b = a.frobenius() * a;
    let g1 = f.frobenius();
    let g2 = g1.frobenius();
    let g3 = g2.frobenius();
    let g4 = b * g1.cyclotomic_square() * g2;
    let g4sq = g4.cyclotomic_square();
    let mut g5 = g4sq.cyclotomic_square() * g4sq;
    for _ in 0..6 {
        g5 = pow_x(&g5);
    }
    let g6 = g1 * f;
    let g6_2 = g6.cyclotomic_square();
    let g6_8 = g6_2.cyclotomic_square().cyclotomic_square();
    let g6_9 = g6_8 * g6;
    let f2 = f.cyclotomic_square();
    let f4 = f2.cyclotomic_square();
    g3 * g5 * g4 * b * g6_9 * a * f4
}

/// e(P, Q) with P != O (the caller rejects the identity, spec 2.1).
pub fn pairing<C: Bn>(p: &G1Affine<C>, q: &G2Affine<C>) -> Fp12<C> {
    final_exponentiation(&miller_loop(p, q))
}

/// e(P, G_Q), with the lines of G_Q computed once.
pub fn pairing_with_g2_generator<C: Bn>(p: &G1Affine<C>) -> Fp12<C> {
    final_exponentiation(&miller_loop_prepared(p, C::g2_generator_lines()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::{G1_GENERATOR, G2_GENERATOR};

    /// An element of the cyclotomic subgroup: the easy part of the final exponentiation applied
    /// to a Miller loop value.
    fn unitary() -> crate::field::Fp12 {
        let f = miller_loop(&G1_GENERATOR, &G2_GENERATOR);
        let f = f.conjugate() * f.invert();
        f.frobenius_n(2) * f
    }

    #[test]
    fn cyclotomic_squaring_equals_squaring_on_the_cyclotomic_subgroup() {
        let f = unitary();
        assert_eq!(f.cyclotomic_square(), f.square());
        assert_eq!(
            f.cyclotomic_square().cyclotomic_square(),
            f.square().square()
        );
    }

    #[test]
    fn prepared_lines_for_the_generator_give_the_same_pairing() {
        let p = crate::curve::G1Affine::new(
            crate::field::Fp::from_u64(1),
            crate::field::Fp::from_u64(2),
        )
        .unwrap();
        assert_eq!(
            pairing_with_g2_generator(&p),
            pairing(&G1_GENERATOR, &G2_GENERATOR)
        );
    }
}
